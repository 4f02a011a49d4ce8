/** How measures read on screen: instrument choices, schedules, who entered a response. */
import { MEASURE_IDS, MEASURES, OCCASION_KINDS, type Administration, type MeasureSchedule } from '../../../../shared/measures';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import type { Formatters } from '../../../../shared/format';
import { sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';

export const INSTRUMENT_OPTIONS = MEASURE_IDS.map((id) => ({ value: id, label: `${MEASURES[id].shortName} — ${MEASURES[id].name}` }));

/** "at admission, every 2 weeks, and at discharge (3 days either side)": the list joined as the locale joins one. */
export function describeSchedule(schedule: MeasureSchedule, format: Pick<Formatters, 'list'>): string {
  const every = schedule.every;
  const interval = every && (every.unit === 'days' ? (every.count === 1 ? 'everyDay' : 'everyDays') : every.count === 1 ? 'everyWeek' : 'everyWeeks');
  const occasions = [
    schedule.atAdmission ? sharedText(OCCASION_KINDS.admission).toLowerCase() : null,
    every && interval ? st(`measures.labels.${interval}`, { interval: every.count }) : null,
    schedule.atDischarge ? sharedText(OCCASION_KINDS.discharge).toLowerCase() : null,
  ].filter((p): p is string => p !== null);
  return st(schedule.graceDays === 1 ? 'measures.labels.withWindowDay' : 'measures.labels.withWindowDays', { occasions: format.list(occasions), graceDays: schedule.graceDays });
}

/** "Client, handed over by Name, LCSW" or "Clinician: Name, LCSW". */
export function enteredByLabel(admin: Pick<Administration, 'enteredBy' | 'recordedBy'>, staff: readonly StaffRecord[]): string {
  const [who] = staffLabels([admin.recordedBy], staff);
  return st(admin.enteredBy === 'client' ? 'measures.labels.clientHandedOverBy' : 'measures.labels.clinician', { staff: who ?? '' });
}

/** The band's label as stored with the administration. */
export function bandLabel(admin: Pick<Administration, 'instrumentId' | 'bandId'>): string {
  return MEASURES[admin.instrumentId].bands.find((b) => b.id === admin.bandId)?.label ?? admin.bandId;
}
