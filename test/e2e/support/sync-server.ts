/**
 * A throw-away sync server for e2e tests: PGlite in a temporary directory, in this process, over
 * real HTTP. It can go down (every connection closed) and come back at the same address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncServer, migrate, openStorage, type Storage, type SyncServer } from '../../../src/server';

export class TestSyncServer {
  private server: SyncServer | undefined;
  private port = 0;

  private constructor(
    readonly storage: Storage,
    private readonly dataDir: string,
  ) {}

  static async open(): Promise<TestSyncServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'waypoint-e2e-server-'));
    const storage = await openStorage({ dataDir });
    await migrate(storage);
    return new TestSyncServer(storage, dataDir);
  }

  /** Starts serving the apps at these origins; after `stop`, at the same address again. */
  async listen(origins: readonly string[]): Promise<string> {
    this.server = createSyncServer({ storage: this.storage, logger: false, corsOrigins: [...origins] });
    await this.server.listen({ host: '127.0.0.1', port: this.port });
    this.port = (this.server.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server goes down: every connection is closed; the data stays. */
  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.storage.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
