/**
 * `npm run dist` (installers) and `npm run dist:dir` (an unpacked app, `--dir`): checks this Node
 * can package first, then builds and runs electron-builder. Publishing is never done here: the
 * release process copies the output to the feed (docs/RELEASING.md).
 */
import { spawnSync } from 'node:child_process';
import { distNodeProblem } from './lib/requirements';

const problem = distNodeProblem(process.version);
if (problem !== null) {
  console.error(problem);
  process.exit(1);
}
for (const [command, args] of [
  ['npx', ['electron-vite', 'build']],
  ['npx', ['electron-builder', '--config', 'electron-builder.json', '--publish', 'never', ...process.argv.slice(2)]],
] as const) {
  const status = spawnSync(command, args, { stdio: 'inherit' }).status;
  if (status !== 0) process.exit(status ?? 1);
}
