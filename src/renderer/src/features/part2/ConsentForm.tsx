import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import {
  CONSENT_STATEMENTS,
  consentProblems,
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

const classOptions = Object.entries(RECIPIENT_CLASSES).map(([value, label]) => ({ value, label }));

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
        ? { kind: 'paper', signedOn: v.paperSignedOn, recordedBy, recordedAt: at }
        : v.image === null
          ? null
          : { kind: 'on-screen', signedOn: today, at, imageDataUrl: v.image },
  };
}

/** What is still missing, in the rules' words; empty when the consent is complete. */
function problemsOf(draft: ConsentDraft): string[] {
  const { signature, ...rest } = draft;
  const parsed = part2ConsentSchema.safeParse({ ...rest, signature: signature?.kind === 'on-screen' ? { kind: 'on-screen', signedOn: signature.signedOn, at: signature.at, imageRef: 'pending' } : signature });
  return parsed.success ? consentProblems(parsed.data) : parsed.error.issues.map((issue) => issue.message);
}

/**
 * A consent under 42 CFR 2.31 with every element on one form, the practice's default statements
 * filled in: signed on screen by the client, or recorded from a signed paper form.
 */
export function ConsentForm({ clientId, clientName, today, onClose }: { clientId: string; clientName: string; today: string; onClose: () => void }) {
  const { part2, vault } = useServices();
  const state = useObservable(vault.state$, vault.state$.value);
  const practiceName = state.status === 'unlocked' ? state.practiceName : '';
  const [v, setV] = useState<Values>({
    type: 'tpo',
    patientName: clientName,
    programme: practiceName,
    information: ['whole-record'],
    informationDescription: 'My substance use disorder treatment records at this programme',
    classes: [...TPO_RECIPIENT_CLASSES],
    named: [{ name: '', class: 'treating-provider' }],
    purposes: [...TPO_PURPOSES],
    otherPurpose: '',
    expiry: 'event',
    expiresOn: '',
    expiryEvent: 'End of treatment at this programme',
    revocationStatement: CONSENT_STATEMENTS.revocation,
    consequencesStatement: CONSENT_STATEMENTS.consequences,
    redisclosureStatement: CONSENT_STATEMENTS.redisclosure,
    signerName: clientName,
    capacity: 'patient',
    authority: '',
    signedWith: 'on-screen',
    image: null,
    paperSignedOn: today,
  });
  const set = (change: Partial<Values>) => setV((current) => ({ ...current, ...change }));
  const recordedBy = vault.currentProfile().id;
  const draft = useMemo(() => draftOf(v, clientId, today, recordedBy), [v, clientId, today, recordedBy]);
  const problems = useMemo(() => problemsOf(draft), [draft]);
  const tpo = v.type === 'tpo';

  return (
    <ModalForm title="Consent to disclose substance use disorder records (42 CFR 2.31)" label="Part 2 consent" submitLabel="Save the signed consent" onClose={onClose} onSubmit={() => part2.recordConsent(draft)}>
      <Radio.Group
        label="Kind of consent"
        value={v.type}
        onChange={(type) => set(type === 'tpo' ? { type: 'tpo', purposes: [...TPO_PURPOSES], information: ['whole-record'] } : { type: 'specific', purposes: ['treatment'] })}
      >
        <Stack gap={4} mt={4}>
          <Radio value="tpo" label="One consent for all future treatment, payment and health care operations" />
          <Radio value="specific" label="Named recipients for a stated purpose" />
        </Stack>
      </Radio.Group>
      <Group grow>
        <TextInput label="Patient" required value={v.patientName} onChange={(e) => set({ patientName: e.currentTarget.value })} />
        <TextInput label="Disclosing programme" required value={v.programme} onChange={(e) => set({ programme: e.currentTarget.value })} />
      </Group>
      <Checkbox.Group label="Information that may be disclosed" required value={v.information} onChange={(information) => set({ information: information as DisclosedInformation[] })}>
        <Group gap="xs" mt={4}>
          {(Object.keys(DISCLOSED_INFORMATION) as DisclosedInformation[]).map((kind) => (
            <Checkbox key={kind} value={kind} label={DISCLOSED_INFORMATION[kind]} />
          ))}
        </Group>
      </Checkbox.Group>
      <TextInput label="Described in the patient’s words" required value={v.informationDescription} onChange={(e) => set({ informationDescription: e.currentTarget.value })} />
      {tpo && (
        <Checkbox.Group label="Recipients (by class)" description={`The rule allows: “${TPO_CLASS_DESIGNATION}”`} value={v.classes} onChange={(classes) => set({ classes: classes as RecipientClass[] })}>
          <Group gap="xs" mt={4}>
            {TPO_RECIPIENT_CLASSES.map((c) => (
              <Checkbox key={c} value={c} label={RECIPIENT_CLASSES[c]} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {tpo ? 'Recipients by name (optional)' : 'Recipients by name'}
        </Text>
        {v.named.map((recipient, i) => (
          <Group key={i} grow align="flex-end">
            <TextInput
              label={`Recipient ${i + 1}: name or organisation`}
              value={recipient.name}
              onChange={(e) => {
                const name = e.currentTarget.value;
                set({ named: v.named.map((r, j) => (j === i ? { ...r, name } : r)) });
              }}
            />
            <Select
              label={`Recipient ${i + 1}: kind`}
              allowDeselect={false}
              data={classOptions}
              value={recipient.class}
              onChange={(c) => c && set({ named: v.named.map((r, j) => (j === i ? { ...r, class: c as RecipientClass } : r)) })}
            />
          </Group>
        ))}
        <Button size="compact-sm" variant="subtle" w="fit-content" onClick={() => set({ named: [...v.named, { name: '', class: 'treating-provider' }] })}>
          Add a recipient
        </Button>
      </Stack>
      <Checkbox.Group label="Purposes" required value={v.purposes} onChange={(purposes) => set({ purposes: purposes as PurposeKind[] })}>
        <Group gap="xs" mt={4}>
          {(Object.keys(PURPOSES) as PurposeKind[])
            .filter((p) => !tpo || TPO_PURPOSES.includes(p))
            .map((p) => (
              <Checkbox key={p} value={p} label={PURPOSES[p]} />
            ))}
        </Group>
      </Checkbox.Group>
      {v.purposes.includes('other') && <TextInput label="Describe the other purpose" required value={v.otherPurpose} onChange={(e) => set({ otherPurpose: e.currentTarget.value })} />}
      <Radio.Group label="Expires" value={v.expiry} onChange={(expiry) => set({ expiry: expiry as Values['expiry'] })}>
        <Group gap="md" mt={4}>
          <Radio value="event" label="At an event" />
          <Radio value="date" label="On a date" />
        </Group>
      </Radio.Group>
      {v.expiry === 'date' ? (
        <TextInput label="Expiry date" type="date" required value={v.expiresOn} onChange={(e) => set({ expiresOn: e.currentTarget.value })} />
      ) : (
        <TextInput label="Expiry event" required value={v.expiryEvent} onChange={(e) => set({ expiryEvent: e.currentTarget.value })} />
      )}
      <Textarea label="The right to revoke in writing, and how" required autosize minRows={2} value={v.revocationStatement} onChange={(e) => set({ revocationStatement: e.currentTarget.value })} />
      <Textarea label="If the patient refuses to sign" required autosize minRows={2} value={v.consequencesStatement} onChange={(e) => set({ consequencesStatement: e.currentTarget.value })} />
      {tpo && <Textarea label="Redisclosure as HIPAA allows" required autosize minRows={2} value={v.redisclosureStatement} onChange={(e) => set({ redisclosureStatement: e.currentTarget.value })} />}
      <Group grow align="flex-end">
        <TextInput label="Signed by" required value={v.signerName} onChange={(e) => set({ signerName: e.currentTarget.value })} />
        <Select
          label="Signing as"
          allowDeselect={false}
          data={[
            { value: 'patient', label: 'The patient' },
            { value: 'representative', label: 'A representative' },
          ]}
          value={v.capacity}
          onChange={(c) => c && set({ capacity: c as Values['capacity'] })}
        />
      </Group>
      {v.capacity === 'representative' && <TextInput label="What authorises the representative" required value={v.authority} onChange={(e) => set({ authority: e.currentTarget.value })} />}
      <Radio.Group label="Signature" value={v.signedWith} onChange={(signedWith) => set({ signedWith: signedWith as Values['signedWith'] })}>
        <Group gap="md" mt={4}>
          <Radio value="on-screen" label={`Signed on screen today (${today})`} />
          <Radio value="paper" label="Signed on a paper form" />
        </Group>
      </Radio.Group>
      {v.signedWith === 'on-screen' ? (
        v.image === null ? (
          <SignaturePad onSave={async (image) => set({ image })} />
        ) : (
          <Group gap="xs">
            <img src={v.image} alt="The signature" style={{ maxWidth: 240, border: '1px solid var(--mantine-color-gray-3)' }} />
            <Button size="compact-sm" variant="default" onClick={() => set({ image: null })}>
              Sign again
            </Button>
          </Group>
        )
      ) : (
        <TextInput label="Date on the paper form" type="date" required value={v.paperSignedOn} onChange={(e) => set({ paperSignedOn: e.currentTarget.value })} />
      )}
      {problems.length > 0 ? (
        <Alert color="yellow" title="Until these are put right, this consent allows no disclosure" role="status">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Text size="sm" c="teal.9" role="status">
          Every element of 42 CFR 2.31 is present.
        </Text>
      )}
    </ModalForm>
  );
}
