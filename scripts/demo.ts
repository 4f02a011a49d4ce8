/**
 * `npm run demo -- [--clients N] [--seed N] [--out file.json]`: generates the synthetic demo
 * practice (the same one "Try Waypoint with a synthetic demo practice" loads at first run) and
 * prints what it holds; with --out, writes it as JSON for trainers and tests to inspect.
 * `npm run demo -- --years 5 [--scale 0.02] [--out file.json]`: the multi-year practice the bench
 * stores instead (60 clients in programme at a time), with the documents it makes per collection.
 * Every name in it is invented; none is, or resembles, a real person's.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoPractice } from '../src/shared/demo/generate';
import { demoOneOffSessions } from '../src/shared/demo/sessions';
import { generateYearsPractice, yearsPracticeCounts } from '../src/shared/demo/years';
import { generateOccurrences } from '../src/shared/schedule';

const { values } = parseArgs({ options: { clients: { type: 'string' }, seed: { type: 'string' }, years: { type: 'string' }, scale: { type: 'string' }, out: { type: 'string' } } });
const today = new Date().toISOString().slice(0, 10);
const count = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

if (values.years === undefined) {
  if (values.scale !== undefined) throw new Error('--scale goes with --years');
  const clients = Number(values.clients ?? '120');
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(clients) || clients < 1 || clients > 20_000) throw new Error('--clients must be a whole number from 1 to 20000');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');

  const demo = generateDemoPractice({ today, clients, seed });
  const oneOffs = demoOneOffSessions(demo);
  const groupSessions = demo.groups.reduce((n, g) => n + (g.data.schedule ? generateOccurrences(g.data.schedule, g.data.exceptions, demo.range).length : 0), 0);
  console.table({
    staff: demo.staff.length,
    programmes: demo.programs.length,
    tracks: demo.tracks.length,
    groups: demo.groups.length,
    clients: demo.clients.length,
    episodes: demo.episodes.length,
    memberships: demo.memberships.length,
    'group sessions': groupSessions,
    'individual and psychiatric sessions': oneOffs.length,
  });
  console.table(count(demo.clients, (c) => c.status));
  console.log(`Range ${demo.range.from} to ${demo.range.to}, seed ${seed}.`);
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify({ ...demo, oneOffSessions: oneOffs }, null, 2)}\n`);
    console.log(`Written to ${values.out}`);
  }
} else {
  if (values.clients !== undefined || values.seed !== undefined) throw new Error('--clients and --seed go with the default demo: the --years practice keeps 60 clients in programme and is the same every run');
  const years = Number(values.years);
  const scale = Number(values.scale ?? '1');
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new Error('--years must be a whole number from 1 to 10');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be a number above 0 and at most 1 (0.02 makes each year a week)');

  const practice = generateYearsPractice({ today, adminId: 'demo-admin', years, scale });
  console.log('Documents per collection, once stored (the audit trail of the import comes on top):');
  console.table(yearsPracticeCounts(practice));
  console.table(count(practice.clients, (c) => c.status));
  console.log(`${practice.sessionYears[0]!.from} to ${practice.sessionYears.at(-1)!.to}; ${practice.inProgramme} clients in programme; ${practice.administrations.length} PHQ-9s, ${practice.plans.length} plans.`);
  if (values.out) {
    // One record a line: five years as one JSON string would pass V8's largest string.
    const fd = openSync(values.out, 'w');
    const { groupAttendance, ...rest } = practice;
    for (const [key, value] of Object.entries({ ...rest, groupAttendance: [...groupAttendance] })) {
      for (const item of Array.isArray(value) ? value : [value]) writeSync(fd, `${JSON.stringify({ [key]: item })}\n`);
    }
    closeSync(fd);
    console.log(`Written to ${values.out} (JSON lines: each line one record, keyed by what it is)`);
  }
}
