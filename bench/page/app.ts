/** The app as it starts (main.tsx), for the bench page: the database opened, the vault, and every service the window runs, built by the same code. */
import { createServices } from '../../src/renderer/src/app/create-services';
import { openDatabase } from '../../src/renderer/src/db/database';
import { selectBridge } from '../../src/renderer/src/platform';
import { createVault } from '../../src/renderer/src/vault';
import { MIN_ARGON2 } from '../../src/shared/crypto';

export const BENCH_PASSPHRASE = 'bench tangerine glacier orbit';

/** Argon2id at its minimum cost: the bench times what follows the key, not the key's cost (the unlock group times that). */
export async function startApp(name: string) {
  const db = await openDatabase({ name, validate: false });
  const parts = createVault(db, { calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) });
  await parts.vault.init();
  const services = await createServices(db, parts, selectBridge());
  return { db, vault: parts.vault, parts, services };
}

export type BenchApp = Awaited<ReturnType<typeof startApp>>;
