import { useMemo } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';

export function ClientsPage() {
  const { clients } = useServices();
  const clients$ = useMemo(() => clients.list$(), [clients]);
  const list = useObservable<ClientRecord[] | null>(clients$, null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Clients</Title>
        <Button component={Link} to="/clients/new" leftSection={<IconPlus size={16} aria-hidden />}>
          New client
        </Button>
      </Group>
      {list !== null && list.length === 0 && (
        <Paper withBorder p="lg">
          <Text c="dimmed">No clients yet. Add the first with “New client”.</Text>
        </Paper>
      )}
      {list !== null && list.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label="Clients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Date of birth</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((client) => (
              <Table.Tr key={client.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/clients/${client.id}`}>
                    {displayName(client.data)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{client.data.dateOfBirth}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={client.status === 'waitlist' ? 'yellow' : client.status === 'active' ? 'teal' : 'gray'}>
                    {client.status}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
