/**
 * `npm run bench`: performance figures measured in Debian's Chromium, printed as a table and
 * written as JSON to bench/results.json. Figures, not pass/fail: goals are shown beside them.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchCases } from '../bench/page/main';
import { launchChromium, newProfileDir, removeProfileDir } from './lib/chromium';
import { serveStatic } from './lib/static-server';

interface Figure {
  name: string;
  value: number;
  unit: string;
  runs: number;
  goal?: string;
  note?: string;
}

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const RECORDS = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function build(): void {
  for (const [command, args] of [
    ['npx', ['electron-vite', 'build']],
    ['npx', ['vite', 'build', '--config', 'bench/vite.config.ts']],
  ] as const) {
    if (spawnSync(command, [...args], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

/** Cold start: a fresh profile and a new browser each run, to the frame's first paint. */
async function coldStart(appUrl: string): Promise<Figure[]> {
  const toPaint: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = await newProfileDir();
    const context = await launchChromium(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    const started = performance.now();
    await page.goto(`${appUrl}#/clients`);
    await page.waitForFunction(() => performance.getEntriesByName('waypoint:frame-painted').length > 0);
    wall.push(performance.now() - started);
    toPaint.push(await page.evaluate(() => performance.getEntriesByName('waypoint:frame-painted')[0]!.startTime));
    await context.close();
    await removeProfileDir(dir);
  }
  return [
    { name: 'Cold start: navigation to app frame painted', value: round(median(toPaint)), unit: 'ms', runs: RUNS, note: 'performance mark, fresh profile' },
    { name: 'Cold start: page.goto to frame painted (wall)', value: round(median(wall)), unit: 'ms', runs: RUNS },
  ];
}

async function inPage(page: Page, name: keyof BenchCases, arg: number): Promise<number> {
  return page.evaluate(([fn, n]) => (window as unknown as { waypointBench: BenchCases }).waypointBench[fn](n), [name, arg] as const);
}

async function storage(benchUrl: string): Promise<Figure[]> {
  const dir = await newProfileDir();
  const context = await launchChromium(dir);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(benchUrl);
  await page.waitForFunction(() => document.title === 'ready');
  const raw: number[] = [];
  const rx: number[] = [];
  // Interleaved, so both see the same machine state; the first pair warms up and is dropped.
  for (let i = 0; i <= RUNS; i++) {
    const r = await inPage(page, 'idbBulkPut', RECORDS);
    const x = await inPage(page, 'rxdbBulkInsert', RECORDS);
    if (i > 0) {
      raw.push(r);
      rx.push(x);
    }
  }
  await context.close();
  await removeProfileDir(dir);
  const rawMs = median(raw);
  const rxMs = median(rx);
  return [
    { name: `Raw IndexedDB bulk put, ${RECORDS} small records`, value: round(rawMs), unit: 'ms', runs: RUNS },
    { name: `RxDB + Dexie bulkInsert, ${RECORDS} small records`, value: round(rxMs), unit: 'ms', runs: RUNS },
    { name: 'RxDB bulkInsert / raw IndexedDB put', value: Math.round((rxMs / rawMs) * 100) / 100, unit: '×', runs: RUNS },
  ];
}

async function main(): Promise<void> {
  build();
  const app = await serveStatic(resolve('out/renderer'));
  const bench = await serveStatic(resolve('bench/dist'));
  try {
    const figures = [...(await coldStart(app.url)), ...(await storage(bench.url))];
    const result = { measuredAt: new Date().toISOString(), machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, figures };
    writeFileSync(resolve('bench/results.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.table(figures.map((f) => ({ figure: f.name, value: f.value, unit: f.unit, runs: f.runs, goal: f.goal ?? '', note: f.note ?? '' })));
    console.log(JSON.stringify(result));
  } finally {
    await app.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
