/**
 * The sync wire protocol between a device and the central server (docs/ARCHITECTURE.md: Sync): RxDB's
 * replication protocol over HTTP, plus practice registration, device enrolment and revocation.
 * Shared by the server (which validates with these schemas) and the device's replication client.
 *
 * The server sees sealed documents only: id, rev, updatedAt, _deleted and one `sealed` envelope it
 * cannot open, which states the payload version and seals the record's query fields (foreign keys,
 * kinds, statuses, dates). The device restores those fields on arrival (docs/ARCHITECTURE.md: Wire).
 */
import { z } from 'zod';
import { appVersionSchema } from './app-version';

export const PROTOCOL_VERSION = 'v1';
export const API_PREFIX = `/${PROTOCOL_VERSION}`;

/** Collections that replicate. Local documents (keyring, drafts) never leave the device. */
export const SYNC_COLLECTIONS = ['settings', 'staff', 'clients', 'episodes', 'programs', 'sessions', 'notes', 'privateNotes', 'plans', 'audit', 'conflicts'] as const;
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];
export const syncCollectionSchema = z.enum(SYNC_COLLECTIONS);

export const LIMITS = {
  /** Documents per push request. */
  pushBatch: 200,
  /** Documents per pull response (release 0.1.0 asks for 500; a server before 0.2.0 allows no more). */
  pullBatch: 1000,
  /** One key-epoch relay (a boxed key, a link and a proof: about 1 KB), and relays in one epoch (one per device). */
  relayChars: 8000,
  relaysPerEpoch: 1000,
  /** One sealed envelope (matches the RxDB schema's maxLength). */
  sealedChars: 2_000_000,
  /** A whole request body. */
  bodyBytes: 16 * 1024 * 1024,
  /** Plaintext metadata fields per document besides the fixed ones. */
  metadataFields: 12,
  /** A plaintext metadata string value: ids (composite ones run past 100 characters), enums, ISO dates. */
  metadataChars: 200,
  /** A document id (matches the app's schemas). */
  idChars: 200,
  /** The longest an enrolment may stay redeemable (its `expiresAt` at most this far ahead). */
  enrolmentLifetimeMs: 7 * 24 * 60 * 60 * 1000,
} as const;

/** PostgreSQL cannot store NUL or unpaired UTF-16 surrogates: text the server keeps has neither. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string): boolean => !text.includes('\u0000') && !loneSurrogate.test(text);
const STORABLE = 'text may not contain NUL characters or unpaired surrogates';

const idPattern = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${LIMITS.idChars - 1}}$`);
export const documentIdSchema = z.string().regex(idPattern, `an id is 1–${LIMITS.idChars} letters, digits, - or _`);

/**
 * A record envelope, base64url parts: `w3.A256GCM.<keyId>.<payload version>.<iv>.<ciphertext>`
 * (and `w2`, written before w3), or `w1.A256GCM.<keyId>.<iv>.<ciphertext>` as release 0.1.0
 * sealed (payload version 1). The payload version travels in clear inside it
 * (src/shared/crypto/envelope.ts); the server checks shape, never content.
 */
const sealedPattern = /^(w1\.|w[23]\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[1-9][0-9]{0,5}\.)[A-Za-z0-9_.-]+$/;
const sealedSchema = z.string().max(LIMITS.sealedChars).regex(sealedPattern, 'sealed must be a w1, w2 or w3 envelope');

const metadataKey = /^[a-z][A-Za-z0-9]{0,31}$/;
const FIXED = new Set(['id', 'rev', 'updatedAt', 'sealed', '_deleted']);

/**
 * A sealed document as it travels. Besides the fixed fields it may carry a few plaintext metadata
 * fields (short strings: ids, enums, dates): release 0.1.0 sent its query fields so, and backups
 * and transfer files (sealed as a whole) still carry them. Anything longer or nested is refused, so
 * free text cannot travel outside the envelope by mistake. The server keeps none of them
 * (`wireDocument`).
 */
export const syncDocumentSchema = z
  .object({
    id: documentIdSchema,
    rev: z.number().int().min(1).max(1_000_000_000),
    updatedAt: z.number().int().min(0).max(8_640_000_000_000_000),
    sealed: sealedSchema,
    _deleted: z.boolean(),
  })
  .catchall(z.union([z.string().max(LIMITS.metadataChars).refine(storable, STORABLE), z.number().finite(), z.boolean()]))
  .superRefine((doc, ctx) => {
    const extra = Object.keys(doc).filter((k) => !FIXED.has(k));
    if (extra.length > LIMITS.metadataFields) ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.metadataFields} metadata fields` });
    for (const key of extra) {
      if (!metadataKey.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'metadata field names are short camelCase words' });
    }
  });
export type SyncDocument = z.infer<typeof syncDocumentSchema>;

const isMetadataValue = (value: unknown): boolean =>
  typeof value === 'string' ? value.length <= LIMITS.metadataChars && storable(value) : typeof value === 'number' ? Number.isFinite(value) : typeof value === 'boolean';

/** The schema's rules written out as plain checks, for a plain object: true only where the schema accepts too. */
function plainlySyncDocument(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const proto = Object.getPrototypeOf(doc) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const { id, rev, updatedAt, sealed, _deleted: deleted } = doc as Record<string, unknown>;
  if (typeof id !== 'string' || !idPattern.test(id)) return false;
  if (!Number.isSafeInteger(rev) || (rev as number) < 1 || (rev as number) > 1_000_000_000) return false;
  if (!Number.isSafeInteger(updatedAt) || (updatedAt as number) < 0 || (updatedAt as number) > 8_640_000_000_000_000) return false;
  if (typeof sealed !== 'string' || sealed.length > LIMITS.sealedChars || !sealedPattern.test(sealed)) return false;
  if (typeof deleted !== 'boolean') return false;
  let extra = 0;
  for (const key of Object.keys(doc)) {
    if (FIXED.has(key)) continue;
    if (++extra > LIMITS.metadataFields || !metadataKey.test(key) || !isMetadataValue((doc as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * `syncDocumentSchema.safeParse(doc).success`, for checking many documents (every one a backup
 * writes or reads): zod's parser, without eval under the CSP, costs tens of microseconds a
 * document. The plain checks accept a subset of what the schema accepts; whatever they do not
 * accept is put to the schema, so both give the same answer on every input.
 */
export function isSyncDocument(doc: unknown): doc is SyncDocument {
  return plainlySyncDocument(doc) || syncDocumentSchema.safeParse(doc).success;
}

/** A document as the server stores and serves it, and as a device sends it: routing fields and the envelope, nothing else. */
export type WireDocument = { id: string; rev: number; updatedAt: number; sealed: string; _deleted: boolean };

/** The wire form of a document: any other field (a query field, RxDB's bookkeeping) is dropped. */
export function wireDocument(doc: { id: string; rev: number; updatedAt: number; sealed: string; _deleted?: boolean }): WireDocument {
  return { id: doc.id, rev: doc.rev, updatedAt: doc.updatedAt, sealed: doc.sealed, _deleted: doc._deleted === true };
}

/** Server-assigned sequence: clinic laptop clocks drift, so checkpoints never use them. */
export const checkpointSchema = z.object({ seq: z.number().int().min(0) });
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** GET {API_PREFIX}/sync/:collection/pull?seq=N&limit=M */
export const pullQuerySchema = z.object({
  seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.pullBatch).default(LIMITS.pullBatch),
  /** `false`: leave `remaining` out (a device walking many pages counts down from the first page's). Absent: counted, as release 0.1.0 expects. */
  count: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
});
export const pullResponseSchema = z.object({
  documents: z.array(syncDocumentSchema),
  checkpoint: checkpointSchema,
  /** Documents after this batch, so a device can show its progress (documents / total). */
  remaining: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** POST {API_PREFIX}/sync/:collection/push: RxDB's write rows; the answer lists conflicts (the server's current state). */
export const pushRowSchema = z.object({
  assumedMasterState: syncDocumentSchema.nullable().optional(),
  newDocumentState: syncDocumentSchema,
});
export const pushRequestSchema = z.array(pushRowSchema).min(1).max(LIMITS.pushBatch);
export type PushRow = z.infer<typeof pushRowSchema>;
export const pushResponseSchema = z.object({
  conflicts: z.array(syncDocumentSchema),
  /**
   * Ids among the conflicts whose pushed version the server accepted earlier (a push whose answer
   * was lost, retried): its version in `conflicts` was made from that one, since the server keeps
   * a record's versions in one line. Absent when none; release 0.1.0 ignores it.
   */
  superseded: z.array(documentIdSchema).max(LIMITS.pushBatch).optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * POST {API_PREFIX}/sync/:collection/fetch: the server's current versions of these ids (a
 * tombstone included, an id it never held left out), for bringing archived clients back to a
 * laptop (docs/RETENTION.md). At most a pull batch of ids per request.
 */
export const fetchRequestSchema = z.object({ ids: z.array(documentIdSchema).min(1).max(LIMITS.pullBatch) }).strict();
export const fetchResponseSchema = z.object({ documents: z.array(syncDocumentSchema) });
export type FetchResponse = z.infer<typeof fetchResponseSchema>;

/**
 * GET {API_PREFIX}/sync/stream (every collection: browsers open at most six connections to a
 * server over HTTP/1.1, fewer than there are collections) and GET {API_PREFIX}/sync/:collection/stream:
 * server-sent events. `data:` says only that a collection changed, up to which sequence number;
 * the device pulls from its own checkpoint (one read and one transfer per change). A device
 * pulls every collection when it (re)connects, since changes while it was away are not replayed.
 */
export const streamEventSchema = z.object({ collection: syncCollectionSchema, seq: z.number().int().min(0) });
export type StreamEvent = z.infer<typeof streamEventSchema>;

// ── Practices and devices ──────────────────────────────────────────────────────────────────────

/** Opaque bearer credential of a device; the server keeps only its SHA-256. */
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a device token is 32 bytes in base64url');
export const deviceNameSchema = z.string().trim().min(1).max(64).refine(storable, STORABLE);

/**
 * POST {API_PREFIX}/practices: the first administrator's device registers the practice. The
 * server answers with the practice id and this device's token. `registrationSecret` is required
 * when the server operator configured one.
 */
export const registerRequestSchema = z.object({
  deviceName: deviceNameSchema,
  registrationSecret: z.string().max(256).optional(),
});
export const registerResponseSchema = z.object({ practiceId: documentIdSchema, deviceId: documentIdSchema, token: tokenSchema });

/**
 * POST {API_PREFIX}/enrolments (administrator device): publishes a one-time enrolment. The code
 * itself never reaches the server: the device derives from it a lookup id, a verifier (the server
 * stores its SHA-256) and a wrapping key, and sends the practice key wrapped under that key.
 */
export const createEnrolmentSchema = z.object({
  lookupId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  verifier: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  // Holds the practice's earlier key epochs too (each about 200 characters once sealed).
  wrappedKey: z.string().min(1).max(60_000).refine(storable, STORABLE),
  expiresAt: z.number().int().min(0),
  role: z.enum(['admin', 'member']).default('member'),
});
export const createEnrolmentResponseSchema = z.object({ enrolmentId: documentIdSchema });

/** POST {API_PREFIX}/enrol (no token): redeems an enrolment once; a replay is refused. */
export const redeemEnrolmentSchema = z.object({
  lookupId: createEnrolmentSchema.shape.lookupId,
  verifier: createEnrolmentSchema.shape.verifier,
  deviceName: deviceNameSchema,
});
export const redeemEnrolmentResponseSchema = z.object({
  practiceId: documentIdSchema,
  deviceId: documentIdSchema,
  token: tokenSchema,
  wrappedKey: z.string(),
});

/**
 * GET {API_PREFIX}/devices; DELETE {API_PREFIX}/devices/:id (administrator devices) revokes at once
 * (204; open streams of that device are closed). The practice's last active administrator
 * device cannot be revoked (409).
 */
export const deviceSchema = z.object({
  id: documentIdSchema,
  name: z.string(),
  role: z.enum(['admin', 'member']),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type DeviceInfo = z.infer<typeof deviceSchema>;
export const devicesResponseSchema = z.object({ devices: z.array(deviceSchema) });

// ── Mixed app versions ─────────────────────────────────────────────────────────────────────────

/**
 * GET {API_PREFIX}/practice (any device): the server's protocol version and the practice's
 * minimum app version (null: none). Every request states the app's version in the
 * APP_VERSION_HEADER (src/shared/sync/app-version.ts); a push from an app below the minimum is
 * refused with 426 `update_required`.
 */
export const practiceInfoSchema = z.object({ protocolVersion: z.string(), minAppVersion: appVersionSchema.nullable() });
export type PracticeInfo = z.infer<typeof practiceInfoSchema>;

/** PUT {API_PREFIX}/practice/min-app-version (administrator device): answers the PracticeInfo. */
export const setMinAppVersionSchema = z.object({ minAppVersion: appVersionSchema.nullable() });

/**
 * Key epochs (docs/ARCHITECTURE.md, Key epochs). A device publishes its X25519 public key with an
 * attestation sealed under the practice key (the server cannot make one for a key of its own);
 * a new epoch is published as one opaque relay per active device, each sealed to that device's key.
 */
const keyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a key id is 8–64 base64url characters');
export const deviceKeySchema = z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a public key is 32 bytes in base64url'), attestation: z.string().min(1).max(1000) }).strict();
export const deviceKeysResponseSchema = z.object({ devices: z.array(deviceKeySchema.extend({ deviceId: documentIdSchema })) });
export const publishEpochSchema = z
  .object({
    keyId: keyIdSchema,
    /** The epoch it follows: the practice's newest published one (or, for the first, any). */
    previous: keyIdSchema,
    relays: z.array(z.object({ deviceId: documentIdSchema, relay: z.string().min(1).max(LIMITS.relayChars) }).strict()).min(1).max(LIMITS.relaysPerEpoch),
  })
  .strict();
export const relaysResponseSchema = z.object({ relays: z.array(z.object({ keyId: keyIdSchema, relay: z.string() })) });

/** The `code`s the server sends. A client reacts to these, never to `message`. */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  /** The device's token was revoked: stop syncing and tell the person. */
  'device_revoked',
  'forbidden',
  'registration_refused',
  'not_found',
  'conflict',
  /** Unknown lookup id or wrong verifier. */
  'enrolment_invalid',
  'enrolment_used',
  'enrolment_expired',
  'payload_too_large',
  'unsupported_media_type',
  /** Too many requests, streams or requests at once from one device: retry after Retry-After seconds. */
  'rate_limited',
  /** 426: this app is older than the practice allows for this request: say "Update needed"; keep working offline. */
  'update_required',
  'timeout',
  /** The database is unreachable: retry after Retry-After seconds. */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every 4xx/5xx body. `code` is stable for programs (see ERROR_CODES); `message` is for people. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;
