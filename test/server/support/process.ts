/** The server as a real process: `npm run server`'s entry under tsx, or the built JavaScript under node. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

export interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when the output matches (or rejects when the process exits first or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** `args` default: the TypeScript entry through tsx, from the repository root. */
export function spawnServer(env: Record<string, string>, args: string[] = ['--import', 'tsx', 'src/server/main.ts'], cwd = ROOT): Spawned {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    watchers.forEach((look) => look());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((done, fail) => {
        const look = (): void => {
          const match = pattern.exec(output);
          if (!match) return;
          finish();
          done(match);
        };
        const timer = setTimeout(() => {
          finish();
          fail(new Error(`no ${pattern} in the output in time:\n${output}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          watchers.delete(look);
        };
        watchers.add(look);
        void exited.then(() => {
          look();
          if (watchers.has(look)) {
            finish();
            fail(new Error(`the server exited before ${pattern}:\n${output}`));
          }
        });
        look();
      }),
  };
}

export async function startServerProcess(env: Record<string, string>, args?: string[], cwd?: string): Promise<Running> {
  const spawned = spawnServer(env, args, cwd);
  const match = await spawned.waitFor(/Server listening at (https?:\/\/127\.0\.0\.1:\d+)/);
  return { child: spawned.child, url: match[1]!, output: spawned.output, exited: spawned.exited };
}
