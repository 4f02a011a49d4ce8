import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';

/**
 * Steady typing survives a crash. Each run types at one key per 40 ms, without pausing, for up to
 * 20 s, and SIGKILLs Chromium at a random moment; after relaunching the same profile and unlocking,
 * everything typed more than a second before the kill must be there. A debounce alone fails this:
 * it never fires while typing goes on.
 */
const KEY_INTERVAL_MS = 40;
const TYPING_MS = 20_000;
const MEMBER = { firstName: 'Crashia', lastName: 'Syntheticova', dateOfBirth: '1986-05-17', name: 'Syntheticova, Crashia' };
const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Synthetic Durability Group';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Numbered words, so a lost or repeated stretch shows where it is. */
const TEXT = Array.from({ length: 200 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Kill moments drawn at random; set WAYPOINT_CRASH_SEED to replay a run. */
const seed = Number(process.env['WAYPOINT_CRASH_SEED'] ?? Date.now() % 1_000_000);
let state = seed;
function randomBetween(min: number, max: number): number {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return min + (state / 2_147_483_648) * (max - min);
}

interface CrashRun {
  /** Every key the page acknowledged before the kill. */
  typed: string;
  /** What was typed more than a second before the kill: it must survive. */
  mustSurvive: string;
  killedAfterMs: number;
}

/**
 * Types TEXT into `field` until the kill. `saveLabel` makes the kill wait, after `killAfterMs`, for
 * that editor to report a save under way, so the process dies with a write in flight.
 */
async function typeUntilKilled(app: AppSession, field: Locator, killAfterMs: number, saveLabel?: string): Promise<CrashRun> {
  await field.focus();
  const page = app.page;
  const acknowledged: number[] = [];
  let killedAt = 0;
  let inFlight = 0;
  const t0 = Date.now();
  const killer = (async () => {
    await sleep(t0 + killAfterMs - Date.now());
    if (saveLabel !== undefined) {
      await page.evaluate(
        (label) =>
          new Promise<void>((resolve) => {
            const status = document.querySelector(`[data-save-label="${label}"]`);
            if (status === null) throw new Error(`no save status for ${label}`);
            const observer = new MutationObserver(() => {
              if (status.getAttribute('data-save-state') !== 'saving') return;
              observer.disconnect();
              resolve();
            });
            observer.observe(status, { attributes: true, attributeFilter: ['data-save-state'] });
          }),
        saveLabel,
      );
    }
    killedAt = Date.now();
    await app.crash();
  })();
  for (let i = 0; i < TEXT.length && Date.now() - t0 < TYPING_MS; i++) {
    await sleep(t0 + i * KEY_INTERVAL_MS - Date.now());
    if (killedAt !== 0) break;
    try {
      await page.keyboard.type(TEXT[i]!);
    } catch {
      // The browser died under this key: it may have been typed (and saved) without the answer coming back.
      inFlight = 1;
      break;
    }
    acknowledged.push(Date.now());
  }
  await killer;
  const safe = acknowledged.filter((at) => at <= killedAt - 1000).length;
  return { typed: TEXT.slice(0, acknowledged.length + inFlight), mustSurvive: TEXT.slice(0, safe), killedAfterMs: killedAt - t0 };
}

function expectSurvived(run: CrashRun, stored: string, what: string): void {
  console.log(`crash run (${what}, seed ${seed}): killed after ${run.killedAfterMs} ms; ${run.typed.length} keys typed, ${run.mustSurvive.length} due on disk, ${stored.length} found`);
  expect(run.mustSurvive.length).toBeGreaterThan(50);
  expect(stored.startsWith(run.mustSurvive), `${what}: lost text typed more than 1 s before the kill`).toBe(true);
  expect(run.typed.startsWith(stored), `${what}: found text that was never typed`).toBe(true);
}

describe('typing survives a crash (SIGKILL of Chromium while typing)', () => {
  let app: AppSession;
  let sessionRoute = '';
  let planRoute = '';
  const workspace = () => new SessionPage(app.page);
  const route = () => app.page.url().split('#')[1] ?? '/';

  beforeAll(async () => {
    app = await AppSession.start({ crashable: true });
    const page = app.page;
    const today = isoToday(Date.now());
    const yesterday = addDays(today, -1);
    const programs = new ProgramsPages(page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, 'Admin Synthetic, LCSW');
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(addDays(today, -3), 1, EVERY_DAY);
    await new ClientsPages(page).create(MEMBER);
    await programs.admit(addDays(today, -3), { programme: PROGRAM, track: TRACK, group: GROUP });

    await new ClientsPages(page).openTab('Plan');
    await page.getByRole('button', { name: 'Write a treatment plan' }).click();
    await page.getByRole('button', { name: 'Add a problem' }).click();
    await page.getByRole('textbox', { name: 'Problem 1: statement' }).waitFor();
    planRoute = route();

    await programs.open();
    await programs.openGroup(GROUP);
    await programs.sessionsTable().getByRole('link', { name: yesterday, exact: true }).click();
    await workspace().members.getByRole('button', { name: MEMBER.name }).click();
    await workspace().note(MEMBER.name).waitFor();
    sessionRoute = route();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  async function openNote(): Promise<SessionPage> {
    await app.open(sessionRoute);
    const session = workspace();
    await session.members.getByRole('button', { name: MEMBER.name }).click();
    await session.note(MEMBER.name).waitFor();
    return session;
  }

  it.each([
    ['Goal', false],
    ['Intervention', false],
    ['Plan', true],
  ] as const)('a member note (%s field; kill during a save: %s)', async (label, duringSave) => {
    const session = await openNote();
    const run = await typeUntilKilled(app, session.field(MEMBER.name, label), randomBetween(6_000, 18_000), duringSave ? 'Note' : undefined);
    await app.relaunchAndUnlock();
    const reopened = await openNote();
    expectSurvived(run, await reopened.field(MEMBER.name, label).inputValue(), `member note, ${label}`);
    expect(app.consoleErrors.filter((e) => /tamper|could not open|RxError/i.test(e))).toEqual([]);
  }, 120_000);

  it('the shared part of the group note', async () => {
    await app.open(sessionRoute);
    const run = await typeUntilKilled(app, workspace().sharedField('Interventions used'), randomBetween(6_000, 18_000));
    await app.relaunchAndUnlock();
    await app.open(sessionRoute);
    expectSurvived(run, await workspace().sharedField('Interventions used').inputValue(), 'shared part');
  }, 120_000);

  it('the treatment plan editor', async () => {
    await app.open(planRoute);
    const statement = () => app.page.getByRole('textbox', { name: 'Problem 1: statement' });
    const run = await typeUntilKilled(app, statement(), randomBetween(6_000, 18_000));
    await app.relaunchAndUnlock();
    await app.open(planRoute);
    expectSurvived(run, await statement().inputValue(), 'plan');
  }, 120_000);
});
