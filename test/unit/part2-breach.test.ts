import { englishIssue, englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import { breachDeadline, breachIncidentSchema, type BreachIncident } from '../../src/shared/part2';

const incident = (changes: Partial<BreachIncident> = {}): BreachIncident =>
  breachIncidentSchema.parse({ discoveredOn: '2026-03-10', description: 'A synthetic laptop was left on a bus', affectedClients: 12, status: 'open', ...changes });

/** The deadline with its message in English. */
const deadlineOf = (incident: BreachIncident, today: string) => {
  const deadline = breachDeadline(incident, today);
  return { ...deadline, message: englishMessages([deadline.message]) };
};

describe('the breach notification deadline', () => {
  it('is 60 calendar days after discovery, counting down to 0 on the day itself', () => {
    expect(deadlineOf(incident(), '2026-03-10')).toMatchObject({ deadline: '2026-05-09', daysLeft: 60, state: 'due', shown: true, message: '60 days left to notify the affected individuals (by 2026-05-09)' });
    expect(deadlineOf(incident(), '2026-05-08')).toMatchObject({ daysLeft: 1, message: '1 day left to notify the affected individuals (by 2026-05-09)' });
    expect(deadlineOf(incident(), '2026-05-09')).toMatchObject({ daysLeft: 0, state: 'due', message: 'Notify the affected individuals today (deadline 2026-05-09)' });
  });

  it('is overdue after that, by the number of days', () => {
    expect(deadlineOf(incident(), '2026-05-12')).toMatchObject({ daysLeft: -3, state: 'overdue', message: 'Overdue by 3 days: individuals had to be notified by 2026-05-09' });
  });

  it('crosses a year end and a leap day correctly', () => {
    expect(breachDeadline(incident({ discoveredOn: '2027-12-20' }), '2027-12-20').deadline).toBe('2028-02-18');
    expect(breachDeadline(incident({ discoveredOn: '2028-01-15' }), '2028-01-15').deadline).toBe('2028-03-15');
  });

  it('is met by notifying the individuals, in time or late; other notifications do not count', () => {
    const notified = (on: string, to: 'individuals' | 'hhs') => incident({ notifications: { n1: { on, to, how: 'Letters by first-class mail' } } });
    expect(deadlineOf(notified('2026-04-01', 'individuals'), '2026-06-01')).toMatchObject({ state: 'notified-in-time', message: 'Individuals notified on 2026-04-01 (deadline 2026-05-09)' });
    expect(deadlineOf(notified('2026-05-10', 'individuals'), '2026-06-01')).toMatchObject({ state: 'notified-late' });
    expect(breachDeadline(notified('2026-04-01', 'hhs'), '2026-06-01').state).toBe('overdue');
  });

  it('tells HHS within the 60 days at 500 or more affected, otherwise by 60 days after the year ends', () => {
    expect(breachDeadline(incident({ affectedClients: 500 }), '2026-03-10').hhsDeadline).toBe('2026-05-09');
    expect(breachDeadline(incident({ affectedClients: 499 }), '2026-03-10').hhsDeadline).toBe('2027-03-01');
  });

  it('is shown until the incident is closed', () => {
    expect(breachDeadline(incident({ status: 'closed', closedOn: '2026-04-02' }), '2026-05-12').shown).toBe(false);
  });

  it('refuses an inconsistent incident with a specific message', () => {
    const problems = (input: object) => breachIncidentSchema.safeParse({ ...incident(), ...input }).error?.issues.map(englishIssue);
    expect(problems({ status: 'closed' })).toEqual(['A closed incident has the date it was closed, an open one has none']);
    expect(problems({ affectedClients: -1 })).toEqual(['Cannot be negative']);
    expect(problems({ notifications: { n: { on: '2026-03-01', to: 'individuals', how: 'Letters' } } })).toEqual(['A notification cannot predate the discovery']);
  });

  it('warns in the last two weeks and when overdue, not before', () => {
    expect(breachDeadline(incident(), '2026-04-24').warn).toBe(false);
    expect(breachDeadline(incident(), '2026-04-25').warn).toBe(true);
    expect(breachDeadline(incident(), '2026-05-12').warn).toBe(true);
  });

  it('shows no deadline once the four-factor risk assessment finds it not a breach, and needs every factor for that', () => {
    const risk = { nature: 'Initials only', person: 'A covered entity', acquired: 'Returned unopened', mitigated: 'Recipient confirmed deletion' };
    expect(deadlineOf(incident({ decision: 'not-a-breach', risk }), '2026-06-01')).toMatchObject({ state: 'not-a-breach', shown: false, warn: false });
    expect(deadlineOf(incident({ decision: 'breach', risk }), '2026-06-01')).toMatchObject({ state: 'overdue', shown: true });
    const missing = breachIncidentSchema.safeParse({ ...incident(), decision: 'not-a-breach', risk: { ...risk, acquired: ' ' } });
    expect(missing.error?.issues.map(englishIssue)).toEqual(['Deciding it is not a breach needs the risk assessment: answer all four factors']);
  });
});
