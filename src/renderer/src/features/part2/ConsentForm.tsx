import { useMemo } from 'react';
import { Alert, Button, Checkbox, Group, List, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import {
  checkScanFiles,
  CONSENT_STATEMENTS,
  consentProblemsByField,
  type ScanFile,
  DISCLOSED_INFORMATION,
  part2ConsentSchema,
  PURPOSES,
  RECIPIENT_CLASSES,
  TPO_CLASS_DESIGNATION,
  TPO_PURPOSES,
  TPO_RECIPIENT_CLASSES,
  type DisclosedInformation,
  type PurposeKind,
  type RecipientClass,
} from '../../../../shared/part2';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ConsentDraft } from '../../repositories/part2';
import { SignaturePad } from '../plans/SignaturePad';
import { st } from '../../i18n/staff';
import { errorText, issueText, labelOptions, sharedText } from '../../i18n/shared';
import { ScanPicker } from './ConsentScan';

const classOptions = labelOptions(RECIPIENT_CLASSES);

interface Values {
  type: 'tpo' | 'specific';
  patientName: string;
  programme: string;
  information: DisclosedInformation[];
  informationDescription: string;
  classes: RecipientClass[];
  named: { name: string; class: RecipientClass }[];
  purposes: PurposeKind[];
  otherPurpose: string;
  expiry: 'date' | 'event';
  expiresOn: string;
  expiryEvent: string;
  revocationStatement: string;
  consequencesStatement: string;
  redisclosureStatement: string;
  signerName: string;
  capacity: 'patient' | 'representative';
  authority: string;
  signedWith: 'on-screen' | 'paper';
  image: string | null;
  paperSignedOn: string;
  /** The paper form's scanned pages, checked as they were picked. */
  scan: ScanFile[];
}

/** The consent as it will be stored, from the form: what the checks and the save both see. */
function draftOf(v: Values, clientId: string, today: string, recordedBy: string): ConsentDraft {
  const tpo = v.type === 'tpo';
  const at = new Date().toISOString();
  return {
    clientId,
    type: v.type,
    patientName: v.patientName,
    programme: v.programme,
    information: v.information,
    informationDescription: v.informationDescription,
    recipients: [...(tpo ? v.classes.map((c) => ({ kind: 'class' as const, class: c })) : []), ...v.named.filter((r) => r.name.trim() !== '').map((r) => ({ kind: 'named' as const, ...r }))],
    purposes: v.purposes,
    otherPurposes: v.purposes.includes('other') ? [v.otherPurpose] : [],
    revocationStatement: v.revocationStatement,
    expiry: v.expiry === 'date' ? (v.expiresOn ? { kind: 'date', on: v.expiresOn } : null) : { kind: 'event', event: v.expiryEvent },
    consequencesStatement: v.consequencesStatement,
    redisclosureStatement: tpo ? v.redisclosureStatement : '',
    signer: { name: v.signerName, capacity: v.capacity, authority: v.capacity === 'representative' ? v.authority : '' },
    signature:
      v.signedWith === 'paper'
        ? { kind: 'paper', signedOn: v.paperSignedOn, recordedBy, recordedAt: at, scan: v.scan }
        : v.image === null
          ? null
          : { kind: 'on-screen', signedOn: today, at, imageDataUrl: v.image },
  };
}

/** A paper signature as stored: the scan itself is kept apart, by reference. */
const omitScan = ({ scan: _scan, ...signature }: { scan?: unknown; [key: string]: unknown }) => signature;

/** A problem in words, with the consent field it is about. */
type Shown = { path: string; message: string };

interface Problems {
  /** What cannot be stored at all (a malformed date, a text too long). */
  invalid: Shown[];
  /** The § 2.31 elements missing or wrong: stored, but then the consent authorises nothing. */
  elements: Shown[];
}

/** What is still missing or wrong, each with the consent field it is about. */
function problemsOf(draft: ConsentDraft): Problems {
  const { signature, ...rest } = draft;
  const stored = signature?.kind === 'on-screen' ? { kind: 'on-screen', signedOn: signature.signedOn, at: signature.at, imageRef: 'pending' } : signature === null ? null : omitScan(signature);
  const parsed = part2ConsentSchema.safeParse({ ...rest, signature: stored });
  return parsed.success
    ? { invalid: [], elements: consentProblemsByField(parsed.data).map((p) => ({ path: p.path, message: sharedText(p.message.key, p.message.values) })) }
    : { invalid: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issueText(issue) })), elements: [] };
}

/** The form field a consent field's message goes under. */
function fieldOf(path: string, v: Values): string {
  const [head] = path.split('.');
  if (path === 'signer.name') return 'signerName';
  if (path === 'signer.authority') return 'authority';
  if (head === 'signature') return v.signedWith === 'paper' ? 'paperSignedOn' : 'image';
  if (head === 'expiry') return v.expiry === 'date' ? 'expiresOn' : 'expiryEvent';
  if (head === 'otherPurposes') return 'otherPurpose';
  if (head === 'recipients') return v.type === 'tpo' && v.named.every((r) => r.name.trim() === '') ? 'classes' : `named.${Math.max(0, v.named.findIndex((r) => r.name.trim() === ''))}.name`;
  return head ?? path;
}

/**
 * The checks on saving, each message under its field. A consent signed on screen must be complete
 * (the client is here to put it right); a paper form is recorded as it was signed, a missing
 * element listed (it then authorises nothing), so only what cannot be stored at all stops it.
 */
function validate(v: Values, { invalid, elements }: Problems): FormErrors {
  const errors: FormErrors = {};
  for (const p of v.signedWith === 'on-screen' ? [...invalid, ...elements] : invalid) errors[fieldOf(p.path, v)] ??= p.message;
  if (v.signedWith === 'on-screen' && v.image === null) errors['image'] = st('part2.ConsentForm.signBeforeSaving');
  if (v.signedWith === 'paper' && v.scan.length > 0)
    try {
      checkScanFiles(v.scan);
    } catch (error) {
      errors['scan'] = errorText(error);
    }
  return errors;
}

/**
 * A consent under 42 CFR 2.31 with every element on one form, the practice's default statements
 * filled in: signed on screen by the client, or recorded from a signed paper form (with its scan).
 */
export function ConsentForm({ clientId, clientName, today, onClose }: { clientId: string; clientName: string; today: string; onClose: () => void }) {
  const { part2, vault } = useServices();
  const state = useObservable(vault.state$, vault.state$.value);
  const practiceName = state.status === 'unlocked' ? state.practiceName : '';
  const recordedBy = vault.currentProfile().id;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      type: 'tpo',
      patientName: clientName,
      programme: practiceName,
      information: ['whole-record'],
      informationDescription: st('part2.ConsentForm.defaultInformation'),
      classes: [...TPO_RECIPIENT_CLASSES],
      named: [{ name: '', class: 'treating-provider' }],
      purposes: [...TPO_PURPOSES],
      otherPurpose: '',
      expiry: 'event',
      expiresOn: '',
      expiryEvent: st('part2.ConsentForm.defaultExpiryEvent'),
      revocationStatement: CONSENT_STATEMENTS.revocation,
      consequencesStatement: CONSENT_STATEMENTS.consequences,
      redisclosureStatement: CONSENT_STATEMENTS.redisclosure,
      signerName: clientName,
      capacity: 'patient',
      authority: '',
      signedWith: 'on-screen',
      image: null,
      paperSignedOn: today,
      scan: [],
    },
    validate: (values) => validate(values, problemsOf(draftOf(values, clientId, today, recordedBy))),
  });
  const v = form.getValues();
  const draft = useMemo(() => draftOf(v, clientId, today, recordedBy), [v, clientId, today, recordedBy]);
  const problems = useMemo(() => problemsOf(draft), [draft]);
  const listed = [...problems.invalid, ...problems.elements].map((p) => p.message);
  const tpo = v.type === 'tpo';
  const set = (change: Partial<Values>) => form.setValues(change);

  return (
    <ModalForm
      title={st('part2.ConsentForm.title')}
      label={st('part2.ConsentForm.label')}
      submitLabel={st('part2.ConsentForm.save')}
      onClose={onClose}
      onSubmit={() => part2.recordConsent(draftOf(form.getValues(), clientId, today, recordedBy))}
      form={form}
    >
      <Radio.Group
        label={st('part2.ConsentForm.kind')}
        value={v.type}
        onChange={(type) => set(type === 'tpo' ? { type: 'tpo', purposes: [...TPO_PURPOSES], information: ['whole-record'] } : { type: 'specific', purposes: ['treatment'] })}
      >
        <Stack gap={4} mt={4}>
          <Radio value="tpo" label={st('part2.ConsentForm.tpo')} />
          <Radio value="specific" label={st('part2.ConsentForm.specific')} />
        </Stack>
      </Radio.Group>
      <Group grow align="flex-start">
        <TextInput label={st('part2.ConsentForm.patient')} required {...form.getInputProps('patientName')} />
        <TextInput label={st('part2.ConsentForm.programme')} required {...form.getInputProps('programme')} />
      </Group>
      <Checkbox.Group label={st('part2.ConsentForm.information')} required {...form.getInputProps('information')}>
        <Group gap="xs" mt={4}>
          {(Object.keys(DISCLOSED_INFORMATION) as DisclosedInformation[]).map((kind) => (
            <Checkbox key={kind} value={kind} label={sharedText(DISCLOSED_INFORMATION[kind])} />
          ))}
        </Group>
      </Checkbox.Group>
      <TextInput label={st('part2.ConsentForm.inPatientsWords')} required {...form.getInputProps('informationDescription')} />
      {tpo && (
        <Checkbox.Group label={st('part2.ConsentForm.recipientsByClass')} description={st('part2.ConsentForm.ruleAllows', { designation: sharedText(TPO_CLASS_DESIGNATION) })} {...form.getInputProps('classes')}>
          <Group gap="xs" mt={4}>
            {TPO_RECIPIENT_CLASSES.map((c) => (
              <Checkbox key={c} value={c} label={sharedText(RECIPIENT_CLASSES[c])} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {tpo ? st('part2.ConsentForm.recipientsByNameOptional') : st('part2.ConsentForm.recipientsByName')}
        </Text>
        {v.named.map((_, i) => (
          <Group key={i} grow align="flex-start">
            <TextInput label={st('part2.ConsentForm.recipientName', { number: i + 1 })} {...form.getInputProps(`named.${i}.name`)} />
            <Select label={st('part2.ConsentForm.recipientKind', { number: i + 1 })} allowDeselect={false} data={classOptions} {...form.getInputProps(`named.${i}.class`)} />
          </Group>
        ))}
        <Button size="compact-sm" variant="subtle" w="fit-content" onClick={() => form.insertListItem('named', { name: '', class: 'treating-provider' })}>
          {st('part2.ConsentForm.addARecipient')}
        </Button>
      </Stack>
      <Checkbox.Group label={st('part2.ConsentForm.purposes')} required {...form.getInputProps('purposes')}>
        <Group gap="xs" mt={4}>
          {(Object.keys(PURPOSES) as PurposeKind[])
            .filter((p) => !tpo || TPO_PURPOSES.includes(p))
            .map((p) => (
              <Checkbox key={p} value={p} label={sharedText(PURPOSES[p])} />
            ))}
        </Group>
      </Checkbox.Group>
      {v.purposes.includes('other') && <TextInput label={st('part2.ConsentForm.otherPurpose')} required {...form.getInputProps('otherPurpose')} />}
      <Radio.Group label={st('part2.ConsentForm.expires')} {...form.getInputProps('expiry')}>
        <Group gap="md" mt={4}>
          <Radio value="event" label={st('part2.ConsentForm.atAnEvent')} />
          <Radio value="date" label={st('part2.ConsentForm.onADate')} />
        </Group>
      </Radio.Group>
      {v.expiry === 'date' ? (
        <TextInput label={st('part2.ConsentForm.expiryDate')} type="date" required {...form.getInputProps('expiresOn')} />
      ) : (
        <TextInput label={st('part2.ConsentForm.expiryEvent')} required {...form.getInputProps('expiryEvent')} />
      )}
      <Textarea label={st('part2.ConsentForm.revocation')} required autosize minRows={2} {...form.getInputProps('revocationStatement')} />
      <Textarea label={st('part2.ConsentForm.consequences')} required autosize minRows={2} {...form.getInputProps('consequencesStatement')} />
      {tpo && <Textarea label={st('part2.ConsentForm.redisclosure')} required autosize minRows={2} {...form.getInputProps('redisclosureStatement')} />}
      <Group grow align="flex-start">
        <TextInput label={st('part2.ConsentForm.signedBy')} required {...form.getInputProps('signerName')} />
        <Select
          label={st('part2.ConsentForm.signingAs')}
          allowDeselect={false}
          data={[
            { value: 'patient', label: st('part2.ConsentForm.thePatient') },
            { value: 'representative', label: st('part2.ConsentForm.aRepresentative') },
          ]}
          {...form.getInputProps('capacity')}
        />
      </Group>
      {v.capacity === 'representative' && <TextInput label={st('part2.ConsentForm.authority')} required {...form.getInputProps('authority')} />}
      <Radio.Group label={st('part2.ConsentForm.signature')} {...form.getInputProps('signedWith')}>
        <Group gap="md" mt={4}>
          <Radio value="on-screen" label={st('part2.ConsentForm.onScreenToday', { today })} />
          <Radio value="paper" label={st('part2.ConsentForm.onPaper')} />
        </Group>
      </Radio.Group>
      {v.signedWith === 'on-screen' ? (
        <div>
          {v.image === null ? (
            <SignaturePad onSave={async (image) => set({ image })} />
          ) : (
            <Group gap="xs">
              <img src={v.image} alt={st('part2.ConsentForm.theSignature')} style={{ maxWidth: 240, border: '1px solid var(--mantine-color-gray-3)' }} />
              <Button size="compact-sm" variant="default" onClick={() => set({ image: null })}>
                {st('part2.ConsentForm.signAgain')}
              </Button>
            </Group>
          )}
          {form.errors['image'] !== undefined && (
            // Focusable, so that a failed save takes the focus here like to any other invalid field.
            <Text size="sm" c="red.9" mt={4} tabIndex={-1} aria-invalid role="alert">
              {form.errors['image']}
            </Text>
          )}
        </div>
      ) : (
        <>
          <TextInput label={st('part2.ConsentForm.paperDate')} type="date" required {...form.getInputProps('paperSignedOn')} />
          <ScanPicker id="consent-scan" files={v.scan} error={form.errors['scan'] as string | undefined} onChange={(scan) => set({ scan })} />
        </>
      )}
      {listed.length > 0 ? (
        <Alert color="yellow" title={st('part2.ConsentForm.untilPutRight')} role="status">
          <List size="sm">
            {listed.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Text size="sm" c="teal.9" role="status">
          {st('part2.ConsentForm.complete')}
        </Text>
      )}
    </ModalForm>
  );
}
