import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { ArchivedClients } from '../retention/ArchivedClients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord, ClientStatus } from '../../repositories/clients';
import { st } from '../../i18n/staff';
import { clientStatusLabel } from './clientStatus';

const FILTERS: { value: 'all' | ClientStatus; label: string }[] = [
  { value: 'all', label: st('clients.ClientsPage.filters.all') },
  { value: 'waitlist', label: st('clients.ClientsPage.filters.waitlist') },
  { value: 'active', label: st('clients.ClientsPage.filters.active') },
  { value: 'discharged', label: st('clients.ClientsPage.filters.discharged') },
];

/** Shown at most at once: beyond this, search narrows the list (a table of 2,000 rows helps nobody). */
const MAX_ROWS = 200;

export function ClientsPage() {
  const { clients, search } = useServices();
  const clients$ = useMemo(() => clients.list$(), [clients]);
  const list = useObservable<ClientRecord[] | null>(clients$, null);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<'all' | ClientStatus>('all');

  const shown = useMemo(() => {
    if (list === null) return [];
    const matching = query.trim() ? search.search(query, MAX_ROWS).map((r) => r.client) : list;
    return matching.filter((c) => filter === 'all' || c.status === filter);
  }, [list, query, filter, search]);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{st('clients.ClientsPage.clients')}</Title>
        <Button component={Link} to="/clients/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {st('clients.ClientsPage.newClient')}
        </Button>
      </Group>
      {list !== null && list.length === 0 && (
        <Paper withBorder p="lg">
          <Text c="dimmed">{st('clients.ClientsPage.noClientsYetAddThe')}</Text>
        </Paper>
      )}
      {list !== null && list.length > 0 && (
        <>
          <Group gap="sm">
            <TextInput
              aria-label={st('clients.ClientsPage.searchClients')}
              placeholder={st('clients.ClientsPage.namePreferredNameDateOf')}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              w={360}
            />
            <SegmentedControl aria-label={st('clients.ClientsPage.status')} data={FILTERS} value={filter} onChange={(v) => setFilter(v as typeof filter)} />
            <Text size="sm" c="dimmed" role="status">
              {shown.length > MAX_ROWS ? st('clients.ClientsPage.firstOfShownSearchTo', { MAX_ROWS, length: shown.length }) : st('clients.ClientsPage.of', { length: shown.length, length2: list.length })}
            </Text>
          </Group>
          <Table striped highlightOnHover withTableBorder aria-label={st('clients.ClientsPage.clients')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('clients.ClientsPage.name')}</Table.Th>
                <Table.Th scope="col">{st('clients.ClientsPage.dateOfBirth')}</Table.Th>
                <Table.Th scope="col">{st('clients.ClientsPage.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.slice(0, MAX_ROWS).map((client) => (
                <Table.Tr key={client.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/clients/${client.id}`}>
                      {displayName(client.data)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{client.data.dateOfBirth}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={client.status === 'waitlist' ? 'yellow' : client.status === 'active' ? 'teal' : 'gray'}>
                      {clientStatusLabel(client.status)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <ArchivedClients query={query} />
    </Stack>
  );
}
