import { describe, expect, it } from 'vitest';
import { checkScanFile, joinScan, MAX_SCAN_FILE_BYTES, SCAN_CHUNK_BYTES, scanChunkSchema, splitScan } from '../../src/shared/part2';
import { LIMITS } from '../../src/shared/sync/protocol';

const PDF_HEADER = [...'%PDF-1.7\n'].map((c) => c.charCodeAt(0));
/** A synthetic "PDF": the header, then pseudo-random bytes (so a wrong offset shows). */
function pdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(PDF_HEADER);
  for (let i = PDF_HEADER.length; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

describe('scanned paper consents', () => {
  it('recognises PDF, PNG and JPEG by their first bytes, not their names', () => {
    expect(checkScanFile('synthetic.pdf', pdf(100)).type).toBe('application/pdf');
    expect(checkScanFile('synthetic.bin', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0])).type).toBe('image/jpeg');
    expect(() => checkScanFile('synthetic.pdf', new Uint8Array([1, 2, 3, 4, 5, 6]))).toThrow('synthetic.pdf is not a PDF, PNG or JPEG file');
    expect(() => checkScanFile('empty.pdf', new Uint8Array())).toThrow('empty.pdf is empty');
    expect(() => checkScanFile('huge.pdf', pdf(MAX_SCAN_FILE_BYTES + 1))).toThrow(/huge\.pdf is 8\.0 MB: a scanned file can be at most 8\.0 MB/);
  });

  it('cuts files into chunks that fit the envelope limit and puts them back byte for byte, in any order', () => {
    const files = [checkScanFile('page-1.pdf', pdf(2 * SCAN_CHUNK_BYTES + 17)), checkScanFile('page-2.pdf', pdf(300))];
    const chunks = splitScan('client-1', 'scan-1', files);
    expect(chunks.map((c) => [c.file, c.chunk, c.chunks])).toEqual([[0, 0, 3], [0, 1, 3], [0, 2, 3], [1, 0, 1]]);
    for (const c of chunks) {
      expect(scanChunkSchema.parse(c)).toEqual(c);
      // Sealing adds about a third again (base64 of the ciphertext): a push of 100 chunks (the
      // client's batch) still fits one request body, with room to spare.
      expect(JSON.stringify(c).length * 1.4 * 100).toBeLessThan(LIMITS.bodyBytes * 0.8);
    }
    const back = joinScan([...chunks].reverse());
    expect(back.map((f) => f.name)).toEqual(['page-1.pdf', 'page-2.pdf']);
    // Buffer.equals: a deep toEqual over a megabyte is slow.
    expect(back.map((f, i) => Buffer.from(f.bytes).equals(Buffer.from(files[i]!.bytes)))).toEqual([true, true]);
  });

  it('says which part has not arrived yet rather than showing half a file', () => {
    const chunks = splitScan('client-1', 'scan-1', [checkScanFile('page-1.pdf', pdf(SCAN_CHUNK_BYTES + 1))]);
    expect(() => joinScan([chunks[0]!])).toThrow('Part 2 of 2 of page-1.pdf has not arrived on this laptop yet: sync, then try again');
    expect(() => joinScan([])).toThrow('The scan has not arrived on this laptop yet');
    expect(() => joinScan([{ ...chunks[0]!, data: chunks[0]!.data.slice(0, -5) + '*****' }, chunks[1]!])).toThrow('page-1.pdf is damaged (part 1)');
  });

  it('refuses too many files or too much in all', () => {
    const page = checkScanFile('p.pdf', pdf(10));
    expect(() => splitScan('c', 's', Array.from({ length: 13 }, () => page))).toThrow('At most 12 files for one scan');
    expect(() => splitScan('c', 's', [])).toThrow('Choose at least one scanned file');
    const big = checkScanFile('big.pdf', pdf(MAX_SCAN_FILE_BYTES));
    expect(() => splitScan('c', 's', [big, big, big])).toThrow('The files add up to 24.0 MB: one scan can be at most 20.0 MB');
  });
});
