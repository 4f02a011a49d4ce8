/**
 * The sync server this device uses, as far as the main process is concerned: the one origin the
 * window may reach (security.ts, isNetworkRequestAllowed) and where updates come from. Kept in a
 * small file in the profile so both hold from the first request after a restart. No Electron import.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { normaliseServerUrl } from '../shared/sync/server-url';

const fileSchema = z.object({ serverUrl: z.string() });

export class SyncServerFile {
  private value: string | null = null;

  constructor(private readonly path: string) {}

  /** Reads the file; a missing or unreadable one means no server chosen yet. */
  async load(): Promise<string | null> {
    try {
      this.value = normaliseServerUrl(fileSchema.parse(JSON.parse(await readFile(this.path, 'utf8'))).serverUrl);
    } catch {
      this.value = null;
    }
    return this.value;
  }

  current(): string | null {
    return this.value;
  }

  async set(serverUrl: string): Promise<void> {
    const normalised = normaliseServerUrl(serverUrl);
    // Write then rename: a crash leaves the old file or the new one, never half of one.
    await writeFile(`${this.path}.tmp`, JSON.stringify({ serverUrl: normalised }));
    await rename(`${this.path}.tmp`, this.path);
    this.value = normalised;
  }
}
