/**
 * The demo practice's individual therapy and psychiatric sessions: what an IOP schedules beside
 * its groups. Weekly individual therapy through each episode (a day and hour fixed per client) and
 * a psychiatric evaluation at admission, then medication management every four weeks.
 */
import { addDays, isoWeekday } from '../calendar';
import type { DemoPractice } from './generate';

export interface DemoOneOffSession {
  id: string;
  kind: 'individual' | 'psychiatric';
  date: string;
  start: string;
  end: string;
  timeZone: string;
  clientId: string;
  facilitatorIds: string[];
}

const INDIVIDUAL_HOURS = ['08:00', '12:30', '13:00', '13:30', '14:00', '17:00'];

function endOf(start: string, minutes: number): string {
  const total = Number(start.slice(0, 2)) * 60 + Number(start.slice(3)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** The date itself on a weekday, else the Monday after: the clinic is closed at weekends. */
function weekdayOnOrAfter(date: string): string {
  const weekday = isoWeekday(date);
  return weekday <= 5 ? date : addDays(date, 8 - weekday);
}

/** Deterministic: slot, weekday and clinician follow from the client's position, not a clock or RNG. */
export function demoOneOffSessions(demo: DemoPractice, timeZone = 'America/Chicago'): DemoOneOffSession[] {
  const therapists = demo.staff.filter((s) => s.role !== 'administrator' && s.credentials !== 'PMHNP-BC').map((s) => s.id);
  const prescriber = demo.staff.find((s) => s.credentials === 'PMHNP-BC')?.id ?? therapists[0]!;
  const sessions: DemoOneOffSession[] = [];
  demo.episodes.forEach((episode, n) => {
    const last = episode.data.discharge?.on ?? demo.range.to;
    const therapist = therapists[n % therapists.length]!;
    const start = INDIVIDUAL_HOURS[n % INDIVIDUAL_HOURS.length]!;
    // Individual therapy: weekly from the first week, on a weekday offset per client.
    for (let date = weekdayOnOrAfter(addDays(episode.admittedOn, 1 + (n % 4))), week = 0; date <= last && date <= demo.range.to; date = addDays(date, 7), week++) {
      sessions.push({ id: `demo-individual-${episode.id}-${week}`, kind: 'individual', date, start, end: endOf(start, 50), timeZone, clientId: episode.clientId, facilitatorIds: [therapist] });
    }
    // Psychiatric evaluation at admission, medication management every four weeks.
    for (let date = weekdayOnOrAfter(episode.admittedOn), visit = 0; date <= last && date <= demo.range.to; date = addDays(date, 28), visit++) {
      const at = visit === 0 ? '10:00' : '16:00';
      sessions.push({ id: `demo-psychiatric-${episode.id}-${visit}`, kind: 'psychiatric', date, start: at, end: endOf(at, visit === 0 ? 60 : 30), timeZone, clientId: episode.clientId, facilitatorIds: [prescriber] });
    }
  });
  return sessions.filter((s) => s.date >= demo.range.from);
}
