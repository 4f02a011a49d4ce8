import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { MantineProvider } from '@mantine/core';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { ErrorScreen } from './app/ErrorScreen';
import { ServicesProvider } from './app/services';
import { openDatabase } from './db/database';
import { selectBridge } from './platform';
import { SettingsRepository } from './repositories/settings';
import { theme } from './theme';

// zod would probe eval() for faster parsers; the CSP forbids eval, so tell it not to try.
z.config({ jitless: true });

const root = createRoot(document.getElementById('root')!);

function render(node: React.ReactNode): void {
  root.render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <ErrorBoundary>{node}</ErrorBoundary>
      </MantineProvider>
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const bridge = selectBridge();
  const db = await openDatabase({ name: 'waypoint', validate: import.meta.env.DEV });
  window.addEventListener('pagehide', () => void db.close());
  render(
    <ServicesProvider services={{ bridge, settings: new SettingsRepository(db.settings) }}>
      <App />
    </ServicesProvider>,
  );
}

start().catch((error: unknown) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  console.error('[waypoint:start] the local database could not be opened:', failure.name, failure.message);
  render(<ErrorScreen error={new Error(`The local database could not be opened. ${failure.message}`)} />);
});
