import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { contactSchema, RELEASE_SCOPES, RELEASE_STATUSES, releaseSchema, releaseStatus, type Release, type ReleaseScope } from '../../../../../shared/contacts';
import { useSchemaForm } from '../../../app/forms';
import { ModalForm } from '../../../app/ModalForm';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import type { ContactRecord, ReleaseRecord } from '../../../repositories/contacts';
import { errorText, sharedText } from '../../../i18n/shared';
import { st } from '../../../i18n/staff';

/** What a release covers and for how long, the values of its one-line summary. */
function releaseTerm(release: Release) {
  return { scopes: release.scopes.map((s) => sharedText(RELEASE_SCOPES[s])).join(', '), signedOn: release.signedOn, expiresOn: release.expiresOn };
}

function ContactForm({ clientId, onClose }: { clientId: string; onClose: () => void }) {
  const { contacts } = useServices();
  const form = useSchemaForm(contactSchema, { name: '', relationship: '', phone: '', email: '', familySessions: false, notes: '' });
  return (
    <ModalForm title={st('clients.chart.ContactsSection.addAFamilyOrSupport')} size="md" submitLabel={st('clients.chart.ContactsSection.saveContact')} onClose={onClose} form={form} onSubmit={() => contacts.addContact(clientId, form.getValues())}>
      <TextInput label={st('clients.chart.ContactsSection.name')} required data-autofocus {...form.getInputProps('name')} />
      <TextInput label={st('clients.chart.ContactsSection.relationship')} placeholder={st('clients.chart.ContactsSection.eGSpouseParentSponsor')} required {...form.getInputProps('relationship')} />
      <Group grow align="flex-start">
        <TextInput label={st('clients.chart.ContactsSection.phone')} type="tel" {...form.getInputProps('phone')} />
        <TextInput label={st('clients.chart.ContactsSection.email')} type="email" {...form.getInputProps('email')} />
      </Group>
      <Checkbox label={st('clients.chart.ContactsSection.takesPartInFamilySessions')} {...form.getInputProps('familySessions', { type: 'checkbox' })} />
      <Textarea label={st('clients.chart.ContactsSection.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
    </ModalForm>
  );
}

function ReleaseForm({ clientId, contact, today, onClose }: { clientId: string; contact: ContactRecord; today: string; onClose: () => void }) {
  const { contacts } = useServices();
  const form = useSchemaForm(releaseSchema, { contactId: contact.id, scopes: ['attendance'] as string[], purpose: st('clients.chart.ContactsSection.defaultPurpose'), signedOn: today, expiresOn: '' });
  return (
    <ModalForm title={st('clients.chart.ContactsSection.releaseOfInformationTo', { name: contact.data.name })} label={st('clients.chart.ContactsSection.releaseOfInformation')} submitLabel={st('clients.chart.ContactsSection.recordRelease')} onClose={onClose} form={form} onSubmit={() => contacts.recordRelease(clientId, form.getValues())}>
      <Checkbox.Group label={st('clients.chart.ContactsSection.informationThatMayBeShared')} required {...form.getInputProps('scopes')}>
        <Stack gap={4} mt={4}>
          {(Object.keys(RELEASE_SCOPES) as ReleaseScope[]).map((scope) => (
            <Checkbox key={scope} value={scope} label={sharedText(RELEASE_SCOPES[scope])} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TextInput label={st('clients.chart.ContactsSection.purpose')} required {...form.getInputProps('purpose')} />
      <Group grow align="flex-start">
        <TextInput label={st('clients.chart.ContactsSection.signedOn')} type="date" required {...form.getInputProps('signedOn')} />
        <TextInput label={st('clients.chart.ContactsSection.expiresOn')} type="date" required {...form.getInputProps('expiresOn')} />
      </Group>
    </ModalForm>
  );
}

/** Family and support contacts, and what the client has agreed may be shared with each. */
export function ContactsSection({ clientId, today }: { clientId: string; today: string }) {
  const { contacts } = useServices();
  const state = useObservable(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), { contacts: [] as ContactRecord[], releases: [] as ReleaseRecord[] });
  const [form, setForm] = useState<{ kind: 'contact' } | { kind: 'release'; contact: ContactRecord } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const releasesOf = (contactId: string) => state.releases.filter((r) => r.data.contactId === contactId);
  return (
    <Card withBorder component="section" aria-labelledby="contacts-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="contacts-heading">
          {st('clients.chart.ContactsSection.familyAndSupportContacts')}
        </Title>
        <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'contact' })}>
          {st('clients.chart.ContactsSection.addContact')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {state.contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('clients.chart.ContactsSection.noneRecorded')}
        </Text>
      ) : (
        <Table aria-label={st('clients.chart.ContactsSection.contacts')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('clients.chart.ContactsSection.name')}</Table.Th>
              <Table.Th scope="col">{st('clients.chart.ContactsSection.relationship')}</Table.Th>
              <Table.Th scope="col">{st('clients.chart.ContactsSection.releaseOfInformation')}</Table.Th>
              <Table.Th scope="col">{st('clients.chart.ContactsSection.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.contacts.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  {c.data.name}
                  {c.data.familySessions && (
                    <Badge ml="xs" size="xs" variant="light">
                      {st('clients.chart.ContactsSection.familySessions')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{c.data.relationship}</Table.Td>
                <Table.Td>
                  {releasesOf(c.id).length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {st('clients.chart.ContactsSection.noReleaseShareNothing')}
                    </Text>
                  ) : (
                    releasesOf(c.id).map((r) => {
                      const status = releaseStatus(r.data, today);
                      return (
                        <Group key={r.id} gap={6} wrap="nowrap">
                          <Badge size="sm" color={status === 'in force' ? 'teal' : 'gray'}>
                            {sharedText(RELEASE_STATUSES[status])}
                          </Badge>
                          <Text size="xs">
                            {r.data.revokedOn
                              ? st('clients.chart.ContactsSection.releaseTermRevoked', { ...releaseTerm(r.data), revokedOn: r.data.revokedOn })
                              : st('clients.chart.ContactsSection.releaseTerm', releaseTerm(r.data))}
                          </Text>
                          <Anchor component={Link} to={`/print/clients/${clientId}/releases/${r.id}`} size="xs" aria-label={st('clients.chart.ContactsSection.printTheReleaseSigned', { signedOn: r.data.signedOn })}>
                            {st('clients.chart.ContactsSection.print')}
                          </Anchor>
                          {status === 'in force' && (
                            <Button size="compact-xs" variant="subtle" color="red" onClick={() => void contacts.revokeRelease(r.id, today, st('clients.chart.ContactsSection.revokedByTheClient')).catch((f: unknown) => setError(errorText(f)))}>
                              {st('clients.chart.ContactsSection.revoke')}
                            </Button>
                          )}
                        </Group>
                      );
                    })
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => setForm({ kind: 'release', contact: c })}>
                    {st('clients.chart.ContactsSection.recordRelease')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {form?.kind === 'contact' && <ContactForm clientId={clientId} onClose={() => setForm(null)} />}
      {form?.kind === 'release' && <ReleaseForm clientId={clientId} contact={form.contact} today={today} onClose={() => setForm(null)} />}
    </Card>
  );
}
