import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { displayName } from '../../../../../shared/clients';
import { findDuplicates } from '../../../../../shared/duplicates';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import type { ClientRecord } from '../../../repositories/clients';
import { mergeDuplicateClient } from '../../../repositories/merge';
import { st } from '../../../i18n/staff';
import { errorText } from '../../../i18n/shared';

/** Records that look like the same person, with a merge that keeps everything from both. */
export function Duplicates({ client }: { client: ClientRecord }) {
  const services = useServices();
  const list = useObservable(useMemo(() => services.clients.list$(), [services.clients]), [] as ClientRecord[]);
  const [confirm, setConfirm] = useState<ClientRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const matches = useMemo(
    () =>
      findDuplicates(
        client.data,
        list.filter((c) => c.id !== client.id).map((c) => ({ id: c.id, identity: c.data })),
      ).flatMap((m) => list.filter((c) => c.id === m.id).map((c) => ({ match: m, record: c }))),
    [client, list],
  );
  if (matches.length === 0) return null;
  return (
    <Alert color="yellow" role="status" title={st('clients.chart.Duplicates.possibleDuplicateRecords')}>
      <Stack gap="xs">
        {matches.map(({ match, record }) => (
          <Group key={record.id} gap="sm">
            <Text size="sm">
              {st(match.reason === 'exact' ? 'clients.chart.Duplicates.bornSame' : 'clients.chart.Duplicates.bornSimilar', { name: displayName(record.data), dateOfBirth: record.data.dateOfBirth })}
            </Text>
            <Button component={Link} to={`/clients/${record.id}`} size="compact-sm" variant="default">
              {st('clients.chart.Duplicates.open')}
            </Button>
            <Button size="compact-sm" variant="light" onClick={() => setConfirm(record)}>
              {st('clients.chart.Duplicates.mergeIntoThisRecord')}
            </Button>
          </Group>
        ))}
      </Stack>
      {confirm && (
        <Modal opened onClose={() => setConfirm(null)} title={st('clients.chart.Duplicates.mergeDuplicateRecord')}>
          <Stack gap="sm">
            <Text size="sm">{st('clients.chart.Duplicates.willBeMergedIntoTheir', { data: displayName(confirm.data), data2: displayName(client.data) })}</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              {/* The safe choice has the focus, not the dialog's close button. */}
              <Button variant="default" onClick={() => setConfirm(null)} data-autofocus>
                {st('clients.chart.Duplicates.cancel')}
              </Button>
              <Button
                onClick={() =>
                  void mergeDuplicateClient(services, client.id, confirm.id, services.clock.today()).then(
                    () => setConfirm(null),
                    (failure: unknown) => setError(errorText(failure)),
                  )
                }
              >
                {st('clients.chart.Duplicates.merge')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Alert>
  );
}
