/**
 * The transfer file (format 1, extension `.wptransfer`): the changes one device of a practice has
 * for another, carried without a network (a USB stick). UTF-8, one JSON value per line, framed,
 * digested and sealed as a backup is (the line helpers of shared/backup/format.ts):
 *
 *   {"format":"waypoint-transfer","formatVersion":1,"transferId",…,"from","to","seq","ack","sender","collections":{name:{schemaVersion,count}}}
 *   {"collection":"clients","entries":[{"doc":{…},"base":{…}|null},…]}   ← at most TRANSFER_CHUNK entries a line
 *   {"sha256":"<hex of every byte above>","seal":"w1.A256GCM.…"}
 *
 * - `doc`: a record exactly as stored (sealed, `_deleted` kept; RxDB's `_meta`, `_rev` and
 *   `_attachments` left out). `base`: the version of it the sender knows the receiver had, from an
 *   earlier transfer either way (null when it knows none): the common ancestor of a three-way merge.
 * - `from`, `to`: device ids; `to` is null in a file for a device not exchanged with yet. `seq`
 *   numbers every file the sender makes; `ack` is the `seq` of the last file from `to` the sender
 *   imported, which tells the receiver what the sender now holds.
 * - `sender`: the sending device's name, sealed (a device's name may name the person using it).
 *
 * Plaintext is what sync already sends (ids, query fields, revs) plus device ids, file numbers and
 * counts. Reading checks framing, version, digest, shapes and counts, then the seal with the
 * practice key (a transfer is imported while unlocked). Nothing here writes anywhere.
 */
import { z } from 'zod';
import { envelopeKeyId, sealBytes, sealJson, unsealBytes, unsealJson, VaultCryptoError, type DataKey, type SealContext } from '../crypto';
import { utf8 } from '../crypto/encoding';
import { frame, line, parseSpan, sha256, startsWith, toHex, trailerSchema, type Span } from '../backup/format';
import { COLLECTION_MIGRATIONS, migrateDocuments, type CollectionMigrations } from '../backup/migrations';
import { deviceNameSchema, isSyncDocument, type SyncDocument } from '../sync/protocol';
import { TransferError } from './errors';

export const TRANSFER_FORMAT = 'waypoint-transfer';
export const TRANSFER_FORMAT_VERSION = 1;
export const TRANSFER_EXTENSION = 'wptransfer';
export const TRANSFER_MIME = 'application/vnd.waypoint-transfer';
/** Entries per line: reading and writing hold one line of documents at a time as objects. */
export const TRANSFER_CHUNK = 500;

/** The writer puts `format` first, so the first bytes say what the file is before anything is parsed. */
const MAGIC = utf8(`{"format":"${TRANSFER_FORMAT}",`);

/** This app's device ids (UUIDs); short enough to name local documents after. */
export const transferDeviceIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

const headerSchema = z
  .object({
    format: z.literal(TRANSFER_FORMAT),
    formatVersion: z.literal(TRANSFER_FORMAT_VERSION),
    transferId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    createdAt: z.number().int().min(0),
    keyId: z.string().max(64),
    from: transferDeviceIdSchema,
    to: transferDeviceIdSchema.nullable(),
    seq: z.number().int().min(1),
    ack: z.number().int().min(1).nullable(),
    sender: z.string().max(1024),
    collections: z.record(z.string().max(64), z.object({ schemaVersion: z.number().int().min(0), count: z.number().int().min(0) }).strict()),
  })
  .strict();
export type TransferHeader = z.infer<typeof headerSchema>;

export interface TransferEntry {
  doc: SyncDocument;
  base: SyncDocument | null;
}

export interface TransferChunk {
  collection: string;
  entries: TransferEntry[];
}

const chunkSchema = z.object({ collection: z.string().max(64), entries: z.array(z.record(z.string(), z.unknown())).min(1).max(TRANSFER_CHUNK) }).strict();

/** Whether a session key opens what is sealed under `keyId`: its newest key epoch or an earlier one it holds. */
const holds = (key: Pick<DataKey, 'id' | 'older'>, keyId: string | null): boolean => keyId !== null && (keyId === key.id || (key.older?.has(keyId) ?? false));

/** A document as sync would accept it, sealed under one of this practice's key epochs. */
const importable = (doc: unknown, key: Pick<DataKey, 'id' | 'older'>): doc is SyncDocument =>
  isSyncDocument(doc) && holds(key, envelopeKeyId((doc as SyncDocument).sealed));

/** The writer applies the reader's rule, so a file that could not be imported fails when it is made. */
function validEntry(entry: Record<string, unknown>, key: Pick<DataKey, 'id' | 'older'>): boolean {
  const { doc, base } = entry;
  if (Object.keys(entry).length !== 2 || !importable(doc, key)) return false;
  return base === null || (importable(base, key) && base.id === doc.id);
}

/** Bound to the file: a seal or a sealed name cannot be moved to another transfer. */
const digestContext = (transferId: string): SealContext => ({ collection: TRANSFER_FORMAT, id: transferId, schemaVersion: TRANSFER_FORMAT_VERSION });
const senderContext = (transferId: string): SealContext => ({ collection: `${TRANSFER_FORMAT}-sender`, id: transferId, schemaVersion: TRANSFER_FORMAT_VERSION });

export interface TransferMeta {
  transferId: string;
  createdAt: number;
  from: { id: string; name: string };
  to: string | null;
  seq: number;
  ack: number | null;
  /** Every collection this device transfers and its RxDB schema version (one without changes is listed too). */
  schemaVersions: Readonly<Record<string, number>>;
}

/** Builds a transfer file a page of entries at a time: each page is encoded at once, so only bytes are kept. */
export class TransferWriter {
  private readonly lines: Uint8Array[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly meta: TransferMeta,
    /** The session key (its id, and the earlier epochs it holds): entries may be sealed under any of them. */
    private readonly key: Pick<DataKey, 'id' | 'older'>,
  ) {}

  get entryCount(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  add(collection: string, entries: readonly TransferEntry[]): void {
    if (!(collection in this.meta.schemaVersions)) throw new Error(`${collection} is not a collection of this transfer`);
    const refused = entries.find((entry) => !validEntry(entry as unknown as Record<string, unknown>, this.key));
    if (refused !== undefined) throw new Error(`The ${collection} record ${refused.doc.id} could not be imported elsewhere, so no transfer file was made`);
    for (let i = 0; i < entries.length; i += TRANSFER_CHUNK) {
      const page = entries.slice(i, i + TRANSFER_CHUNK);
      this.lines.push(line({ collection, entries: page }));
      this.counts.set(collection, (this.counts.get(collection) ?? 0) + page.length);
    }
  }

  /** The file's parts in order: header, entries, trailer. */
  async finish(key: DataKey): Promise<Uint8Array[]> {
    if (key.id !== this.key.id) throw new Error('The practice key in memory is not the key these records are sealed with');
    const { meta } = this;
    const header: TransferHeader = {
      format: TRANSFER_FORMAT,
      formatVersion: TRANSFER_FORMAT_VERSION,
      transferId: meta.transferId,
      createdAt: meta.createdAt,
      keyId: key.id,
      from: meta.from.id,
      to: meta.to,
      seq: meta.seq,
      ack: meta.ack,
      sender: await sealJson(key, senderContext(meta.transferId), deviceNameSchema.parse(meta.from.name)),
      collections: Object.fromEntries(Object.entries(meta.schemaVersions).map(([name, schemaVersion]) => [name, { schemaVersion, count: this.counts.get(name) ?? 0 }])),
    };
    const body = [line(headerSchema.parse(header)), ...this.lines];
    const digest = await sha256(body);
    const seal = await sealBytes(key, digestContext(meta.transferId), digest as Uint8Array<ArrayBuffer>);
    return [...body, line({ sha256: toHex(digest), seal })];
  }
}

export interface OpenedTransfer {
  header: TransferHeader;
  senderName: string;
  entryCount: number;
  /** The entry lines in file order, each parsed again when reached (all were checked by openTransfer). */
  chunks(): Generator<TransferChunk>;
}

export interface OpenTransferOptions {
  key: DataKey;
  /** This device's transferred collections and their schema versions: a newer one does not open here, an older one is migrated. */
  schemaVersions: Readonly<Record<string, number>>;
  migrations?: CollectionMigrations;
}

/** Reads a complete line (it has its newline, so it was not cut short): anything unreadable there was changed. */
function parseComplete(bytes: Uint8Array, span: Span): unknown {
  try {
    return parseSpan(bytes, span);
  } catch {
    throw new TransferError('altered');
  }
}

function strict<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TransferError('altered');
  return parsed.data;
}

/** A failed decryption of something the digest vouched for means the file was not sealed by this practice key as it is. */
async function opened<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof VaultCryptoError) throw new TransferError('altered');
    throw error;
  }
}

export async function openTransfer(bytes: Uint8Array, { key, schemaVersions, migrations = COLLECTION_MIGRATIONS }: OpenTransferOptions): Promise<OpenedTransfer> {
  if (!startsWith(bytes, MAGIC.subarray(0, Math.min(bytes.length, MAGIC.length)))) throw new TransferError('not-a-transfer');
  const { lines, endsWithNewline } = frame(bytes);
  if (lines.length === 0) throw new TransferError('incomplete');

  // The version decides how to read everything else, so it is looked at before anything is validated.
  const rawHeader = parseComplete(bytes, lines[0]!);
  const version = (rawHeader as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new TransferError('altered');
  if (version > TRANSFER_FORMAT_VERSION) throw new TransferError('too-new');
  if (version < TRANSFER_FORMAT_VERSION) throw new TransferError('too-old');

  const last = lines.at(-1)!;
  let trailer: z.infer<typeof trailerSchema> | null = null;
  try {
    trailer = trailerSchema.parse(parseSpan(bytes, last));
  } catch {
    trailer = null;
  }
  if (!endsWithNewline || lines.length < 2 || trailer === null) throw new TransferError('incomplete');
  const digest = toHex(await sha256([bytes.subarray(0, last.start)]));
  if (digest !== trailer.sha256) throw new TransferError('altered');

  const header = strict(headerSchema, rawHeader);
  // Sealed under an epoch this device holds (a file made before the newest epoch reached its sender opens too).
  if (!holds(key, header.keyId)) throw new TransferError('other-practice');
  const sealed = await opened(unsealBytes(key, digestContext(header.transferId), trailer.seal));
  if (toHex(sealed) !== digest) throw new TransferError('altered');
  const senderName = strict(deviceNameSchema, await opened(unsealJson<unknown>(key, senderContext(header.transferId), header.sender)));

  for (const [name, { schemaVersion }] of Object.entries(header.collections)) {
    const current = schemaVersions[name];
    if (current === undefined || schemaVersion > current) throw new TransferError('too-new');
    // An older schema is migrated entry by entry, as a backup's is; without the steps, it is refused.
    if ((migrations[name] ?? []).slice(schemaVersion, current).length !== current - schemaVersion) throw new TransferError('too-old');
  }

  const entryLines = lines.slice(1, -1);
  const counts = new Map<string, number>();
  for (const span of entryLines) {
    const chunk = strict(chunkSchema, parseComplete(bytes, span));
    if (!(chunk.collection in header.collections) || !chunk.entries.every((entry) => validEntry(entry, key))) throw new TransferError('altered');
    counts.set(chunk.collection, (counts.get(chunk.collection) ?? 0) + chunk.entries.length);
  }
  if (Object.entries(header.collections).some(([name, { count }]) => (counts.get(name) ?? 0) !== count)) throw new TransferError('altered');

  return {
    header,
    senderName,
    entryCount: [...counts.values()].reduce((a, b) => a + b, 0),
    *chunks() {
      for (const span of entryLines) {
        const chunk = parseSpan(bytes, span) as TransferChunk;
        const [from, to] = [header.collections[chunk.collection]!.schemaVersion, schemaVersions[chunk.collection]!];
        const migrate = (doc: SyncDocument) => migrateDocuments(chunk.collection, [doc], from, to, migrations)[0]!;
        yield from === to ? chunk : { ...chunk, entries: chunk.entries.map((entry) => ({ doc: migrate(entry.doc), base: entry.base === null ? null : migrate(entry.base) })) };
      }
    },
  };
}
