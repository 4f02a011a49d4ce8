/**
 * The client list's archived clients (docs/RETENTION.md): found by name while off this laptop,
 * each with "Bring back", which fetches their records from the office sync server.
 */
import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useServices } from '../../app/services';
import { useArchived } from './useArchived';
import { Trans } from 'react-i18next';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const matches = (name: string, query: string) => query.trim().toLowerCase().split(/\s+/).every((word) => name.toLowerCase().includes(word));

export function ArchivedClients({ query }: { query: string }) {
  const { retention } = useServices();
  const archived = useArchived();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  if (retention === undefined || archived === null || archived.length === 0) return null;
  const shown = archived.filter((entry) => matches(entry.name, query)).sort((a, b) => a.name.localeCompare(b.name));

  const bringBack = async (clientId: string, name: string) => {
    setBusy(clientId);
    setMessage(null);
    try {
      await retention.bringBack(clientId);
      setMessage({ kind: 'ok', text: st('retention.ArchivedClients.isBack', { name }) });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="archived-clients-title">
      <Stack gap="sm">
        <Text fw={600} id="archived-clients-title">
          {st('retention.ArchivedClients.title', { archived: archived.length })}
        </Text>
        <Text size="sm" c="dimmed">
          {st('retention.ArchivedClients.explained')}
        </Text>
        {message !== null && (
          <Alert color={message.kind === 'error' ? 'red' : 'teal'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </Alert>
        )}
        {shown.length === 0 && <Text size="sm">{st('retention.ArchivedClients.noMatch')}</Text>}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {shown.map((entry) => (
            <Group key={entry.clientId} component="li" justify="space-between" wrap="nowrap">
              <Text>
                <Trans t={st} i18nKey="retention.ArchivedClients.archivedName" components={{ name: <>{entry.name}</>, dim: <Text span size="sm" c="dimmed" /> }} />
              </Text>
              <Button size="xs" variant="light" loading={busy === entry.clientId} disabled={busy !== null} onClick={() => void bringBack(entry.clientId, entry.name)} aria-label={st('retention.ArchivedClients.bringBackName', { name: entry.name })}>
                {st('retention.ArchivedClients.bringBack')}
              </Button>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
