import { useFormat } from '../../i18n/useFormat';
import { useMemo, useRef, useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { closureSchema, federalHolidays, holidaySettingsSchema, type HolidaySettings } from '../../../../shared/holidays';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';
import { parseOrThrow } from '../../../../shared/messages';

type Status = { ok: boolean; text: string } | null;

function HolidaysForm({ initial, canEdit, status, setStatus }: { initial: HolidaySettings; canEdit: boolean; status: Status; setStatus: (status: Status) => void }) {
  const format = useFormat();
  const { settings } = useServices();
  const today = useToday();
  const form = useSchemaForm(holidaySettingsSchema, initial);
  const closure = useSchemaForm(closureSchema, { date: '', name: '' });
  const adding = useRef<HTMLDivElement | null>(null);
  const value = form.getValues();
  const year = Number(today.slice(0, 4));

  const save = (event: React.FormEvent<HTMLFormElement>) => {
    const submitted = event.currentTarget;
    form.onSubmit(
      async (values) => {
        try {
          await settings.save({ holidays: parseOrThrow(holidaySettingsSchema, values) });
          form.resetDirty(values);
          setStatus({ ok: true, text: st('settings.HolidaysSection.saved') });
        } catch (error) {
          setStatus({ ok: false, text: st('settings.HolidaysSection.notSaved', { reason: errorText(error) }) });
        }
      },
      () => focusFirstError(submitted),
    )(event);
  };

  const addClosure = () => {
    if (closure.validate().hasErrors) {
      focusFirstError(adding.current);
      return;
    }
    const { date, name } = closure.getValues();
    form.setFieldValue('closures', [...value.closures.filter((c) => c.date !== date), { date, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date)));
    closure.reset();
    setStatus(null);
  };

  return (
    <form onSubmit={save} noValidate aria-label={st('settings.HolidaysSection.practiceHolidays')}>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="sm">
          <Checkbox.Group
            label={st('settings.HolidaysSection.federalHolidays')}
            description={st('settings.HolidaysSection.federalHolidaysExplained', { year })}
            {...form.getInputProps('federal')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {federalHolidays(year).map((h) => (
                <Checkbox key={h.id} value={h.id} label={h.observed !== h.date ? st('settings.HolidaysSection.holidayObserved', { name: h.name, date: format.day(h.date, 'short'), observed: format.day(h.observed, 'short') }) : st('settings.HolidaysSection.holiday', { name: h.name, date: format.day(h.date, 'short') })} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Text size="sm" fw={500}>
            {st('settings.HolidaysSection.practiceClosures')}
          </Text>
          {value.closures.length === 0 ? (
            <Text size="sm" c="dimmed">
              {st('settings.HolidaysSection.none')}
            </Text>
          ) : (
            <Table aria-label={st('settings.HolidaysSection.practiceClosures')} withRowBorders={false}>
              <Table.Tbody>
                {value.closures.map((c) => (
                  <Table.Tr key={c.date}>
                    <Table.Td>{c.date}</Table.Td>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" aria-label={st('settings.HolidaysSection.removeClosure', { name: c.name, date: c.date })} onClick={() => form.setFieldValue('closures', value.closures.filter((x) => x.date !== c.date))}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {typeof form.errors['closures'] === 'string' && (
            <Text size="sm" c="red">
              {form.errors['closures']}
            </Text>
          )}
          <Group align="flex-start" gap="xs" ref={adding}>
            <TextInput label={st('settings.HolidaysSection.closureDate')} type="date" {...closure.getInputProps('date')} />
            <TextInput label={st('settings.HolidaysSection.closureName')} placeholder={st('settings.HolidaysSection.closureNameExample')} {...closure.getInputProps('name')} />
            <Button variant="light" onClick={addClosure} mt={25}>
              {st('settings.HolidaysSection.addClosure')}
            </Button>
          </Group>
          <Group justify="space-between">
            <Text role="status" aria-live="polite" c={status && !status.ok ? 'red' : 'teal'} size="sm">
              {canEdit ? (status?.text ?? '') : st('settings.HolidaysSection.onlyAnAdministrator')}
            </Text>
            <Button type="submit" disabled={!form.isDirty()}>
              {st('settings.HolidaysSection.saveHolidays')}
            </Button>
          </Group>
        </Stack>
      </fieldset>
    </form>
  );
}

/** Settings → Practice holidays: the days session generation skips (administrators edit them). */
export function HolidaysSection() {
  const { settings, vault } = useServices();
  const current = useObservable(useMemo(() => settings.observe(), [settings]), null);
  const canEdit = vault.currentProfile().role === 'administrator';
  const [status, setStatus] = useState<Status>(null);
  return (
    <Paper withBorder p="lg" maw={760} component="section" aria-labelledby="holidays-heading">
      <Stack gap="sm">
        <Title order={3} id="holidays-heading">
          {st('settings.HolidaysSection.practiceHolidays')}
        </Title>
        <Text size="sm" c="dimmed">
          {st('settings.HolidaysSection.notGenerated')}
        </Text>
        {/* Remounted when another device's change arrives, so the form starts from what is stored. */}
        <HolidaysForm key={JSON.stringify(current?.holidays ?? null)} initial={current?.holidays ?? DEFAULT_PRACTICE_SETTINGS.holidays} canEdit={canEdit} status={status} setStatus={setStatus} />
      </Stack>
    </Paper>
  );
}
