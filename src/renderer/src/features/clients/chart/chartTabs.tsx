/**
 * The chart's tabs, in order. Adding a tab is one entry here: its value (the `?tab=` of the
 * address), its label and what it shows, given the chart's context. Alt+Shift+<n> opens the n-th.
 */
import type { ReactNode } from 'react';
import { Stack } from '@mantine/core';
import { displayName } from '../../../../../shared/clients';
import type { ClientRecord } from '../../../repositories/clients';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';
import { currentLevel } from '../../../../../shared/episodes';
import { AuthorizationsSection } from '../../authorizations/AuthorizationsSection';
import { MeasuresSection } from '../../measures/MeasuresSection';
import { SubstanceUseSections } from '../../part2/SubstanceUseSections';
import { TreatmentPlanSection } from '../../plans/TreatmentPlanSection';
import { DocumentsSection } from '../../print/DocumentsSection';
import { HoursSection } from '../../reports/HoursSection';
import { Details, EpisodesPanel } from './ChartPanels';
import { ContactsSection } from './ContactsSection';
import { SessionsSection } from './SessionsSection';
import { st } from '../../../i18n/staff';

export interface ChartContext {
  clientId: string;
  client: ClientRecord;
  today: string;
  /** Every episode, newest first. */
  episodes: EpisodeRecord[];
  /** The open episode, if any. */
  open: EpisodeRecord | undefined;
  tree: ProgramTree;
  memberships: MembershipRecord[];
  /** Opens one of the chart's episode dialogs. */
  openForm: (form: 'level' | 'discharge') => void;
}

export interface ChartTab {
  value: string;
  label: string;
  render: (chart: ChartContext) => ReactNode;
}

export const CHART_TABS = [
  {
    value: 'overview',
    label: st('clients.chart.chartTabs.overview'),
    render: (c) => (
      <Stack gap="md">
        <Details data={c.client.data} />
        <HoursSection clientId={c.clientId} clientName={displayName(c.client.data)} today={c.today} />
      </Stack>
    ),
  },
  { value: 'sessions', label: st('clients.chart.chartTabs.sessions'), render: (c) => <SessionsSection clientId={c.clientId} clientName={displayName(c.client.data)} today={c.today} /> },
  { value: 'plan', label: st('clients.chart.chartTabs.plan'), render: (c) => <TreatmentPlanSection clientId={c.clientId} openEpisodeId={c.open?.id ?? null} today={c.today} /> },
  { value: 'measures', label: st('clients.chart.chartTabs.measures'), render: (c) => <MeasuresSection clientId={c.clientId} episodes={c.episodes} today={c.today} /> },
  {
    value: 'substance-use',
    label: st('clients.chart.chartTabs.substanceUse'),
    render: (c) => <SubstanceUseSections clientId={c.clientId} client={c.client.data} clientName={`${c.client.data.firstName} ${c.client.data.lastName}`} episodes={c.episodes} today={c.today} />,
  },
  {
    value: 'authorizations',
    label: st('clients.chart.chartTabs.authorizations'),
    render: (c) => <AuthorizationsSection clientId={c.clientId} episodeId={c.open?.id ?? null} clinicalLevel={c.open ? currentLevel(c.open.data) : null} today={c.today} />,
  },
  { value: 'contacts', label: st('clients.chart.chartTabs.contacts'), render: (c) => <ContactsSection clientId={c.clientId} today={c.today} /> },
  { value: 'episodes', label: st('clients.chart.chartTabs.episodes'), render: (c) => <EpisodesPanel episodes={c.episodes} tree={c.tree} memberships={c.memberships} onChangeLevel={() => c.openForm('level')} onDischarge={() => c.openForm('discharge')} /> },
  { value: 'documents', label: st('clients.chart.chartTabs.documents'), render: (c) => <DocumentsSection clientId={c.clientId} /> },
] as const satisfies readonly ChartTab[];

export type ChartTabValue = (typeof CHART_TABS)[number]['value'];

export const isChartTab = (value: string | null): value is ChartTabValue => CHART_TABS.some((t) => t.value === value);
