/** Settings: how long discharged clients stay on each laptop (docs/RETENTION.md). Administrators only. */
import { useMemo, useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { map } from 'rxjs';
import { ARCHIVE_AFTER_MONTHS, type ArchiveAfterMonths } from '../../../../shared/retention';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { sweepArchives } from './sweep';
import { useArchived } from './useArchived';

const OPTIONS = ARCHIVE_AFTER_MONTHS.map((months) => ({ value: String(months), label: months === 0 ? 'Never (keep every client on this laptop)' : `${months} months after discharge` }));

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
      setStatus({ kind: 'ok', text: 'Saved.' });
    } catch (error) {
      setStatus({ kind: 'error', text: `Not saved: ${(error as Error).message}` });
    }
  };
  const archiveNow = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const n = await sweepArchives(services);
      setStatus({ kind: 'ok', text: n === 0 ? 'No client is due for archiving.' : `${n} ${n === 1 ? 'client' : 'clients'} archived off this laptop.` });
    } catch (error) {
      setStatus({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={560} component="section" aria-labelledby="retention-title" id="retention">
      <Stack gap="md">
        <Title order={3} size="h4" id="retention-title">
          Keeping laptops light
        </Title>
        <Text size="sm">
          Clients discharged long ago can be archived off each laptop. Their records stay on the office sync server, on other laptops and in earlier backups, and
          come back to this laptop when someone opens them from the client list (that needs the office connection). Only records the server already holds are
          archived.
        </Text>
        <Select label="Archive clients from this laptop" data={OPTIONS} value={value} onChange={(v) => v !== null && setChoice(v)} allowDeselect={false} />
        <Text size="sm" c="dimmed">
          {count === null ? '' : count === 1 ? 'One client is archived off this laptop.' : `${count} clients are archived off this laptop.`}
        </Text>
        <Group justify="space-between">
          <Text role="status" aria-live="polite" size="sm" c={status?.kind === 'error' ? 'red' : 'teal'}>
            {status?.text ?? ''}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => void archiveNow()} loading={busy} disabled={saved === 0 || choice !== null}>
              Archive now
            </Button>
            <Button onClick={() => void save()} disabled={choice === null || choice === String(saved)}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
