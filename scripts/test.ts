/**
 * `npm test`: everything, in order — system dependencies, typecheck, lint, build, then every
 * vitest project (unit, renderer, electron, server; then e2e one browser at a time). Ends with one line
 * `N passed, N failed, N skipped` summing every check and every test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureSystemDeps } from './lib/system-deps';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

const started = Date.now();
/** Minutes since the run began: CI stops at 90, so a log cut short still shows where the time went. */
const elapsed = (): string => `${((Date.now() - started) / 60_000).toFixed(1)} min`;

function step(label: string, command: string, args: string[]): boolean {
  console.log(`\n── ${label}: ${command} ${args.join(' ')} (at ${elapsed()})`);
  const ok = spawnSync(command, args, { stdio: 'inherit', shell: false }).status === 0;
  tally[ok ? 'passed' : 'failed'] += 1;
  if (!ok) failures.push(label);
  return ok;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { name: string; startTime: number; endTime: number }[];
}

/** Every test file's wall time, so the end of the log names the slowest. */
const fileTimes: { file: string; ms: number }[] = [];

function vitest(label: string, args: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'waypoint-vitest-'));
  const out = join(dir, 'results.json');
  console.log(`\n── ${label}: vitest ${args.join(' ')} (at ${elapsed()})`);
  const status = spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { stdio: 'inherit' }).status;
  try {
    const json = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
    tally.passed += json.numPassedTests;
    tally.failed += json.numFailedTests;
    tally.skipped += json.numPendingTests + json.numTodoTests;
    for (const file of json.testResults) fileTimes.push({ file: relative(process.cwd(), file.name), ms: file.endTime - file.startTime });
    // A suite that failed to load has no failed test but is still a failure.
    if (status !== 0 && json.numFailedTests === 0) {
      tally.failed += 1;
      failures.push(`${label} (a suite failed to load)`);
    } else if (json.numFailedTests > 0) {
      failures.push(label);
    }
  } catch {
    tally.failed += 1;
    failures.push(`${label} (no results: vitest did not run)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const missing = ensureSystemDeps();
if (missing.length > 0) {
  console.error(`\nMissing system dependencies:\n  ${missing.join('\n  ')}`);
  tally.failed += missing.length;
  failures.push('system dependencies');
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
const built = step('build', 'npm', ['run', '--silent', 'build']);
vitest('unit, renderer, electron and server tests', ['--project', 'unit', '--project', 'renderer', '--project', 'electron', '--project', 'server']);
if (built && missing.length === 0) {
  vitest('end-to-end tests in Chromium', ['--project', 'e2e']);
} else {
  tally.failed += 1;
  failures.push('end-to-end tests (not run: build or Chromium missing)');
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
const slowest = fileTimes.sort((a, b) => b.ms - a.ms).slice(0, 8);
console.log(`\nSlowest test files: ${slowest.map(({ file, ms }) => `${file} ${(ms / 1000).toFixed(0)} s`).join(', ')}.`);
console.log(`Took ${elapsed()}.`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 ? 1 : 0);
