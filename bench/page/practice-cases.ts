/**
 * Issue 21: a 60-client practice of one year and of five (the demo's multi-year practice,
 * src/shared/demo/years.ts), each generated once and kept in the bench's browser profile
 * (scripts/bench.ts keeps that profile between runs). Each
 * size is then measured by the same steps, in order, on the app's own services: unlock to a usable
 * dashboard, client search, a chart with years of history, the session workspace, backup and restore.
 */
import { createElement } from 'react';
import { filter, firstValueFrom } from 'rxjs';
import type { ClientRecord } from '../../src/renderer/src/repositories/clients';
import { ClientChartPage } from '../../src/renderer/src/features/clients/chart/ClientChartPage';
import { DashboardPage } from '../../src/renderer/src/features/dashboard/DashboardPage';
import { SessionWorkspacePage } from '../../src/renderer/src/features/sessions/SessionWorkspacePage';
import type { ClientSearchService } from '../../src/renderer/src/search/client-search-service';
import type { BackupFile } from '../../src/renderer/src/backup/backup-service';
import { isoToday } from '../../src/shared/calendar';
import { loadYearsPractice, type YearsLoadResult } from '../../src/renderer/src/demo/load-demo';
import { BENCH_PASSPHRASE, startApp, type BenchApp } from './app';
import { renderRoute } from './render-route';
import { step } from './steps';

interface Meta extends YearsLoadResult {
  adminId: string;
  /** Documents in every collection once stored (the audit trail included). */
  documents: number;
  /** The day it was generated for: "today" of the practice. */
  today: string;
}

const state: { name?: string; meta?: Meta; app?: BenchApp; file?: BackupFile } = {};

function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  return work().then((result) => [performance.now() - started, result]);
}

async function countDocuments(app: BenchApp): Promise<number> {
  return (await Promise.all(Object.values(app.db.collections).map((c) => c.count().exec()))).reduce((a, b) => a + b, 0);
}

export interface PracticeOpened extends Meta {
  /** Milliseconds to generate and store it; 0 when this profile already held it. */
  loadMs: number;
  cached: boolean;
}

/** The practice of `years` years at `scale`: generated and stored unless this profile holds it from an earlier run. */
async function practiceOpen({ years, scale }: { years: number; scale: number }): Promise<PracticeOpened> {
  state.name = `bench-practice-${years}y-${scale}`;
  const kept = localStorage.getItem(state.name);
  if (kept !== null) {
    state.meta = JSON.parse(kept) as Meta;
    return { ...state.meta, loadMs: 0, cached: true };
  }
  // A practice half stored (a run stopped during generation) is started again.
  await (await startApp(state.name)).db.remove();
  const app = await startApp(state.name);
  const today = isoToday(Date.now());
  const admin = await app.parts.enrolment.createPractice({ practiceName: 'Bench Synthetic Practice', adminName: 'Bench Admin', passphrase: BENCH_PASSPHRASE, recoveryCode: app.parts.enrolment.newRecoveryCode() });
  await app.services.staff.create(admin.id, 'administrator', { displayName: 'Bench Admin', credentials: 'LCSW', needsCosignature: false });
  const [loadMs, stored] = await timed(() => loadYearsPractice(app.services, { today, adminId: admin.id, years, scale }, step));
  // The audit entries of the import are written before the count and the close.
  await app.services.audit.flush();
  state.meta = { ...stored, adminId: admin.id, today, documents: await countDocuments(app) };
  await app.vault.lock('manual');
  await app.db.close();
  localStorage.setItem(state.name, JSON.stringify(state.meta));
  return { ...state.meta, loadMs, cached: false };
}

/** Main-thread tasks of 50 ms or more (Chromium's Long Tasks API) between `start()` and `stop()`; the runner's trace reads the marks they set. */
function longTasks(): { start(): void; stop(): Promise<{ longTasks: number; longestTaskMs: number }> } {
  const tasks: number[] = [];
  let counting = false;
  const observer = new PerformanceObserver((list) => counting && tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  return {
    start() {
      counting = true;
      performance.mark('phase-start');
    },
    async stop() {
      performance.mark('phase-end');
      // Long-task entries arrive after the task: let them in before counting.
      await new Promise((resolve) => setTimeout(resolve, 200));
      tasks.push(...observer.takeRecords().map((e) => e.duration));
      observer.disconnect();
      return { longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks) };
    },
  };
}

export interface UnlockToDashboard {
  /** Argon2id (minimum cost) and unwrapping. */
  unlockMs: number;
  /** From the passphrase entered to the dashboard's figures on screen. */
  toDashboardMs: number;
  /** Main-thread tasks of 50 ms or more from the key derived until the dashboard is on screen and a second has passed. */
  longTasks: number;
  longestTaskMs: number;
}

/** The app started again on the stored practice and unlocked; the dashboard rendered. The app stays open for the next steps. */
async function practiceUnlock(): Promise<UnlockToDashboard> {
  state.app = await startApp(state.name!);
  const { services } = state.app;
  const watch = longTasks();
  step('practice: unlock');
  const started = performance.now();
  await services.vault.unlock(state.meta!.adminId, BENCH_PASSPHRASE);
  const unlockMs = performance.now() - started;
  watch.start();
  step('practice: dashboard');
  await renderRoute(services, { path: '/dashboard', url: '/dashboard', element: createElement(DashboardPage), ready: (host) => host.querySelector('[data-ready]') !== null });
  const toDashboardMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { unlockMs, toDashboardMs, ...(await watch.stop()) };
}

/** What a clinician types, from stored clients: name fragments, a full last name, a date of birth, two terms, a typo. */
export function searchQueries(clients: readonly ClientRecord[]): string[] {
  return clients
    .filter((_, i) => i % 97 === 0)
    .flatMap((c) => [c.data.lastName.slice(0, 3), c.data.lastName, `${c.data.dateOfBirth.slice(5, 7)}/${c.data.dateOfBirth.slice(8)}/${c.data.dateOfBirth.slice(0, 4)}`, `${c.data.firstName.slice(0, 3)} ${c.data.lastName.slice(0, 4)}`, c.data.lastName.slice(0, -1)]);
}

export interface SearchTimes {
  /** Per query, in milliseconds. */
  times: number[];
}

/** Each query typed, timed; a query built from a stored client must find someone. */
export function timeSearches(search: ClientSearchService, queries: readonly string[]): number[] {
  return queries.map((query) => {
    const started = performance.now();
    const hits = search.search(query);
    const ms = performance.now() - started;
    if (hits.length === 0) throw new Error(`no result for a query built from a stored client (${query.length} chars)`);
    return ms;
  });
}

/**
 * Search indexing on its own: locked (which empties the index and the decrypted caches) and
 * unlocked again with no screen shown, until every client is indexed; then the queries.
 */
async function practiceSearch(): Promise<{ indexMs: number; clients: number; times: number[]; longTasks: number; longestTaskMs: number }> {
  const { services } = state.app!;
  const clients = (await services.clients.all()).length;
  await services.vault.lock('manual');
  const watch = longTasks();
  await services.vault.unlock(state.meta!.adminId, BENCH_PASSPHRASE);
  watch.start();
  const [indexMs] = await timed(() => firstValueFrom(services.search.size$.pipe(filter((n) => n === clients))));
  const tasks = await watch.stop();
  return { indexMs, clients, times: timeSearches(services.search, searchQueries(await services.clients.all())), ...tasks };
}

/** The chart of a client in programme every year, from navigation to its first tab shown with nothing loading. */
async function practiceChart(): Promise<number> {
  const id = state.meta!.longestHistoryClientId;
  return renderRoute(state.app!.services, {
    path: '/clients/:clientId',
    url: `/clients/${id}`,
    element: createElement(ClientChartPage),
    ready: (host) => host.querySelector('[role="tabpanel"]') !== null && host.querySelector('.mantine-Loader-root') === null,
  });
}

/** Cohort 1's first group session on the practice's last weekday before today, until its members' notes are shown. */
async function practiceWorkspace(): Promise<number> {
  const { db, services } = state.app!;
  const session = await db.sessions.findOne({ selector: { groupId: 'bench-group-1-1', date: { $lt: state.meta!.today } }, sort: [{ date: 'desc' }] }).exec();
  if (session === null) throw new Error('the practice has no past session of cohort 1');
  return renderRoute(services, {
    path: '/sessions/:sessionId',
    url: `/sessions/${session.id}`,
    element: createElement(SessionWorkspacePage),
    // Its notes are signed: ready when the members and a note are shown and nothing is loading.
    ready: (host) => host.querySelector('nav[aria-label="Members"]') !== null && host.querySelector('section[aria-label^="Note for"]') !== null && host.querySelector('.mantine-Loader-root') === null,
  });
}

async function practiceBackup(): Promise<{ createMs: number; bytes: number; documents: number; longTasks: number; longestTaskMs: number }> {
  const app = state.app!;
  const watch = longTasks();
  watch.start();
  const [createMs, file] = await timed(() => app.services.backup.create());
  const tasks = await watch.stop();
  state.file = file;
  // Closed before the restore opens a database of its own: RxDB's open-source build allows few collections at once.
  await app.vault.lock('manual');
  await app.db.close();
  state.app = undefined;
  return { createMs, bytes: file.data.byteLength, documents: file.documents, ...tasks };
}

async function practiceRestore(): Promise<{ openMs: number; restoreMs: number; restored: number; longTasks: number; longestTaskMs: number }> {
  // One left by a run stopped during its restore goes first.
  await (await startApp(`${state.name}-restored`)).db.remove();
  const app = await startApp(`${state.name}-restored`);
  try {
    // The whole restore: the file checked, the key opened (Argon2id runs in the vault Worker), every document written.
    const watch = longTasks();
    watch.start();
    const [openMs, backup] = await timed(() => app.services.backup.open(state.file!.data));
    state.file = undefined;
    const [restoreMs] = await timed(() => app.services.backup.restore(backup, { kind: 'passphrase', profileId: state.meta!.adminId, passphrase: BENCH_PASSPHRASE }));
    const tasks = await watch.stop();
    const restored = await countDocuments(app);
    // More, not fewer: the audit trail records the restore itself.
    if (restored < backup.documentCount) throw new Error(`restored ${restored} of ${backup.documentCount} documents`);
    return { openMs, restoreMs, restored, ...tasks };
  } finally {
    await app.db.remove();
  }
}

export const practiceCases = { practiceOpen, practiceUnlock, practiceSearch, practiceChart, practiceWorkspace, practiceBackup, practiceRestore };
