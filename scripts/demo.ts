/**
 * `npm run demo -- [--clients N] [--seed N] [--out file.json]`: generates the synthetic demo
 * practice (the same one "Try Waypoint with a synthetic demo practice" loads at first run) and
 * prints what it holds; with --out, writes it as JSON for trainers and tests to inspect.
 * Every name in it is invented; none is, or resembles, a real person's.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoPractice } from '../src/shared/demo/generate';
import { demoOneOffSessions } from '../src/shared/demo/sessions';
import { generateOccurrences } from '../src/shared/schedule';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '120' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
const clients = Number(values.clients);
const seed = Number(values.seed);
if (!Number.isInteger(clients) || clients < 1 || clients > 20_000) throw new Error('--clients must be a whole number from 1 to 20000');
if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');

const today = new Date().toISOString().slice(0, 10);
const demo = generateDemoPractice({ today, clients, seed });
const oneOffs = demoOneOffSessions(demo);
const groupSessions = demo.groups.reduce((n, g) => n + (g.data.schedule ? generateOccurrences(g.data.schedule, g.data.exceptions, demo.range).length : 0), 0);
const count = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

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
