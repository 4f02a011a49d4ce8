import { useMemo, useState, type ReactNode } from 'react';
import { combineLatest, map } from 'rxjs';
import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { AuditEntry } from '../../../../shared/audit';
import { displayName } from '../../../../shared/clients';
import { LEVELS_OF_CARE } from '../../../../shared/episodes';
import { ATTENTION_KINDS, dismissal, type AttentionItem } from '../../../../shared/invariants';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { useFormat } from '../../i18n/useFormat';
import type { Formatters } from '../../../../shared/format';
import { chartTabPath } from '../clients/chart/chartPath';
import { ConflictsSection } from '../sync/ConflictsSection';
import type { ConflictRecord } from '../../repositories/conflicts';
import { attention$, CAPACITY_WINDOW, entries, type AttentionEntry, type AttentionView } from './attention';
import { sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';

const EMPTY: AttentionView = { items: [], clients: new Map(), episodes: new Map(), memberships: new Map(), authorizations: new Map(), sessions: [], notes: new Map(), tree: { programs: [], tracks: [], groups: [] } };

export function useAttention(): AttentionView {
  const services = useServices();
  const today = useToday();
  return useObservable(useMemo(() => attention$(services, today), [services, today]), EMPTY);
}

/**
 * How each record came to be: who created it, on which device, when (from the audit trail, which
 * syncs). Looked up per client, as the trail is indexed by client.
 */
function useOrigins(clientIds: readonly string[]): ReadonlyMap<string, AuditEntry> {
  const { audit } = useServices();
  const key = [...new Set(clientIds)].filter(Boolean).sort().join(',');
  const origins$ = useMemo(
    () =>
      combineLatest(key === '' ? [] : key.split(',').map((clientId) => audit.find$({ action: 'created', clientId }))).pipe(
        map((found) => new Map(found.flat().flatMap((e) => (e.target ? [[e.target.id, e] as const] : [])))),
      ),
    [audit, key],
  );
  return useObservable<ReadonlyMap<string, AuditEntry>>(origins$, new Map());
}

function Origin({ entry, thisDevice }: { entry: AuditEntry | undefined; thisDevice: string }) {
  const format = useFormat();
  if (!entry) return <Text span size="sm" c="dimmed">{st('attention.AttentionPage.notRecordedInTheAudit')}</Text>;
  const values = { who: entry.who.name || st('attention.AttentionPage.someoneNotSignedIn'), at: format.instant(entry.at) };
  return (
    <Text span size="sm" c="dimmed">
      {entry.deviceId === thisDevice
        ? st('attention.AttentionPage.recordedOnThisDevice', values)
        : st('attention.AttentionPage.recordedOnDevice', { ...values, device: entry.deviceId.slice(0, 8) })}
    </Text>
  );
}

/** A button that asks once more before it changes records. */
function Confirmed({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => Promise<unknown> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking)
    return (
      <Button size="compact-sm" variant="light" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <Group gap="xs">
      <Text size="sm">{confirm}</Text>
      <Button
        size="compact-sm"
        color="red"
        loading={busy}
        autoFocus
        onClick={() => {
          setBusy(true);
          void onConfirm().finally(() => setBusy(false));
        }}
      >{st('attention.AttentionPage.yes', { action: label.charAt(0).toLowerCase() + label.slice(1) })}</Button>
      <Button size="compact-sm" variant="default" onClick={() => setAsking(false)}>
        {st('attention.AttentionPage.cancel')}
      </Button>
    </Group>
  );
}

function ItemCard({ entry, view, headingId, children }: { entry: AttentionEntry; view: AttentionView; headingId: string; children: ReactNode }) {
  const format = useFormat();
  return (
    <Card withBorder component="article" aria-labelledby={headingId}>
      <Group gap="xs" mb="xs">
        <Badge color="orange">{sharedText(ATTENTION_KINDS[entry.item.kind])}</Badge>
        <Title order={3} size="h5" id={headingId}>
          {title(entry, view, format)}
        </Title>
      </Group>
      {children}
    </Card>
  );
}

function clientName(view: AttentionView, clientId: string | undefined): string {
  const client = clientId ? view.clients.get(clientId) : undefined;
  return client ? displayName(client.data) : st('attention.AttentionPage.clientNotHere');
}

function title(entry: AttentionEntry, view: AttentionView, format: Formatters): string {
  const { item } = entry;
  switch (item.kind) {
    case 'open-episodes':
      return st('attention.AttentionPage.openEpisodesTitle', { client: clientName(view, view.episodes.get(item.recordIds[0]!)?.clientId), episodes: item.recordIds.length });
    case 'duplicate-client':
      return st('attention.AttentionPage.duplicateClientTitle', { clients: format.list(item.recordIds.map((id) => clientName(view, id))) });
    case 'over-capacity': {
      const group = view.tree.groups.find((g) => g.id === view.memberships.get(item.recordIds[0]!)?.groupId);
      return st('attention.AttentionPage.overCapacityTitle', { group: group?.data.name ?? st('attention.AttentionPage.aGroup'), members: item.recordIds.length, capacity: group?.data.capacity ?? '?' });
    }
    case 'overlapping-authorizations':
      return st('attention.AttentionPage.overlappingTitle', { client: clientName(view, view.authorizations.get(item.recordIds[0]!)?.data.clientId), authorizations: item.recordIds.length });
    case 'orphan-note': {
      const note = view.notes.get(item.recordIds[0]!);
      return st('attention.AttentionPage.orphanNoteTitle', { date: note?.date ?? st('attention.AttentionPage.anUnknownDate'), client: clientName(view, note?.clientId) });
    }
    default:
      return sharedText(ATTENTION_KINDS[item.kind]);
  }
}

function OpenEpisodes({ item, view, origins, thisDevice, today }: { item: AttentionItem; view: AttentionView; origins: ReadonlyMap<string, AuditEntry>; thisDevice: string; today: string }) {
  const { episodes } = useServices();
  const programme = (id: string) => view.tree.programs.find((p) => p.id === id)?.data.name ?? st('attention.AttentionPage.aProgramme');
  const kept = (closing: string) => item.recordIds.find((id) => id !== closing)!;
  return (
    <Stack gap="xs">
      <Text size="sm">{st('attention.AttentionPage.bothWereAdmittedWhileThe')}</Text>
      <List spacing="xs">
        {item.recordIds.map((id) => {
          const episode = view.episodes.get(id)!;
          return (
            <List.Item key={id}>
              <Stack gap={2} align="flex-start">
                <Text size="sm">
                  {programme(episode.programId)}{st('attention.AttentionPage.admitted')}{' '}{episode.admittedOn}, {sharedText(LEVELS_OF_CARE[episode.data.admittedLevel])} — <Origin entry={origins.get(id)} thisDevice={thisDevice} />
                </Text>
                <Confirmed
                  label={st('attention.AttentionPage.closeThisEpisodeAsA')}
                  confirm={st('attention.AttentionPage.closeEpisodeConfirm', { admittedOn: episode.admittedOn })}
                  onConfirm={() =>
                    episodes.discharge(id, {
                      on: today < episode.admittedOn ? episode.admittedOn : today,
                      reason: 'administrative',
                      summary: st('attention.AttentionPage.duplicateAdmissionSummary', { kept: kept(id) }),
                      aftercare: {},
                    })
                  }
                />
              </Stack>
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}

function DuplicateClients({ item, view, origins, thisDevice }: { item: AttentionItem; view: AttentionView; origins: ReadonlyMap<string, AuditEntry>; thisDevice: string }) {
  const { attention, vault } = useServices();
  return (
    <Stack gap="xs">
      <Text size="sm">{st('attention.AttentionPage.theSameNameAndDate')}</Text>
      <List spacing="xs">
        {item.recordIds.map((id) => {
          const client = view.clients.get(id);
          return (
            <List.Item key={id}>
              <Anchor component={Link} to={`/clients/${id}`}>
                {clientName(view, id)}
              </Anchor>
              {client && <Text span size="sm">{st('attention.AttentionPage.born', { dateOfBirth: client.data.dateOfBirth })}</Text>} — <Origin entry={origins.get(id)} thisDevice={thisDevice} />
            </List.Item>
          );
        })}
      </List>
      <Group>
        <Confirmed label={st('attention.AttentionPage.notTheSamePerson')} confirm={st('attention.AttentionPage.notSamePersonConfirm')} onConfirm={() => attention.dismiss(dismissal(item, 'not-same-person'), vault.currentProfile().id, new Date().toISOString())} />
      </Group>
    </Stack>
  );
}

function OverCapacity({ entry, view, origins, thisDevice }: { entry: AttentionEntry; view: AttentionView; origins: ReadonlyMap<string, AuditEntry>; thisDevice: string }) {
  const { sessions, vault } = useServices();
  const groupId = view.memberships.get(entry.item.recordIds[0]!)?.groupId;
  const group = view.tree.groups.find((g) => g.id === groupId);
  const recent = [...entry.item.recordIds].map((id) => view.memberships.get(id)!).sort((a, b) => b.joinedOn.localeCompare(a.joinedOn));
  return (
    <Stack gap="xs">
      <Text size="sm">
        {entry.dates.length === 1 ? st('attention.AttentionPage.overCapacityOn', { date: entry.dates[0] }) : st('attention.AttentionPage.overCapacitySessions', { sessions: entry.dates.length, first: entry.dates[0], last: entry.dates.at(-1) })}
      </Text>
      <Text size="sm">{st('attention.AttentionPage.mostRecentMembers')}</Text>
      <List spacing={2}>
        {recent.slice(0, 3).map((m) => (
          <List.Item key={m.id}>
            <Text size="sm">
              {clientName(view, m.clientId)}{st('attention.AttentionPage.joined')}{' '}{m.joinedOn} — <Origin entry={origins.get(m.id)} thisDevice={thisDevice} />
            </Text>
          </List.Item>
        ))}
      </List>
      <Group gap="sm">
        {groupId && (
          <Button component={Link} to={`/groups/${groupId}`} size="compact-sm" variant="default">
            {st('attention.AttentionPage.openTheGroupToEnd')}
          </Button>
        )}
        <Confirmed
          label={st('attention.AttentionPage.confirmGoingOverCapacity')}
          confirm={
            entry.sessions.length === 1
              ? st('attention.AttentionPage.runOneSessionWith', { members: entry.item.recordIds.length })
              : st('attention.AttentionPage.runSessionsWith', { sessions: entry.sessions.length, members: entry.item.recordIds.length })
          }
          onConfirm={async () => {
            const override = { by: vault.currentProfile().id, at: new Date().toISOString() };
            for (const s of entry.sessions) await sessions.confirmOverCapacity(s.id, entry.item.recordIds.length, group?.data.capacity ?? 0, override);
          }}
        />
      </Group>
    </Stack>
  );
}

function OverlappingAuthorizations({ item, view, origins, thisDevice }: { item: AttentionItem; view: AttentionView; origins: ReadonlyMap<string, AuditEntry>; thisDevice: string }) {
  const first = view.authorizations.get(item.recordIds[0]!);
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm">{st('attention.AttentionPage.twoAuthorizationsOfOnePayer')}</Text>
      <List spacing="xs">
        {item.recordIds.map((id) => {
          const auth = view.authorizations.get(id);
          return (
            <List.Item key={id}>
              <Text size="sm">
                {auth ? st('attention.AttentionPage.authorizationNumber', { number: auth.data.number || st('attention.AttentionPage.none'), startOn: auth.data.startOn, endOn: auth.data.endOn }) : st('attention.AttentionPage.anAuthorizationNotOnThis')} — <Origin entry={origins.get(id)} thisDevice={thisDevice} />
              </Text>
            </List.Item>
          );
        })}
      </List>
      {first && (
        <Button component={Link} to={`/clients/${first.data.clientId}?tab=authorizations`} size="compact-sm" variant="default">
          {st('attention.AttentionPage.openTheClientSAuthorizations')}
        </Button>
      )}
    </Stack>
  );
}

function OrphanNote({ item, view }: { item: AttentionItem; view: AttentionView }) {
  const { attention, vault } = useServices();
  const note = view.notes.get(item.recordIds[0]!);
  const clientHere = note !== undefined && view.clients.has(note.clientId);
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm">{st(clientHere ? 'attention.AttentionPage.orphanSessionGone' : 'attention.AttentionPage.orphanClientGone')}</Text>
      <Group gap="sm">
        {note && clientHere && (
          <Button component={Link} to={chartTabPath(note.clientId, 'sessions')} size="compact-sm" variant="default">
            {st('attention.AttentionPage.openClientSessions')}
          </Button>
        )}
        <Confirmed label={st('attention.AttentionPage.keepNote')} confirm={st('attention.AttentionPage.keepNoteConfirm')} onConfirm={() => attention.dismiss(dismissal(item, 'keep-note'), vault.currentProfile().id, new Date().toISOString())} />
      </Group>
    </Stack>
  );
}

/** Records that break a practice rule since laptops worked apart, each with the ways to resolve it. */
export function AttentionPage() {
  const view = useAttention();
  const { audit, conflicts } = useServices();
  const today = useToday();
  const list = entries(view);
  // Sync conflicts wait for a person too: listed here beside the rules' items (and in Settings).
  const openConflicts = useObservable(useMemo(() => conflicts.open$(), [conflicts]), [] as ConflictRecord[]);
  const clientIds = useMemo(
    () =>
      view.items.flatMap((i) =>
        i.kind === 'duplicate-client'
          ? i.recordIds
          : i.kind === 'open-episodes'
            ? i.recordIds.map((id) => view.episodes.get(id)?.clientId ?? '')
            : i.kind === 'overlapping-authorizations'
              ? i.recordIds.map((id) => view.authorizations.get(id)?.data.clientId ?? '')
              : i.kind === 'orphan-note'
                ? []
                : i.recordIds.map((id) => view.memberships.get(id)?.clientId ?? ''),
      ),
    [view],
  );
  const origins = useOrigins(clientIds);
  return (
    <Stack>
      <Title order={2}>{st('attention.AttentionPage.needsAttention')}</Title>
      <Text size="sm" c="dimmed">{st('attention.AttentionPage.laptopsThatWorkApartCan', { daysBack: CAPACITY_WINDOW.daysBack, daysAhead: CAPACITY_WINDOW.daysAhead })}</Text>
      {list.length === 0 && openConflicts.length === 0 && (
        <Alert color="green" role="status">
          {st('attention.AttentionPage.nothingNeedsAttention')}
        </Alert>
      )}
      {list.map((entry, n) => (
        <ItemCard key={entry.item.key} entry={entry} view={view} headingId={`attention-${n}`}>
          {entry.item.kind === 'open-episodes' && <OpenEpisodes item={entry.item} view={view} origins={origins} thisDevice={audit.deviceId} today={today} />}
          {entry.item.kind === 'duplicate-client' && <DuplicateClients item={entry.item} view={view} origins={origins} thisDevice={audit.deviceId} />}
          {entry.item.kind === 'over-capacity' && <OverCapacity entry={entry} view={view} origins={origins} thisDevice={audit.deviceId} />}
          {entry.item.kind === 'overlapping-authorizations' && <OverlappingAuthorizations item={entry.item} view={view} origins={origins} thisDevice={audit.deviceId} />}
          {entry.item.kind === 'orphan-note' && <OrphanNote item={entry.item} view={view} />}
        </ItemCard>
      ))}
      <ConflictsSection />
    </Stack>
  );
}

/** On the dashboard, only while something waits: how many items, and the way to them. */
export function AttentionSummary() {
  const view = useAttention();
  const count = entries(view).length;
  if (count === 0) return null;
  return (
    <Alert color="orange" role="status" title={st('attention.AttentionPage.needsAttention')}>
      <Group justify="space-between">
        <Text size="sm">{st('attention.AttentionPage.recordsFromLaptopsThatWorked')}</Text>
        <Anchor component={Link} to="/attention">
          {count === 1 ? st('attention.AttentionPage.itemNeedsAttention') : st('attention.AttentionPage.itemsNeedAttention', { items: count })}
        </Anchor>
      </Group>
    </Alert>
  );
}
