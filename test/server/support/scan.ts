/**
 * The plaintext scan of a server database: every row of every table as text, and the raw files.
 * A test using it must also show it finding a control string the server stores in clear.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every row of every table in the public schema, as PostgreSQL renders it in text. */
export async function dumpAllRows(storage: { query<R>(sql: string): Promise<R[]> }): Promise<string> {
  const tables = await storage.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
  expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['documents', 'devices', 'enrolments', 'practices']));
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await storage.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    parts.push(`${name}:`, ...rows.map((row) => row.row));
  }
  return parts.join('\n');
}

/** Files under `dir` that contain `needle` as raw bytes (UTF-8 or, for a WASM heap dump, UTF-16LE). */
export function filesContaining(dir: string, needle: string): string[] {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const hits: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && patterns.some((pattern) => readFileSync(full).includes(pattern))) hits.push(full);
    }
  };
  walk(dir);
  return hits;
}

/** The ids of the documents the server stores (what a device sent in clear besides the envelope). */
export async function documentIds(storage: { query<R>(sql: string): Promise<R[]> }): Promise<string[]> {
  return (await storage.query<{ id: string }>('SELECT id FROM documents ORDER BY id')).map((row) => row.id);
}

/** What an id gives away: any of `values` (client ids, kinds) or anything shaped like a date. */
export function revealingIds(ids: readonly string[], values: readonly string[]): string[] {
  return ids.filter((id) => /\d{4}-\d{2}-\d{2}/.test(id) || values.some((value) => id.includes(value)));
}
