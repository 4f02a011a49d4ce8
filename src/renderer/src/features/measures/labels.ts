/** How measures read on screen: instrument choices, schedules, who entered a response. */
import { ENTERED_BY, MEASURE_IDS, MEASURES, OCCASION_KINDS, type Administration, type MeasureSchedule } from '../../../../shared/measures';
import { staffLabels, type StaffRecord } from '../../repositories/staff';

export const INSTRUMENT_OPTIONS = MEASURE_IDS.map((id) => ({ value: id, label: `${MEASURES[id].shortName} — ${MEASURES[id].name}` }));

/** "at admission, every 2 weeks and at discharge (3 days either side)". */
export function describeSchedule(schedule: MeasureSchedule): string {
  const parts = [
    schedule.atAdmission ? OCCASION_KINDS.admission.toLowerCase() : null,
    schedule.every ? `every ${schedule.every.count} ${schedule.every.count === 1 ? schedule.every.unit.slice(0, -1) : schedule.every.unit}` : null,
    schedule.atDischarge ? OCCASION_KINDS.discharge.toLowerCase() : null,
  ].filter((p): p is string => p !== null);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
  return `${list} (${schedule.graceDays} ${schedule.graceDays === 1 ? 'day' : 'days'} either side)`;
}

/** "Client, handed over by Name, LCSW" or "Clinician: Name, LCSW". */
export function enteredByLabel(admin: Pick<Administration, 'enteredBy' | 'recordedBy'>, staff: readonly StaffRecord[]): string {
  const [who] = staffLabels([admin.recordedBy], staff);
  return admin.enteredBy === 'client' ? `${ENTERED_BY.client}, handed over by ${who}` : `${ENTERED_BY.clinician}: ${who}`;
}

/** The band's label as stored with the administration. */
export function bandLabel(admin: Pick<Administration, 'instrumentId' | 'bandId'>): string {
  return MEASURES[admin.instrumentId].bands.find((b) => b.id === admin.bandId)?.label ?? admin.bandId;
}
