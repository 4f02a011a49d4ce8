import { useMemo } from 'react';
import { catchError, defer, map, of } from 'rxjs';
import { Alert, Anchor, Badge, Card, Loader, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { chartTabPath } from '../clients/chart/chartPath';
import { AUTHORIZATION_STATUSES, CLAIM_STATUS_TEXT, claimServiceText, utilizationByPayer, WARNING_TEXT, type ClaimLine } from '../../../../shared/billing';
import type { DateRange } from '../../../../shared/schedule';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { DataTable } from '../../app/DataTable';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { claimLinesIn } from '../reports/billing-export';
import { practiceStanding$, type AuthorizationStanding } from './standing';
import { st } from '../../i18n/staff';
import { errorText, messagesText, sharedText } from '../../i18n/shared';

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
          catchError((error: unknown) => of({ error: errorText(error) })),
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
        <DataTable
          label={st('authorizations.AuthorizationsReport.byPayer')}
          empty={st('authorizations.AuthorizationsSection.none')}
          rows={byPayer}
          rowKey={(row) => row.payerId}
          columns={[
            { header: st('authorizations.AuthorizationsReport.thPayer'), cell: (row) => payerName(row.payerId), rowHeader: true },
            { header: st('authorizations.AuthorizationsReport.thAuthorizations'), cell: (row) => row.authorizations },
            { header: st('authorizations.AuthorizationsReport.thUnitsAuthorized'), cell: (row) => row.unitsAuthorized },
            { header: st('authorizations.AuthorizationsReport.thUnitsUsed'), cell: (row) => row.unitsUsed },
            { header: st('authorizations.AuthorizationsReport.thRequested'), cell: (row) => row.requested },
            { header: st('authorizations.AuthorizationsReport.thDenied'), cell: (row) => row.denied },
          ]}
        />
      </Card>
      <Card withBorder component="section" aria-labelledby="utilization-heading">
        <Title order={3} size="h4" id="utilization-heading" mb="xs">
          {st('authorizations.AuthorizationsReport.byAuthorization')}
        </Title>
        {standings.length > 0 && (
          <DataTable
            label={st('authorizations.AuthorizationsReport.byAuthorization')}
            rows={standings}
            rowKey={({ record }) => record.id}
            columns={[
              {
                header: st('authorizations.AuthorizationsReport.thClient'),
                rowHeader: true,
                cell: ({ record }) => (
                  <Anchor component={Link} to={chartTabPath(record.clientId, 'authorizations')}>
                    {name(record.clientId)}
                  </Anchor>
                ),
              },
              {
                header: st('authorizations.AuthorizationsReport.thPayerAndNumber'),
                cell: ({ record, payer }) => `${payer?.name ?? st('authorizations.AuthorizationsSection.payerGone')}${record.data.number ? ` · ${record.data.number}` : ''}`,
              },
              { header: st('authorizations.AuthorizationsReport.thStatus'), cell: ({ record }) => sharedText(AUTHORIZATION_STATUSES[record.data.status]) },
              { header: st('authorizations.AuthorizationsReport.thDates'), cell: ({ record }) => st('authorizations.AuthorizationsSection.dates', { startOn: record.data.startOn, endOn: record.data.endOn }) },
              { header: st('authorizations.AuthorizationsReport.thUsed'), cell: ({ record, consumption: c }) => (c ? st('authorizations.AuthorizationsReport.used', { used: c.used, units: record.data.units }) : '—') },
              {
                header: st('authorizations.AuthorizationsReport.thWarnings'),
                cell: ({ consumption: c }) =>
                  c?.warnings.map((w) => (
                    <Badge key={w} size="sm" mr={4} color={w === 'units-low' || w === 'days-low' ? 'orange' : 'red'}>
                      {messagesText([WARNING_TEXT[w](c)])}
                    </Badge>
                  )),
              },
            ]}
          />
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
        ) : (
          <DataTable
            label={st('authorizations.AuthorizationsReport.servicesAtRisk')}
            empty={st('authorizations.AuthorizationsReport.allReady')}
            rows={atRisk}
            // A psychiatric visit's add-on is a second line of the same session and client.
            rowKey={(line, i) => `${line.sessionId}-${line.clientId}-${i}`}
            columns={[
              { header: st('authorizations.AuthorizationsReport.thDate'), cell: (line) => st('authorizations.AuthorizationsReport.when', { date: line.date, time: line.start }) },
              { header: st('authorizations.AuthorizationsReport.thClient'), cell: (line) => name(line.clientId) },
              { header: st('authorizations.AuthorizationsReport.thService'), cell: (line) => claimServiceText(line) },
              { header: st('authorizations.AuthorizationsReport.thStatus'), cell: (line) => sharedText(CLAIM_STATUS_TEXT[line.status]) },
              { header: st('authorizations.AuthorizationsReport.thWhy'), cell: (line) => line.reasons.join('; ') },
            ]}
          />
        )}
      </Card>
    </Stack>
  );
}
