/**
 * The backup file (format 1): UTF-8, one JSON value per line, every line ending in "\n".
 *
 *   {"format":"waypoint-backup","formatVersion":1,"appVersion",…,"collections":{name:{schemaVersion,count}}}
 *   {"keyring":{practice, argon2, profiles:[{id, displayName, role, wrap}], recovery}}
 *   {"collection":"clients","documents":[…]}        ← at most BACKUP_CHUNK documents a line, any number of lines
 *   {"sha256":"<hex of every byte above>","seal":"w1.A256GCM.…"}
 *
 * Documents are exactly as stored (sealed envelopes and their plaintext query fields, `_deleted`
 * kept, RxDB's `_meta`, `_rev` and `_attachments` left out). The keyring holds only wraps, which
 * open with a staff passphrase or the recovery code; the names in it are staff display names, which
 * the unlock screen shows before anyone has unlocked. The seal is the SHA-256 digest sealed with
 * the practice key: a file cut short has no trailer, a changed byte changes the digest, and nobody
 * without the practice key can seal a new digest.
 *
 * Reading checks everything that needs no key first (framing, versions, digest, shapes, counts), so
 * a refusal comes before anyone types a secret; `verifySeal` then needs the key the secret opened.
 * Nothing here writes anywhere: the caller writes only after both checks passed.
 */
import { z } from 'zod';
import { envelopeKeyId, sealBytes, unsealBytes, VaultCryptoError, type Argon2Params, type DataKey, type Box, type KeyWrap } from '../crypto';
import { fromUtf8, utf8 } from '../crypto/encoding';
import { isSyncDocument, type SyncDocument } from '../sync/protocol';
import { ROLES, type Role } from '../vault-policy';
import { BackupError } from './errors';
import { FORMAT_UPGRADES, formatUpgradePath, type FormatUpgrade, type RawChunk } from './migrations';

export const BACKUP_FORMAT = 'waypoint-backup';
export const BACKUP_FORMAT_VERSION = 2;
export const BACKUP_EXTENSION = 'wpbackup';
/** Documents per line: building and reading hold one line of documents at a time, never the whole database as objects. */
export const BACKUP_CHUNK = 500;

/** The writer puts `format` first, so the first bytes say what the file is before anything is parsed. */
const MAGIC = utf8(`{"format":"${BACKUP_FORMAT}",`);
const NEWLINE = 0x0a;

export interface BackupKeyring {
  practice: { id: string; name: string; keyId: string; createdAt: number };
  argon2: Omit<Argon2Params, 'salt'>;
  profiles: { id: string; displayName: string; role: Role; wrap: KeyWrap }[];
  recovery: KeyWrap;
  /** Earlier key epochs, each sealed under a later one (docs/ARCHITECTURE.md, Key epochs). */
  epochs?: { keyId: string; sealed: string }[];
  /** The newest epoch boxed to holders (profiles in this file, the recovery code) whose wrap opens an earlier one. */
  inbox?: { to: string; keyId: string; box: Box }[];
}

/** Every key id a backup's records may be sealed under: the newest epoch and the earlier ones it links. */
export function backupKeyIds(keyring: Pick<BackupKeyring, 'practice' | 'epochs'>): Set<string> {
  return new Set([keyring.practice.keyId, ...(keyring.epochs ?? []).map((e) => e.keyId)]);
}

const wrapSchema = (type: KeyWrap['method']['type']) =>
  z
    .object({
      v: z.literal(1),
      keyId: z.string().max(64),
      method: z.object({ type: z.literal(type), kdf: z.record(z.string(), z.unknown()) }).strict(),
      iv: z.string().max(64),
      wrapped: z.string().max(128),
      holder: z.string().max(64).optional(),
    })
    .strict();

const boxSchema = z.object({ v: z.literal(1), epk: z.string().max(64), iv: z.string().max(64), sealed: z.string().max(128) }).strict();

const keyringSchema = z
  .object({
    practice: z.object({ id: z.string().max(128), name: z.string().max(500), keyId: z.string().max(64), createdAt: z.number().int().min(0) }).strict(),
    argon2: z.object({ algorithm: z.literal('argon2id'), memoryKiB: z.number().int(), iterations: z.number().int(), parallelism: z.number().int() }).strict(),
    profiles: z.array(z.object({ id: z.string().max(128), displayName: z.string().max(500), role: z.enum(ROLES), wrap: wrapSchema('passphrase') }).strict()).min(1).max(1000),
    recovery: wrapSchema('recovery-code'),
    epochs: z.array(z.object({ keyId: z.string().max(64), sealed: z.string().max(256) }).strict()).max(10_000).optional(),
    inbox: z.array(z.object({ to: z.string().max(128), keyId: z.string().max(64), box: boxSchema }).strict()).max(1001).optional(),
  })
  .strict();

const headerSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    appVersion: z.string().max(64),
    createdAt: z.number().int().min(0),
    backupId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    practice: z.object({ id: z.string().max(128), name: z.string().max(500) }).strict(),
    keyId: z.string().max(64),
    collections: z.record(z.string().max(64), z.object({ schemaVersion: z.number().int().min(0), count: z.number().int().min(0) }).strict()),
  })
  .strict();
export type BackupHeader = z.infer<typeof headerSchema>;

const chunkSchema = z.object({ collection: z.string().max(64), documents: z.array(z.unknown()).min(1).max(BACKUP_CHUNK) }).strict();

/**
 * A document a restore accepts: the sync protocol's shape, sealed under one of the practice's key
 * epochs in the file (another key id means it came from elsewhere). The writer applies the same
 * rule, so a backup that could not be restored fails when it is made, not when it is needed.
 */
function restorable(doc: unknown, keyIds: ReadonlySet<string>): doc is SyncDocument {
  return isSyncDocument(doc) && keyIds.has(envelopeKeyId((doc as SyncDocument).sealed) ?? '');
}
export const trailerSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), seal: z.string().max(256) }).strict();
/** More than the longest trailer the schema accepts. */
const TRAILER_ROOM = 512;

/** What the digest is sealed as: bound to this backup and its format, so a seal cannot be moved to another file. */
function sealContext(backupId: string, formatVersion: number) {
  return { collection: BACKUP_FORMAT, id: backupId, schemaVersion: formatVersion };
}

export function line(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8(`${JSON.stringify(value)}\n`);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** WebCrypto's SHA-256 of the whole: native, faster than a WASM hash (170 MB in Chromium here: 0.9–1.4 s against hash-wasm's 2.1 s). */
export async function sha256(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  const bytes = parts.length === 1 ? parts[0]! : joinParts(parts);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

const encoder = new TextEncoder();

/**
 * Lines encoded straight into one buffer that doubles when full: no array a line and nothing to
 * join (encoding each line into its own array, then joining, took seconds of a one-year backup).
 */
export class LineBuffer {
  private buffer = new Uint8Array(1 << 20);
  private used = 0;

  push(value: unknown): void {
    const text = `${JSON.stringify(value)}\n`;
    for (;;) {
      const { read, written } = encoder.encodeInto(text, this.buffer.subarray(this.used));
      if (read === text.length) {
        this.used += written;
        return;
      }
      // Too small (a UTF-16 unit takes up to 3 bytes of UTF-8): a larger buffer, and the line again.
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + text.length * 3));
      grown.set(this.bytes);
      this.buffer = grown;
    }
  }

  get bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }
}

/** The parts of a file as one buffer, for the bridge (a save dialog or a download takes one). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export interface BackupMeta {
  appVersion: string;
  createdAt: number;
  backupId: string;
  keyring: BackupKeyring;
  /** Every replicating collection of this device and its RxDB schema version (a collection with no documents is listed too). */
  schemaVersions: Readonly<Record<string, number>>;
}

/** Document lines built elsewhere (another thread's writer), joined after this writer's own in `finish`. */
export interface BackupLines {
  bytes: Uint8Array;
  counts: Record<string, number>;
}

/** Builds a backup a page of documents at a time: each page is encoded at once, so only bytes are kept. */
export class BackupWriter {
  private readonly lines = new LineBuffer();
  private readonly counts = new Map<string, number>();

  constructor(private readonly meta: BackupMeta) {}

  add(collection: string, documents: readonly SyncDocument[]): void {
    if (!(collection in this.meta.schemaVersions)) throw new Error(`${collection} is not a collection of this backup`);
    const keyIds = backupKeyIds(this.meta.keyring);
    const refused = documents.find((doc): boolean => !restorable(doc, keyIds));
    if (refused !== undefined) throw new Error(`The ${collection} record ${refused.id} could not be restored from a backup, so none was made`);
    for (let i = 0; i < documents.length; i += BACKUP_CHUNK) {
      const page = documents.slice(i, i + BACKUP_CHUNK);
      this.lines.push({ collection, documents: page });
      this.counts.set(collection, (this.counts.get(collection) ?? 0) + page.length);
    }
  }

  /** The lines written so far and their documents per collection, for another writer's `finish`. */
  written(): BackupLines {
    return { bytes: this.lines.bytes, counts: Object.fromEntries(this.counts) };
  }

  /** The file: header, keyring, this writer's document lines then those of `later` in order, trailer. */
  async finish(key: DataKey, later: readonly BackupLines[] = []): Promise<Uint8Array<ArrayBuffer>> {
    const { keyring, schemaVersions } = this.meta;
    if (key.id !== keyring.practice.keyId) throw new Error('The practice key in memory is not the key of this keyring');
    const parts = [this.written(), ...later];
    const count = (name: string) => parts.reduce((n, part) => n + (part.counts[name] ?? 0), 0);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: this.meta.appVersion,
      createdAt: this.meta.createdAt,
      backupId: this.meta.backupId,
      practice: { id: keyring.practice.id, name: keyring.practice.name },
      keyId: keyring.practice.keyId,
      collections: Object.fromEntries(Object.entries(schemaVersions).map(([name, schemaVersion]) => [name, { schemaVersion, count: count(name) }])),
    };
    const head = joinParts([line(header), line({ keyring })]);
    const body = head.length + parts.reduce((n, part) => n + part.bytes.length, 0);
    // Room for the trailer (a digest and a seal: a few hundred bytes), so the file is built in one buffer.
    const file = new Uint8Array(body + TRAILER_ROOM);
    file.set(head);
    let offset = head.length;
    for (const { bytes } of parts) {
      file.set(bytes, offset);
      offset += bytes.length;
    }
    const digest = await sha256([file.subarray(0, body)]);
    const seal = await sealBytes(key, sealContext(header.backupId, BACKUP_FORMAT_VERSION), digest as Uint8Array<ArrayBuffer>);
    const trailer = line({ sha256: toHex(digest), seal });
    file.set(trailer, body);
    return file.subarray(0, body + trailer.length);
  }
}

export interface BackupChunk {
  collection: string;
  documents: SyncDocument[];
}

export interface OpenedBackup {
  /** Upgraded to the current format. */
  header: BackupHeader;
  keyring: BackupKeyring;
  documentCount: number;
  /** The document lines in file order, each parsed again when reached (they were all checked by openBackup). */
  chunks(): Generator<BackupChunk>;
  /** Throws BackupError('altered') unless this practice key sealed the file's digest. */
  verifySeal(key: DataKey): Promise<void>;
}

export interface OpenBackupOptions {
  /** This device's replicating collections and their schema versions: a collection it lacks, or a newer schema, means a newer Waypoint made the file. */
  schemaVersions: Readonly<Record<string, number>>;
  upgrades?: readonly FormatUpgrade[];
}

export interface Span {
  start: number;
  end: number;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** Complete lines (without their "\n"), and whether the file ends right after one. */
export function frame(bytes: Uint8Array): { lines: Span[]; endsWithNewline: boolean } {
  const lines: Span[] = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    lines.push({ start, end });
    start = end + 1;
  }
  return { lines, endsWithNewline: start === bytes.length };
}

export function parseSpan(bytes: Uint8Array, span: Span): unknown {
  return JSON.parse(fromUtf8(bytes.subarray(span.start, span.end)));
}

/** Reads a complete line (it has its newline, so it was not cut short): anything unreadable there was changed. */
function parseVerified<T>(bytes: Uint8Array, span: Span, read: (value: unknown) => T): T {
  try {
    return read(parseSpan(bytes, span));
  } catch {
    throw new BackupError('altered');
  }
}

function strict<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BackupError('altered');
  return parsed.data;
}

/**
 * What `checkBackup` found, as data (a Worker can post it back): everything `openedBackup` needs
 * besides the file's bytes.
 */
export interface CheckedBackup {
  /** Upgraded to the current format. */
  header: BackupHeader;
  keyring: BackupKeyring;
  documentCount: number;
  /** The format version the file was written in: its seal is bound to it, and its lines are upgraded from it. */
  version: number;
  trailer: z.infer<typeof trailerSchema>;
  documentLines: Span[];
}

/** Every check that needs no key, on the whole file: pure and self-contained, so it runs in a Worker as well as here. */
export async function checkBackup(bytes: Uint8Array, options: OpenBackupOptions): Promise<CheckedBackup> {
  if (!startsWith(bytes, MAGIC.subarray(0, Math.min(bytes.length, MAGIC.length)))) throw new BackupError('not-a-backup');
  const { lines, endsWithNewline } = frame(bytes);
  if (lines.length === 0) throw new BackupError('incomplete');

  // The version decides how to read everything else, so it is looked at before anything is validated.
  const rawHeader = headerObject(bytes, lines[0]!);
  const version = rawHeader['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new BackupError('altered');
  if (version > BACKUP_FORMAT_VERSION) throw new BackupError('too-new');
  const upgrades = formatUpgradePath(version, BACKUP_FORMAT_VERSION, options.upgrades ?? FORMAT_UPGRADES);
  if (upgrades === null) throw new BackupError('too-old');

  const last = lines.at(-1)!;
  let trailer: z.infer<typeof trailerSchema> | null = null;
  try {
    trailer = trailerSchema.parse(parseSpan(bytes, last));
  } catch {
    trailer = null;
  }
  if (!endsWithNewline || lines.length < 3 || trailer === null) throw new BackupError('incomplete');
  const digest = await sha256([bytes.subarray(0, last.start)]);
  if (toHex(digest) !== trailer.sha256) throw new BackupError('altered');

  const header = strict(headerSchema, upgrades.reduce((h, u) => u.header(h), rawHeader));
  for (const [name, { schemaVersion }] of Object.entries(header.collections)) {
    const current = options.schemaVersions[name];
    if (current === undefined || schemaVersion > current) throw new BackupError('too-new');
  }

  const keyring = parseVerified(bytes, lines[1]!, (value) => {
    const raw = (value as { keyring?: unknown }).keyring;
    return strict(keyringSchema, upgrades.reduce((k, u) => u.keyring(k), raw)) as BackupKeyring;
  });
  const wraps = [...keyring.profiles.map((p) => p.wrap), keyring.recovery];
  const keyIds = backupKeyIds(keyring);
  if (keyring.practice.keyId !== header.keyId || keyring.practice.id !== header.practice.id || wraps.some((w) => !keyIds.has(w.keyId))) {
    throw new BackupError('altered');
  }

  const documentLines = lines.slice(2, -1);
  const counts = new Map<string, number>();
  for (const span of documentLines) {
    const chunk = parseVerified(bytes, span, (value) => strict(chunkSchema, upgradeChunk(upgrades, value)));
    if (!(chunk.collection in header.collections) || chunk.documents.some((d) => !restorable(d, keyIds))) throw new BackupError('altered');
    counts.set(chunk.collection, (counts.get(chunk.collection) ?? 0) + chunk.documents.length);
  }
  if (Object.entries(header.collections).some(([name, { count }]) => (counts.get(name) ?? 0) !== count)) throw new BackupError('altered');

  return { header, keyring, documentCount: [...counts.values()].reduce((a, b) => a + b, 0), version, trailer, documentLines };
}

function upgradeChunk(upgrades: readonly FormatUpgrade[], value: unknown): RawChunk {
  return upgrades.reduce((c, u) => u.chunk(c), value as RawChunk);
}

/** The backup `checkBackup` checked, read from the same bytes (with the same format upgrades). */
export function openedBackup(bytes: Uint8Array, checked: CheckedBackup, upgrades: readonly FormatUpgrade[] = FORMAT_UPGRADES): OpenedBackup {
  const { header, keyring, documentCount, version, trailer, documentLines } = checked;
  const path = formatUpgradePath(version, BACKUP_FORMAT_VERSION, upgrades);
  if (path === null) throw new BackupError('too-old');
  return {
    header,
    keyring,
    documentCount,
    *chunks() {
      for (const span of documentLines) yield upgradeChunk(path, parseSpan(bytes, span)) as BackupChunk;
    },
    async verifySeal(key: DataKey) {
      let sealed: Uint8Array;
      try {
        sealed = await unsealBytes(key, sealContext(header.backupId, version), trailer.seal);
      } catch (error) {
        if (error instanceof VaultCryptoError) throw new BackupError('altered');
        throw error;
      }
      if (toHex(sealed) !== trailer.sha256) throw new BackupError('altered');
    },
  };
}

export async function openBackup(bytes: Uint8Array, options: OpenBackupOptions): Promise<OpenedBackup> {
  return openedBackup(bytes, await checkBackup(bytes, options), options.upgrades);
}

/** The header line, read before the digest is checked (its version says how to read the rest). */
function headerObject(bytes: Uint8Array, span: Span): Record<string, unknown> {
  const value = parseVerified(bytes, span, (v) => v);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BackupError('altered');
  return value as Record<string, unknown>;
}
