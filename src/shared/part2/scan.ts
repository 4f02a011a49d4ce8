/**
 * The scanned pages of a paper consent: image or PDF files kept as sealed records of their own,
 * cut into chunks small enough that a sync push of them fits one request, so they sync, back up
 * and transfer like any other record. A consent names its scan by `scanRef`; the scan's chunks are written once.
 * Decisions: docs/PART2.md (Scanned paper consents).
 */
import { z } from 'zod';
import { fromBase64Url, toBase64Url } from '../crypto/encoding';
import { RuleError, type SharedKey } from '../messages';

export const PART2_SCAN_KIND = 'part2-scan';

/** The file types a scanner or phone produces, recognised by their first bytes, not by their name. */
export const SCAN_TYPES = {
  'application/pdf': { label: 'shared:scanTypes.pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  'image/png': { label: 'shared:scanTypes.png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { label: 'shared:scanTypes.jpeg', magic: [0xff, 0xd8, 0xff] },
} as const satisfies Record<string, { label: SharedKey; magic: readonly number[] }>;
export type ScanType = keyof typeof SCAN_TYPES;
export const SCAN_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg'];

/** One file: a 300 dpi colour page as JPEG is 1–3 MB, a several-page PDF a few more. */
export const MAX_SCAN_FILE_BYTES = 8 * 1024 * 1024;
/** All the files of one scan. */
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
export const MAX_SCAN_FILES = 12;
/**
 * 64 KiB a chunk, about 120,000 characters once sealed (base64 twice: the bytes in the payload,
 * then the ciphertext). Not the envelope limit but the push decides: sync pushes up to 100
 * documents a request under a 16 MiB body (`LIMITS.bodyBytes`), so a batch made only of chunks
 * must fit, with room for the other documents beside them.
 */
export const SCAN_CHUNK_BYTES = 64 * 1024;

export const mebibytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
/** A file's size as a person reads it: KB under a megabyte. */
export const fileSize = (bytes: number): string => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : mebibytes(bytes));

export class ScanError extends RuleError {
  override readonly name = 'ScanError';
}

/** The type of a file from its content; null when it is none of the accepted ones. */
export function scanTypeOf(bytes: Uint8Array): ScanType | null {
  for (const [type, { magic }] of Object.entries(SCAN_TYPES) as [ScanType, (typeof SCAN_TYPES)[ScanType]][])
    if (bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte)) return type;
  return null;
}

export interface ScanFile {
  name: string;
  type: ScanType;
  bytes: Uint8Array;
}

/** Checks one picked file: throws a ScanError that names the file and what is wrong. */
export function checkScanFile(name: string, bytes: Uint8Array): ScanFile {
  if (bytes.byteLength === 0) throw new ScanError({ key: 'shared:scans.empty', values: { name } });
  if (bytes.byteLength > MAX_SCAN_FILE_BYTES)
    throw new ScanError({ key: 'shared:scans.fileTooLarge', values: { name, size: mebibytes(bytes.byteLength), maximum: mebibytes(MAX_SCAN_FILE_BYTES) } });
  const type = scanTypeOf(bytes);
  if (type === null) throw new ScanError({ key: 'shared:scans.notPdfPngJpeg', values: { name } });
  return { name: name.slice(0, 200), type, bytes };
}

/** Checks the files of one scan together. */
export function checkScanFiles(files: readonly ScanFile[]): void {
  if (files.length === 0) throw new ScanError({ key: 'shared:scans.chooseOne' });
  if (files.length > MAX_SCAN_FILES) throw new ScanError({ key: 'shared:scans.tooManyFiles', values: { maximum: MAX_SCAN_FILES } });
  const total = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  if (total > MAX_SCAN_BYTES) throw new ScanError({ key: 'shared:scans.tooLarge', values: { size: mebibytes(total), maximum: mebibytes(MAX_SCAN_BYTES) } });
}

/** One chunk record's sealed payload. */
export const scanChunkSchema = z
  .object({
    clientId: z.string().min(1),
    scanId: z.string().min(1),
    /** Which file of the scan, and how many there are. */
    file: z.number().int().min(0).max(MAX_SCAN_FILES - 1),
    files: z.number().int().min(1).max(MAX_SCAN_FILES),
    name: z.string().min(1).max(200),
    type: z.enum(Object.keys(SCAN_TYPES) as [ScanType, ...ScanType[]]),
    /** The whole file's size, so a reader knows when it has every chunk. */
    size: z.number().int().min(1).max(MAX_SCAN_FILE_BYTES),
    chunk: z.number().int().min(0),
    chunks: z.number().int().min(1),
    /** This chunk's bytes, base64url. */
    data: z.string().max(Math.ceil((SCAN_CHUNK_BYTES * 4) / 3) + 4),
  })
  .strict()
  .refine((c) => c.file < c.files && c.chunk < c.chunks, { message: 'A chunk out of its range' });
export type ScanChunk = z.infer<typeof scanChunkSchema>;

/** The record id of a chunk: one scan's chunks sort together and in order. */
export const scanChunkId = (scanId: string, file: number, chunk: number): string => `${scanId}-${String(file).padStart(2, '0')}-${String(chunk).padStart(3, '0')}`;

/** Cuts checked files into chunk payloads. */
export function splitScan(clientId: string, scanId: string, files: readonly ScanFile[]): ScanChunk[] {
  checkScanFiles(files);
  return files.flatMap((f, file) => {
    const chunks = Math.ceil(f.bytes.byteLength / SCAN_CHUNK_BYTES);
    return Array.from({ length: chunks }, (_, chunk) => ({
      clientId,
      scanId,
      file,
      files: files.length,
      name: f.name,
      type: f.type,
      size: f.bytes.byteLength,
      chunk,
      chunks,
      data: toBase64Url(f.bytes.subarray(chunk * SCAN_CHUNK_BYTES, (chunk + 1) * SCAN_CHUNK_BYTES)),
    }));
  });
}

/**
 * Puts a scan's files back together from its chunks, in any order. A chunk still missing (not yet
 * synced) or inconsistent throws a ScanError saying which, never a partial file.
 */
export function joinScan(chunks: readonly ScanChunk[]): ScanFile[] {
  if (chunks.length === 0) throw new ScanError({ key: 'shared:scans.notArrived' });
  const files = chunks[0]!.files;
  return Array.from({ length: files }, (_, file) => {
    const parts = chunks.filter((c) => c.file === file).sort((a, b) => a.chunk - b.chunk);
    const first = parts[0];
    if (first === undefined) throw new ScanError({ key: 'shared:scans.fileNotArrived', values: { number: file + 1, files } });
    const bytes = new Uint8Array(first.size);
    let at = 0;
    for (let i = 0; i < first.chunks; i++) {
      const part = parts[i];
      if (part?.chunk !== i) throw new ScanError({ key: 'shared:scans.partNotArrived', values: { number: i + 1, parts: first.chunks, name: first.name } });
      const decoded = fromBase64Url(part.data);
      if (decoded === null || at + decoded.byteLength > first.size) throw new ScanError({ key: 'shared:scans.damagedPart', values: { name: first.name, number: i + 1 } });
      bytes.set(decoded, at);
      at += decoded.byteLength;
    }
    if (at !== first.size) throw new ScanError({ key: 'shared:scans.damagedShort', values: { name: first.name } });
    return { name: first.name, type: first.type, bytes };
  });
}
