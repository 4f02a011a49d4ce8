/** The app as it starts (main.tsx), for the bench page: the database opened, the vault, the app's Workers and every service, started by the same code. */
import { startApp as startWindowApp } from '../../src/renderer/src/app/start-app';
import { MIN_ARGON2 } from '../../src/shared/crypto';

export const BENCH_PASSPHRASE = 'bench tangerine glacier orbit';

/** Argon2id at its minimum cost: the bench times what follows the key, not the key's cost (the unlock group times that). */
export async function startApp(name: string) {
  const { db, parts, services } = await startWindowApp({ name, validate: false, vault: { calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) } });
  return { db, vault: parts.vault, parts, services };
}

export type BenchApp = Awaited<ReturnType<typeof startApp>>;
