/**
 * The window's app as it starts: the database opened, the threads that keep the window responsive
 * (the vault Worker for Argon2id and the passphrase rules, the record worker for bulk decryption),
 * the vault and every service. main.tsx renders it; the benchmark page starts the same way.
 */
import { z } from 'zod';
import { runArgon2With } from '../../../shared/crypto';
import { openDatabase } from '../db/database';
import { RecordWorker } from '../db/record-worker';
import { recordsInWorker } from '../db/open-records';
import { selectBridge } from '../platform';
import { createVault } from '../vault';
import type { VaultOptions } from '../vault/vault';
import { VaultWorker } from '../vault/worker-client';
import { createServices } from './create-services';

// zod would probe eval() for faster parsers; the CSP forbids eval, so tell it not to try.
z.config({ jitless: true });

let threads: { vault: VaultWorker; records: RecordWorker } | null = null;

export async function startApp(options: { name: string; validate: boolean; vault?: Omit<VaultOptions, 'checkPassphrase'> }) {
  const db = await openDatabase({ name: options.name, validate: options.validate });
  if (threads === null) {
    threads = { vault: new VaultWorker(), records: new RecordWorker() };
    runArgon2With(threads.vault.argon2);
    recordsInWorker(threads.records);
  }
  const parts = createVault(db, { ...options.vault, checkPassphrase: threads.vault.checkPassphrase });
  await parts.vault.init();
  const services = await createServices(db, parts, selectBridge());
  return { db, parts, services };
}
