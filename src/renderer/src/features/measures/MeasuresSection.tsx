import { useMemo, useState } from 'react';
import { Badge, Button, Card, Group, List, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconDeviceTablet } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ADMINISTRATION_STATUSES, MEASURE_IDS, MEASURES, OCCASION_KINDS, OCCASION_STATUSES, type MeasureId, type MeasureOccasion, type MeasureSchedule } from '../../../../shared/measures';
import { DataTable } from '../../app/DataTable';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { AdministrationRecord } from '../../repositories/measures';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { GiveMeasureDialog } from './GiveMeasureDialog';
import { KIOSK_PATH, type KioskState } from './kiosk';
import { bandLabel, describeSchedule, enteredByLabel } from './labels';
import { ClientMeasureAlerts } from './MeasureAlerts';
import { ScheduleDialog } from './ScheduleDialog';
import { TrendChart } from './TrendChart';
import { st } from '../../i18n/staff';
import { useFormat } from '../../i18n/useFormat';
import { sharedText } from '../../i18n/shared';

/** What the open episode's schedule asks for today, and the way to set that schedule. */
function DueMeasures({ episode, today, onGive }: { episode: EpisodeRecord; today: string; onGive: (id: MeasureId) => void }) {
  const { measures, vault } = useServices();
  const format = useFormat();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schedules = useObservable(useMemo(() => measures.schedules$(episode.id), [measures, episode.id]), [] as MeasureSchedule[]);
  const due = useObservable(
    useMemo(() => measures.due$({ id: episode.id, admittedOn: episode.data.admittedOn, dischargedOn: episode.data.discharge?.on ?? null }, today), [measures, episode, today]),
    [] as MeasureOccasion[],
  );
  const [editing, setEditing] = useState(false);
  return (
    <Stack gap={6} component="section" aria-labelledby="measures-due-heading">
      <Group justify="space-between">
        <Title order={4} size="h5" id="measures-due-heading">
          {st('measures.MeasuresSection.dueInThisEpisode')}
        </Title>
        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)}>
          {schedules.length === 0 ? st('measures.MeasuresSection.setTheMeasureSchedule') : st('measures.MeasuresSection.changeTheMeasureSchedule')}
        </Button>
      </Group>
      {schedules.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('measures.MeasuresSection.noMeasureScheduleForThis')}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">{st('measures.MeasuresSection.schedule', { schedules: schedules.map((s) => `${MEASURES[s.instrumentId].shortName} ${describeSchedule(s, format)}`).join('; ') })}</Text>
      )}
      {schedules.length > 0 && due.length === 0 && <Text size="sm">{st('measures.MeasuresSection.nothingDueToday')}</Text>}
      {due.length > 0 && (
        <Group>
          <Button
            size="compact-sm"
            leftSection={<IconDeviceTablet size={16} aria-hidden />}
            onClick={() => {
              // The kiosk asks only what is due, each instrument once, in the instruments' usual order.
              const instrumentIds = MEASURE_IDS.filter((id) => due.some((o) => o.instrumentId === id));
              void navigate(KIOSK_PATH, { state: { clientId: episode.clientId, episodeId: episode.id, instrumentIds, recordedBy: vault.currentProfile().id, done: [] } satisfies KioskState });
            }}
          >
            {t('kiosk.start', { total: new Set(due.map((o) => o.instrumentId)).size })}
          </Button>
        </Group>
      )}
      {due.length > 0 && (
        <List size="sm" spacing={4} aria-label={st('measures.MeasuresSection.measuresDue')} listStyleType="none">
          {due.map((o) => (
            <List.Item key={`${o.instrumentId}-${o.dueOn}`}>
              <Group gap="xs">
                <Badge color={o.status === 'overdue' ? 'red' : 'yellow'} variant="light">
                  {sharedText(OCCASION_STATUSES[o.status])}
                </Badge>
                <Text size="sm">{st('measures.MeasuresSection.due', { shortName: MEASURES[o.instrumentId].shortName, occasion: sharedText(OCCASION_KINDS[o.kind]), dueOn: o.dueOn })}</Text>
                <Button size="compact-xs" variant="light" onClick={() => onGive(o.instrumentId)} aria-label={st('measures.MeasuresSection.giveTheDue', { shortName: MEASURES[o.instrumentId].shortName, dueOn: o.dueOn })}>
                  {st('measures.MeasuresSection.giveNow')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {editing && <ScheduleDialog clientId={episode.clientId} episodeId={episode.id} today={today} current={schedules} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

function FollowUp({ record, staff }: { record: AdministrationRecord; staff: readonly StaffRecord[] }) {
  const ack = record.data.acknowledgement;
  if (record.status === 'alert-open') {
    return (
      <Badge color="red" variant="filled">
        {sharedText(ADMINISTRATION_STATUSES['alert-open'])}
      </Badge>
    );
  }
  if (!ack) return <Text size="sm">—</Text>;
  return (
    <Text size="sm">{st('measures.MeasuresSection.by', { status: sharedText(ADMINISTRATION_STATUSES['alert-acknowledged']), by: staffLabels([ack.by], staff)[0], date: ack.at.slice(0, 10), time: ack.at.slice(11, 16), followUpNote: ack.followUpNote })}</Text>
  );
}

function AdministrationsTable({ records, staff }: { records: readonly AdministrationRecord[]; staff: readonly StaffRecord[] }) {
  return (
    <DataTable
      label={st('measures.MeasuresSection.measuresGiven')}
      minWidth={720}
      verticalSpacing={6}
      rows={[...records].reverse()}
      rowKey={(r) => r.id}
      columns={[
        { header: st('measures.MeasuresSection.date'), cell: (r) => r.date },
        { header: st('measures.MeasuresSection.instrument'), cell: (r) => MEASURES[r.data.instrumentId].shortName },
        { header: st('measures.MeasuresSection.total'), cell: (r) => `${r.data.total} / ${MEASURES[r.data.instrumentId].total.max}` },
        { header: st('measures.MeasuresSection.severity'), cell: (r) => bandLabel(r.data) },
        { header: st('measures.MeasuresSection.enteredBy'), cell: (r) => enteredByLabel(r.data, staff) },
        { header: st('measures.MeasuresSection.alertFollowUp'), cell: (r) => <FollowUp record={r} staff={staff} /> },
      ]}
    />
  );
}

function Trends({ records }: { records: readonly AdministrationRecord[] }) {
  const given = MEASURE_IDS.filter((id) => records.some((r) => r.data.instrumentId === id));
  const [tab, setTab] = useState<string | null>(null);
  if (given.length === 0) return null;
  const active = tab !== null && given.includes(tab as MeasureId) ? tab : given[0]!;
  return (
    <Stack gap={6} component="section" aria-labelledby="measures-trend-heading">
      <Title order={4} size="h5" id="measures-trend-heading">
        {st('measures.MeasuresSection.trend')}
      </Title>
      <Tabs value={active} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label={st('measures.MeasuresSection.instrument')}>
          {given.map((id) => (
            <Tabs.Tab key={id} value={id}>{st('measures.MeasuresSection.trend2', { shortName: MEASURES[id].shortName })}</Tabs.Tab>
          ))}
        </Tabs.List>
        {given.map((id) => (
          <Tabs.Panel key={id} value={id} pt="sm">
            <TrendChart def={MEASURES[id]} administrations={records.map((r) => r.data)} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/**
 * The client's outcome measures in the chart: open alerts first, what is due in the open episode,
 * every administration with who entered it, and a trend per instrument.
 */
export function MeasuresSection({ clientId, episodes, today }: { clientId: string; episodes: readonly EpisodeRecord[]; today: string }) {
  const { measures, staff } = useServices();
  const records = useObservable(useMemo(() => measures.forClient$(clientId), [measures, clientId]), [] as AdministrationRecord[]);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const [giving, setGiving] = useState<{ instrumentId: MeasureId | null } | null>(null);
  const open = episodes.find((e) => e.status === 'active');
  // Measures belong to an episode: the open one, or after discharge the latest (a follow-up measure).
  const target = open ?? episodes[0];
  return (
    <Card withBorder component="section" aria-labelledby="measures-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="measures-heading">
            {st('measures.MeasuresSection.outcomeMeasures')}
          </Title>
          <Button size="compact-sm" variant="light" onClick={() => setGiving({ instrumentId: null })} disabled={!target}>
            {st('measures.MeasuresSection.giveAMeasure')}
          </Button>
        </Group>
        <ClientMeasureAlerts clientId={clientId} today={today} />
        {!target && (
          <Text size="sm" c="dimmed">
            {st('measures.MeasuresSection.measuresAreGivenWithinAn')}
          </Text>
        )}
        {open && <DueMeasures episode={open} today={today} onGive={(instrumentId) => setGiving({ instrumentId })} />}
        {records.length === 0 ? (
          target && (
            <Text size="sm" c="dimmed">
              {st('measures.MeasuresSection.noMeasuresGivenYet')}
            </Text>
          )
        ) : (
          <>
            <AdministrationsTable records={records} staff={staffList} />
            <Trends records={records} />
          </>
        )}
      </Stack>
      {giving && target && <GiveMeasureDialog clientId={clientId} episodeId={target.id} today={today} instrumentId={giving.instrumentId} onClose={() => setGiving(null)} />}
    </Card>
  );
}
