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
import { st } from '../../i18n/staff';

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

  if (standings === null) return <Loader aria-label={st('authorizations.AuthorizationsReport.loading')} />;
  const payerName = (id: string) => standings.find((s) => s.payer?.id === id)?.payer?.name ?? st('authorizations.AuthorizationsSection.payerGone');
  const byPayer = utilizationByPayer(standings.map((s) => ({ payerId: s.record.data.payerId, status: s.record.data.status, units: s.record.data.units, used: s.consumption?.used ?? 0 })));
  return (
    <Stack gap="sm">
      <Card withBorder component="section" aria-labelledby="utilization-payer-heading">
        <Title order={3} size="h4" id="utilization-payer-heading" mb="xs">
          {st('authorizations.AuthorizationsReport.byPayer')}
        </Title>
        {byPayer.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('authorizations.AuthorizationsSection.none')}
          </Text>
        ) : (
          <Table aria-label={st('authorizations.AuthorizationsReport.byPayer')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thPayer')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thAuthorizations')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thUnitsAuthorized')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thUnitsUsed')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thRequested')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thDenied')}</Table.Th>
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
          {st('authorizations.AuthorizationsReport.byAuthorization')}
        </Title>
        {standings.length > 0 && (
          <Table aria-label={st('authorizations.AuthorizationsReport.byAuthorization')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thClient')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thPayerAndNumber')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thStatus')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thDates')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thUsed')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thWarnings')}</Table.Th>
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
                    {payer?.name ?? st('authorizations.AuthorizationsSection.payerGone')}
                    {record.data.number ? ` · ${record.data.number}` : ''}
                  </Table.Td>
                  <Table.Td>{AUTHORIZATION_STATUSES[record.data.status]}</Table.Td>
                  <Table.Td>
                    {st('authorizations.AuthorizationsSection.dates', { startOn: record.data.startOn, endOn: record.data.endOn })}
                  </Table.Td>
                  <Table.Td>{c ? st('authorizations.AuthorizationsReport.used', { used: c.used, units: record.data.units }) : '—'}</Table.Td>
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
          {st('authorizations.AuthorizationsReport.atRisk', { from: range.from, to: range.to })}
        </Title>
        {atRisk === null ? (
          <Loader size="sm" aria-label={st('authorizations.AuthorizationsReport.checking')} />
        ) : 'error' in atRisk ? (
          <Alert color="red" role="alert">
            {st('authorizations.AuthorizationsReport.couldNotCheck', { error: atRisk.error })}
          </Alert>
        ) : atRisk.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('authorizations.AuthorizationsReport.allReady')}
          </Text>
        ) : (
          <Table aria-label={st('authorizations.AuthorizationsReport.servicesAtRisk')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thDate')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thClient')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thService')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thStatus')}</Table.Th>
                <Table.Th scope="col">{st('authorizations.AuthorizationsReport.thWhy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {atRisk.map((line, i) => (
                // A psychiatric visit's add-on is a second line of the same session and client.
                <Table.Tr key={`${line.sessionId}-${line.clientId}-${i}`}>
                  <Table.Td>
                    {st('authorizations.AuthorizationsReport.when', { date: line.date, time: line.start })}
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
