import { useMemo } from 'react';
import { catchError, defer, map, of } from 'rxjs';
import { Alert, Anchor, Badge, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { chartTabPath } from '../clients/chart/chartPath';
import { AUTHORIZATION_STATUSES, CLAIM_STATUS_TEXT, claimServiceText, utilizationByPayer, WARNING_TEXT, type ClaimLine } from '../../../../shared/billing';
import type { DateRange } from '../../../../shared/schedule';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { claimLinesIn } from '../reports/billing-export';
import { practiceStanding$, type AuthorizationStanding } from './standing';

/**
 * Authorizations across the practice: utilisation per authorization and per payer (denials and
 * requests counted), and the services of the chosen dates at risk (no signed note, no payer,
 * outside an approved authorization), as the billing gate decides them.
 */
export function AuthorizationsReport({ range, today, name }: { range: DateRange; today: string; name: (clientId: string) => string }) {
  const services = useServices();
  const standings = useObservable<AuthorizationStanding[] | null>(useMemo(() => practiceStanding$(services, today), [services, today]), null);
  const mapping = useObservable(useMemo(() => services.settings.observe(), [services.settings]), DEFAULT_PRACTICE_SETTINGS).serviceCodes;
  const atRisk = useObservable<ClaimLine[] | { error: string } | null>(
    useMemo(
      () =>
        defer(() => claimLinesIn(services, { range, mapping, today })).pipe(
          map((lines): ClaimLine[] | { error: string } => lines.filter((l) => l.status !== 'ready')),
          catchError((error: unknown) => of({ error: (error as Error).message })),
        ),
      [services, range, mapping, today],
    ),
    null,
  );

  if (standings === null) return <Loader aria-label="Loading authorizations" />;
  const payerName = (id: string) => standings.find((s) => s.payer?.id === id)?.payer?.name ?? 'A payer no longer listed';
  const byPayer = utilizationByPayer(standings.map((s) => ({ payerId: s.record.data.payerId, status: s.record.data.status, units: s.record.data.units, used: s.consumption?.used ?? 0 })));
  return (
    <Stack gap="sm">
      <Card withBorder component="section" aria-labelledby="utilization-payer-heading">
        <Title order={3} size="h4" id="utilization-payer-heading" mb="xs">
          Utilisation by payer
        </Title>
        {byPayer.length === 0 ? (
          <Text size="sm" c="dimmed">
            No authorization on file.
          </Text>
        ) : (
          <Table aria-label="Utilisation by payer">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Payer</Table.Th>
                <Table.Th scope="col">Authorizations</Table.Th>
                <Table.Th scope="col">Units authorized</Table.Th>
                <Table.Th scope="col">Units used</Table.Th>
                <Table.Th scope="col">Requested</Table.Th>
                <Table.Th scope="col">Denied</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byPayer.map((row) => (
                <Table.Tr key={row.payerId}>
                  <Table.Th scope="row">{payerName(row.payerId)}</Table.Th>
                  <Table.Td>{row.authorizations}</Table.Td>
                  <Table.Td>{row.unitsAuthorized}</Table.Td>
                  <Table.Td>{row.unitsUsed}</Table.Td>
                  <Table.Td>{row.requested}</Table.Td>
                  <Table.Td>{row.denied}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="utilization-heading">
        <Title order={3} size="h4" id="utilization-heading" mb="xs">
          Utilisation by authorization
        </Title>
        {standings.length > 0 && (
          <Table aria-label="Utilisation by authorization">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Client</Table.Th>
                <Table.Th scope="col">Payer and number</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Dates</Table.Th>
                <Table.Th scope="col">Used</Table.Th>
                <Table.Th scope="col">Warnings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {standings.map(({ record, payer, consumption: c }) => (
                <Table.Tr key={record.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} to={chartTabPath(record.clientId, 'authorizations')}>
                      {name(record.clientId)}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>
                    {payer?.name ?? 'A payer no longer listed'}
                    {record.data.number ? ` · ${record.data.number}` : ''}
                  </Table.Td>
                  <Table.Td>{AUTHORIZATION_STATUSES[record.data.status]}</Table.Td>
                  <Table.Td>
                    {record.data.startOn} to {record.data.endOn}
                  </Table.Td>
                  <Table.Td>{c ? `${c.used} of ${record.data.units}` : '—'}</Table.Td>
                  <Table.Td>
                    {c?.warnings.map((w) => (
                      <Badge key={w} size="sm" mr={4} color={w === 'units-low' || w === 'days-low' ? 'orange' : 'red'}>
                        {WARNING_TEXT[w](c)}
                      </Badge>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="at-risk-heading">
        <Title order={3} size="h4" id="at-risk-heading" mb="xs">
          Services at risk, {range.from} to {range.to}
        </Title>
        {atRisk === null ? (
          <Loader size="sm" aria-label="Checking services" />
        ) : 'error' in atRisk ? (
          <Alert color="red" role="alert">
            The services could not be checked: {atRisk.error}
          </Alert>
        ) : atRisk.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every service of these dates is ready to bill.
          </Text>
        ) : (
          <Table aria-label="Services at risk">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Client</Table.Th>
                <Table.Th scope="col">Service</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {atRisk.map((line, i) => (
                // A psychiatric visit's add-on is a second line of the same session and client.
                <Table.Tr key={`${line.sessionId}-${line.clientId}-${i}`}>
                  <Table.Td>
                    {line.date} {line.start}
                  </Table.Td>
                  <Table.Td>{name(line.clientId)}</Table.Td>
                  <Table.Td>{claimServiceText(line)}</Table.Td>
                  <Table.Td>{CLAIM_STATUS_TEXT[line.status]}</Table.Td>
                  <Table.Td>{line.reasons.join('; ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
