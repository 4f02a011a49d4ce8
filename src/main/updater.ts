/**
 * Online updates: electron-updater on a generic feed that the practice's own sync server hosts at
 * `<server>/updates/` (latest.yml and the installers; docs/RELEASING.md). The feed follows the
 * device's sync server, so a clinic's laptops update from the office they sync with and never
 * need the internet. Installers are verified by electron-updater (SHA-512 from latest.yml, and the
 * publisher's signature on Windows) and installed when the app quits.
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { updateFeedUrl } from '../shared/sync/server-url';

/** Often enough that a laptop left open for days still updates, rarely enough to cost nothing. */
const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export function createOnlineUpdates(): { follow(serverUrl: string | null): void } {
  let timer: ReturnType<typeof setInterval> | null = null;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  // Offline is the normal state of a rural laptop: a failed check waits for the next one.
  autoUpdater.on('error', (error) => console.warn(`[updates] ${error.message}`));
  const check = () => void autoUpdater.checkForUpdatesAndNotify().catch((error: Error) => console.warn(`[updates] ${error.message}`));

  return {
    follow(serverUrl) {
      // A development build has no app-update.yml and nothing to replace.
      if (!app.isPackaged || serverUrl === null) return;
      autoUpdater.setFeedURL({ provider: 'generic', url: updateFeedUrl(serverUrl) });
      if (timer !== null) clearInterval(timer);
      timer = setInterval(check, CHECK_EVERY_MS);
      check();
    },
  };
}
