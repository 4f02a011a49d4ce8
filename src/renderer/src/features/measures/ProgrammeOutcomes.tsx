import { useMemo, useState } from 'react';
import { Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { MEASURE_IDS, MEASURES, programmeOutcome, type TrackOutcome } from '../../../../shared/measures';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { AdministrationRecord } from '../../repositories/measures';
import type { ProgramTree } from '../../repositories/programs';
import { st } from '../../i18n/staff';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

const mean = (value: number | null) => (value === null ? '—' : value.toFixed(1));
/** Signed, with a true minus sign: "−4.5". */
const signed = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}`);

function OutcomeRow({ label, outcome, header = false }: { label: string; outcome: Omit<TrackOutcome, 'trackId'>; header?: boolean }) {
  return (
    <Table.Tr fw={header ? 600 : undefined}>
      <Table.Th scope="row" fw={header ? 600 : 400}>
        {label}
      </Table.Th>
      <Table.Td>{outcome.included}</Table.Td>
      <Table.Td>{outcome.excluded}</Table.Td>
      <Table.Td>{mean(outcome.meanFirst)}</Table.Td>
      <Table.Td>{mean(outcome.meanLast)}</Table.Td>
      <Table.Td>{signed(outcome.meanChange)}</Table.Td>
    </Table.Tr>
  );
}

/**
 * Average change from admission to discharge per track, per instrument, over the episodes
 * discharged in a period: the first and last administration in each episode. Lower is better on
 * every shipped instrument.
 */
export function ProgrammeOutcomesSection() {
  const { episodes, measures, programs } = useServices();
  const discharged = useObservable(useMemo(() => episodes.discharged$(), [episodes]), [] as EpisodeRecord[]);
  const administrations = useObservable(useMemo(() => measures.all$(), [measures]), [] as AdministrationRecord[]);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const inPeriod = discharged
    .filter((e) => e.data.discharge && (!from || e.data.discharge.on >= from) && (!to || e.data.discharge.on <= to))
    .map((e) => ({ id: e.id, trackId: e.data.trackId }));
  const given = administrations.map((r) => r.data);
  const trackName = (id: string) => {
    const track = tree.tracks.find((t) => t.id === id);
    const program = tree.programs.find((p) => p.id === track?.programId);
    return track ? st('measures.ProgrammeOutcomes.programmeTrack', { programme: program?.data.name ?? st('app.unknownNames.programme'), track: track.data.name }) : st('app.unknownNames.track');
  };
  const outcomes = MEASURE_IDS.map((id) => programmeOutcome(id, inPeriod, given)).filter((o) => o.overall.included > 0);
  return (
    <Card withBorder component="section" aria-labelledby="programme-outcomes-heading">
      <Stack gap="sm">
        <Title order={3} size="h4" id="programme-outcomes-heading">
          {st('measures.ProgrammeOutcomes.programmeOutcomes')}
        </Title>
        <Text size="sm">
          {st('measures.ProgrammeOutcomes.averageChangeFromTheFirst')}
        </Text>
        <Group>
          <TextInput label={st('measures.ProgrammeOutcomes.dischargedFrom')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label={st('measures.ProgrammeOutcomes.dischargedTo')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
        {outcomes.length === 0 && (
          <Text size="sm" c="dimmed">
            {st('measures.ProgrammeOutcomes.noDischargedEpisodeInThe')}
          </Text>
        )}
        {outcomes.map((outcome) => (
          <Table.ScrollContainer key={outcome.instrumentId} minWidth={640}>
            <Table aria-label={st('measures.ProgrammeOutcomes.changeByTrack', { shortName: MEASURES[outcome.instrumentId].shortName })} captionSide="top">
              <Table.Caption ta="left" fw={600} c="var(--mantine-color-text)">{st('measures.ProgrammeOutcomes.total', { shortName: MEASURES[outcome.instrumentId].shortName, min: MEASURES[outcome.instrumentId].total.min, max: MEASURES[outcome.instrumentId].total.max })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.track')}</Table.Th>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.episodesAveraged')}</Table.Th>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.leftOut')}</Table.Th>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.meanAtAdmission')}</Table.Th>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.meanAtDischarge')}</Table.Th>
                  <Table.Th scope="col">{st('measures.ProgrammeOutcomes.meanChange')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...outcome.tracks]
                  .sort((a, b) => trackName(a.trackId).localeCompare(trackName(b.trackId)))
                  .map((track) => (
                    <OutcomeRow key={track.trackId} label={trackName(track.trackId)} outcome={track} />
                  ))}
                <OutcomeRow label={st('measures.ProgrammeOutcomes.allTracks')} outcome={outcome.overall} header />
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      </Stack>
    </Card>
  );
}
