import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat';
import { DEFAULT_LOCALE, LOCALE_NAMES, LOCALES, type Locale } from '../../../../shared/format';
import { IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useOpenedAt, useToday } from '../../hooks/useToday';
import type { DisclosureCover } from '../../../../shared/exports';
import type { DisclosedInformation } from '../../../../shared/part2';
import { AudienceFields, RefusedDisclosure } from '../part2/AudienceFields';
import { checkDisclosures, DEFAULT_AUDIENCE, recordDisclosures, type Audience } from '../part2/disclosure-gate';
import { st } from '../../i18n/staff';
import './print-layout.css';
import { errorText } from '../../i18n/shared';

export interface PrintSection {
  title: string;
  content: ReactNode;
}

/** A statement that must travel with the document, such as the 42 CFR Part 2 redisclosure notice. */
export interface PrintNotice {
  title: string;
  /** Paragraphs separated by blank lines. */
  text: string;
  /** Printed under the title, so the first page already says it. */
  short?: string;
  source?: string;
}

interface Props {
  /** The document's heading. */
  title: string;
  /** Who and what the document is about, under the heading ("Client", "Date of birth"…). */
  details?: readonly { label: string; value: string }[];
  sections: readonly PrintSection[];
  notice?: PrintNotice | null;
  /** Suggested PDF file name: keep names of people out of it. */
  fileName: string;
  back: { to: string; label: string };
  /** A Part 2 record's document: who receives it is asked and checked against the client's consents before it prints. */
  disclosure?: PrintedDisclosure | null;
  /** For documents the client receives: the language of this copy, and the way to change it. */
  language?: { value: Locale; onChange: (locale: Locale) => void };
}

export interface PrintedDisclosure {
  client: { id: string; name: string };
  information: DisclosedInformation[];
  description: string;
}

/** Label and value rows, the body of most printed sections. */
export function PrintFields({ rows }: { rows: readonly { label: string; value: string }[] }) {
  return (
    <table>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row" style={{ width: '28%' }}>
              {r.label}
            </th>
            <td style={{ whiteSpace: 'pre-wrap' }}>{r.value || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A printable document (progress notes, client summaries, treatment plans): on screen a preview
 * with a print button, on paper or PDF the document alone (app/print.css prints only the
 * .print-area). Headed with the practice, footed with who printed it and when.
 */
export function PrintLayout({ title, details = [], sections, notice, fileName, back, disclosure = null, language }: Props) {
  const services = useServices();
  const { bridge, vault } = services;
  const today = useToday();
  const [asking, setAsking] = useState(false);
  const [audience, setAudience] = useState<Audience>({ ...DEFAULT_AUDIENCE, kind: 'within', class: 'treating-provider', purpose: 'treatment' });
  const [refused, setRefused] = useState<{ name: string; message: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cover, setCover] = useState<DisclosureCover | null>(null);
  const print = () => void bridge.printToPdf({ suggestedName: fileName });
  /** The gate: refused, nothing prints; allowed, the document prints with the 2.32(b) scope and goes into the ledger. */
  const checkAndPrint = async () => {
    setRefused(null);
    setError(null);
    try {
      const gate = await checkDisclosures(services, [disclosure!.client], { information: disclosure!.information, description: disclosure!.description, path: 'print' }, audience, today);
      if (gate.refused.length > 0) return setRefused(gate.refused);
      setCover(gate.covers[0] ?? null);
      // Printed after React has drawn the scope into the page.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const printed = await bridge.printToPdf({ suggestedName: fileName });
      if (printed.saved) await recordDisclosures(services, gate, audience.cover);
      setAsking(false);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const locale = language?.value ?? DEFAULT_LOCALE;
  const format = useFormat(language?.value);
  // The document in its language; the controls around it in the staff's.
  const { t } = useTranslation(undefined, { lng: locale });
  const { t: staff } = useTranslation(undefined, { lng: DEFAULT_LOCALE });
  const openedAt = useOpenedAt();
  const state = useObservable(vault.state$, vault.state$.value);
  const practice = state.status === 'unlocked' ? state.practiceName : '';
  const printedBy = state.status === 'unlocked' ? vault.currentProfile().displayName : '';
  const printedAt = format.instant(openedAt);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Anchor component={Link} to={back.to} size="sm">
          {back.label}
        </Anchor>
        <Group>
          {language && (
            <SegmentedControl
              aria-label={staff('print.language')}
              value={language.value}
              onChange={(value) => language.onChange(value as Locale)}
              data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            />
          )}
          <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => (disclosure === null ? print() : setAsking(true))}>
            {staff('print.action')}
          </Button>
        </Group>
      </Group>
      {asking && (
        <Paper withBorder p="sm" component="section" aria-label={st('print.PrintLayout.whoReceivesThisDocument')}>
          <Text size="sm">{st('print.PrintLayout.thisIsA42Cfr')}</Text>
          <AudienceFields value={audience} onChange={setAudience} what="this document" />
          <Group mt="sm" gap="xs">
            <Button onClick={() => void checkAndPrint()}>{st('print.PrintLayout.checkTheConsentAndPrint')}</Button>
            <Button variant="default" onClick={() => setAsking(false)}>
              {st('print.PrintLayout.cancel')}
            </Button>
          </Group>
          {refused && <RefusedDisclosure refused={refused} action={st('print.PrintLayout.notPrinted')} />}
          {error && (
            <Alert color="red" role="alert" mt="sm">
              {error}
            </Alert>
          )}
        </Paper>
      )}
      <Paper withBorder shadow="xs" className="print-area print-document" component="article" aria-label={title} lang={locale}>
        <Text size="sm">{practice}</Text>
        <h2>{title}</h2>
        {notice?.short && (
          <Text size="sm" fw={700} mt={4}>
            {notice.short}
          </Text>
        )}
        {details.length > 0 && (
          <table aria-label={t('print.details')} style={{ marginTop: 8 }}>
            <tbody>
              {details.map((d) => (
                <tr key={d.label}>
                  <th scope="row" style={{ width: '28%' }}>
                    {d.label}
                  </th>
                  <td>{d.value || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {sections.map((section) => (
          <section key={section.title} aria-label={section.title}>
            <h3>{section.title}</h3>
            {section.content}
          </section>
        ))}
        {notice && (
          <aside className="print-notice" aria-label={notice.title}>
            <Text fw={700} size="sm">
              {notice.title}
            </Text>
            {notice.text.split('\n\n').map((paragraph) => (
              <p key={paragraph.slice(0, 40)} style={{ margin: '6px 0 0' }}>
                {paragraph}
              </p>
            ))}
            {notice.source && <p style={{ margin: '6px 0 0', fontStyle: 'italic' }}>{notice.source}</p>}
            {cover && (
              <>
                <Text fw={700} size="sm" mt={6}>
                  {cover.scope.heading}
                </Text>
                {cover.scope.lines.map((line) => (
                  <p key={line.slice(0, 40)} style={{ margin: '4px 0 0' }}>
                    {line}
                  </p>
                ))}
              </>
            )}
          </aside>
        )}
        <p className="print-footer">{printedBy ? t('print.footerBy', { when: printedAt, who: printedBy }) : t('print.footer', { when: printedAt })}</p>
      </Paper>
    </Stack>
  );
}
