import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import './app/print.css';
import './app/focus.css';
import './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { MantineProvider } from '@mantine/core';
import { ErrorBoundary } from './app/ErrorBoundary';
import { ErrorScreen } from './app/ErrorScreen';
import { ServicesProvider } from './app/services';
import { createServices } from './app/create-services';
import { openDatabase } from './db/database';
import { selectBridge } from './platform';
import { followNextUser } from './features/vault/next-user';
import { VaultGate } from './shell/VaultGate';
import { runArgon2With } from '../../shared/crypto';
import { createVault } from './vault';
import { VaultWorker } from './vault/worker-client';
import { cssVariablesResolver, theme } from './theme';

// zod would probe eval() for faster parsers; the CSP forbids eval, so tell it not to try.
z.config({ jitless: true });

const root = createRoot(document.getElementById('root')!);

function render(node: React.ReactNode): void {
  root.render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <ErrorBoundary>{node}</ErrorBoundary>
      </MantineProvider>
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const db = await openDatabase({ name: 'waypoint', validate: import.meta.env.DEV });
  // Argon2id and the passphrase rules run in a Worker: the window stays responsive while someone unlocks or types.
  const worker = new VaultWorker();
  runArgon2With(worker.argon2);
  const parts = createVault(db, { checkPassphrase: worker.checkPassphrase });
  const { vault } = parts;
  followNextUser(vault);
  await vault.init();
  const services = await createServices(db, parts, selectBridge());
  render(
    <ServicesProvider services={services}>
      <VaultGate />
    </ServicesProvider>,
  );
}

start().catch((error: unknown) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  console.error('[waypoint:start] the local database could not be opened:', failure.name, failure.message);
  render(<ErrorScreen error={new Error(`The local database could not be opened. ${failure.message}`)} />);
});
