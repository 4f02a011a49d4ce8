/** Settings: how long discharged clients stay on each laptop (docs/RETENTION.md). Administrators only. */
import { useMemo, useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { map } from 'rxjs';
import { ARCHIVE_AFTER_MONTHS, type ArchiveAfterMonths } from '../../../../shared/retention';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { sweepArchives } from '../../app/retention-sweep';
import { useArchived } from './useArchived';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const OPTIONS = ARCHIVE_AFTER_MONTHS.map((months) => ({ value: String(months), label: months === 0 ? st('retention.RetentionSection.never') : st('retention.RetentionSection.monthsAfter', { months }) }));

export function RetentionSection() {
  const services = useServices();
  const { settings, vault, retention } = services;
  const saved = useObservable(useMemo(() => settings.observe().pipe(map((s) => s.archiveAfterMonths ?? 0)), [settings]), null);
  const count = useArchived()?.length ?? null;
  const [choice, setChoice] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (vault.currentProfile().role !== 'administrator' || retention === undefined || saved === null) return null;
  const value = choice ?? String(saved);

  const save = async () => {
    setStatus(null);
    try {
      await settings.save({ archiveAfterMonths: Number(value) as ArchiveAfterMonths });
      setChoice(null);
      setStatus({ kind: 'ok', text: st('retention.RetentionSection.saved') });
    } catch (error) {
      setStatus({ kind: 'error', text: st('retention.RetentionSection.notSaved', { reason: errorText(error) }) });
    }
  };
  const archiveNow = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const n = await sweepArchives(services);
      setStatus({ kind: 'ok', text: n === 0 ? st('retention.RetentionSection.noneDue') : n === 1 ? st('retention.RetentionSection.oneArchivedNow') : st('retention.RetentionSection.manyArchivedNow', { clients: n }) });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={560} component="section" aria-labelledby="retention-title" id="retention">
      <Stack gap="md">
        <Title order={3} size="h4" id="retention-title">
          {st('retention.RetentionSection.title')}
        </Title>
        <Text size="sm">
          {st('retention.RetentionSection.explained')}
        </Text>
        <Select label={st('retention.RetentionSection.archiveFrom')} data={OPTIONS} value={value} onChange={(v) => v !== null && setChoice(v)} allowDeselect={false} />
        <Text size="sm" c="dimmed">
          {count === null ? '' : count === 1 ? st('retention.RetentionSection.oneArchived') : st('retention.RetentionSection.manyArchived', { clients: count })}
        </Text>
        <Group justify="space-between">
          <Text role="status" aria-live="polite" size="sm" c={status?.kind === 'error' ? 'red' : 'teal'}>
            {status?.text ?? ''}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => void archiveNow()} loading={busy} disabled={saved === 0 || choice !== null}>
              {st('retention.RetentionSection.archiveNow')}
            </Button>
            <Button onClick={() => void save()} disabled={choice === null || choice === String(saved)}>
              {st('retention.RetentionSection.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
