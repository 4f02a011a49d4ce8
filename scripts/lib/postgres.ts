/** Where the PostgreSQL server tools are: the server tests start a throwaway cluster with them. */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const POSTGRES_APT_PACKAGE = 'postgresql';

/** The directory holding initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/<version>/bin, newest first), or null. */
export function findPostgresBin(): string | null {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...(process.env['PATH'] ?? '').split(delimiter), ...versions.map((version) => join('/usr/lib/postgresql', version, 'bin'))];
  return candidates.find((dir) => dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** A client tool (pg_dump, psql) of the same installation as that initdb (PATH may hold only links to the server tools). */
export function postgresTool(tool: string): string {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL's tools were not found: install the Debian package \`${POSTGRES_APT_PACKAGE}\``);
  return join(dirname(realpathSync(join(bin, 'initdb'))), tool);
}
