/**
 * A throwaway PostgreSQL cluster for the server tests: initdb in a temp directory, listening on
 * 127.0.0.1 at a free port with its socket inside that directory. initdb refuses to run as root,
 * so as root the directory is given to the `postgres` user and the tools run through runuser.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin, POSTGRES_APT_PACKAGE } from '../../../scripts/lib/postgres';

export interface PostgresCluster {
  /** The cluster's files (the zero-knowledge test scans them). */
  dataDir: string;
  /** A new empty database; returns its connection URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut), keeping its files. */
  pause(): void;
  /** Starts it again on the same port. */
  resume(): void;
  stop(): void;
}

const MISSING = `PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin: install the Debian package \`${POSTGRES_APT_PACKAGE}\` (apt-get install ${POSTGRES_APT_PACKAGE})`;

/** A port nobody listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(MISSING);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'waypoint-pg-'));
  const dataDir = join(dir, 'data');
  const run = (tool: string, args: string[]): void => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  };
  let started = false;
  const stop = (): void => {
    try {
      if (started) run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      chownSync(dir, uid, gid);
    }
    const port = await freePort();
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Durability settings off: a test cluster lives for seconds and is thrown away.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    const start = (): void => {
      run('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      started = true;
    };
    start();
    let databases = 0;
    return {
      dataDir,
      async createDatabase() {
        const name = `waypoint_test_${++databases}`;
        const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      pause() {
        run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        started = false;
      },
      resume: start,
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
