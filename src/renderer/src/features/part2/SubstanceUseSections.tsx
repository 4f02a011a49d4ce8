import { useMemo } from 'react';
import { isPart2Record } from '../../../../shared/exports';
import type { ClientIdentity } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { SubstanceUseState } from '../../repositories/substance-use';
import { AsamSection } from './AsamSection';
import { DrugScreensSection } from './DrugScreensSection';
import { Part2Section } from './Part2Section';

const EMPTY: SubstanceUseState = { assessments: [], screens: [], expected: null, sobriety: null };

/** The chart's substance-use sections, for a Part 2 record only: consents and disclosures, ASAM placement, drug screens. */
export function SubstanceUseSections({ clientId, client, clientName, episodes, today }: { clientId: string; client: ClientIdentity; clientName: string; episodes: EpisodeRecord[]; today: string }) {
  const { contacts, substanceUse } = useServices();
  const people = useObservable(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  const state = useObservable(useMemo(() => substanceUse.forClient$(clientId), [substanceUse, clientId]), EMPTY);
  if (people === null || !isPart2Record(client, people.releases.map((r) => r.data))) return null;
  const open = episodes.find((e) => e.status === 'active') ?? null;
  return (
    <>
      <Part2Section clientId={clientId} clientName={clientName} today={today} />
      <AsamSection clientId={clientId} open={open} episodes={episodes} assessments={state.assessments} today={today} />
      <DrugScreensSection clientId={clientId} episodeId={open?.id ?? null} state={state} today={today} />
    </>
  );
}
