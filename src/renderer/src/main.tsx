import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import './app/print.css';
import './app/focus.css';
import './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { ErrorBoundary } from './app/ErrorBoundary';
import { ErrorScreen } from './app/ErrorScreen';
import { ServicesProvider } from './app/services';
import { startApp } from './app/start-app';
import { followNextUser } from './features/vault/next-user';
import { VaultGate } from './shell/VaultGate';
import { cssVariablesResolver, theme } from './theme';
import { st } from './i18n/staff';

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
  // Argon2id, the passphrase rules and bulk decryption run in Workers: the window stays responsive while someone unlocks, types or opens years of records.
  const { services } = await startApp({ name: 'waypoint', validate: import.meta.env.DEV });
  followNextUser(services.vault);
  render(
    <ServicesProvider services={services}>
      <VaultGate />
    </ServicesProvider>,
  );
}

start().catch((error: unknown) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  console.error('[waypoint:start] the local database could not be opened:', failure.name, failure.message);
  render(<ErrorScreen error={new Error(st('services.start.databaseNotOpened', { error: failure.message }))} />);
});
