/**
 * The server's administrative command line, run where the server runs (same environment):
 *
 *   node dist-server/main.mjs min-app-version                          lists practices and their minimum
 *   node dist-server/main.mjs min-app-version <practice id|all> <version|none>
 *
 * With PGlite the server must be stopped first (one process per data directory); with
 * PostgreSQL it may keep running: devices see the new minimum at their next request.
 */
import { appVersionSchema } from '../shared/sync/app-version';
import { setMinAppVersion } from './practices';
import type { Storage } from './storage';
import { toNumber } from './storage/types';

export const ADMIN_COMMANDS = ['min-app-version'] as const;

export class UsageError extends Error {}

const USAGE = 'usage: min-app-version [<practice id|all> <version|none>]';

/** Runs one command; returns what to print. */
export async function runAdminCommand(storage: Storage, args: readonly string[]): Promise<string> {
  const [command, target, value, ...extra] = args;
  if (command !== 'min-app-version' || (target !== undefined && value === undefined) || extra.length > 0) throw new UsageError(USAGE);
  if (target === undefined) {
    const rows = await storage.query<{ id: string; min_app_version: string | null; devices: unknown }>(
      `SELECT p.id, p.min_app_version, (SELECT count(*) FROM devices d WHERE d.practice_id = p.id AND d.revoked_at IS NULL) AS devices
       FROM practices p ORDER BY p.created_at, p.id`,
    );
    if (rows.length === 0) return 'No practices yet.';
    return rows.map((row) => `${row.id}  ${toNumber(row.devices)} active devices  minimum ${row.min_app_version ?? 'none'}`).join('\n');
  }
  let minimum: string | null = null;
  if (value !== 'none') {
    const parsed = appVersionSchema.safeParse(value);
    if (!parsed.success) throw new UsageError(`"${value}" is not a version such as 0.2.0 (or none)`);
    minimum = parsed.data;
  }
  const shown = minimum ?? 'none';
  if (target === 'all') {
    const rows = await storage.query('UPDATE practices SET min_app_version = $1 RETURNING id', [minimum]);
    return `Minimum app version of ${rows.length} practices: ${shown}`;
  }
  if (!(await setMinAppVersion(storage, target, minimum))) throw new UsageError(`No practice ${target} (run min-app-version without arguments to list them)`);
  return `Minimum app version of practice ${target}: ${shown}`;
}
