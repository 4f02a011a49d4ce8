/** Where the PostgreSQL server tools are: the server tests start a throwaway cluster with them. */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const POSTGRES_APT_PACKAGE = 'postgresql';

/** The directory holding initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/<version>/bin, newest first), or null. */
export function findPostgresBin(): string | null {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...(process.env['PATH'] ?? '').split(delimiter), ...versions.map((version) => join('/usr/lib/postgresql', version, 'bin'))];
  return candidates.find((dir) => dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}
