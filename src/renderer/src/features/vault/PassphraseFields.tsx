import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { List, PasswordInput, Stack, Text } from '@mantine/core';
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/vault-policy';
import { useServices } from '../../app/services';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { st } from '../../i18n/staff';
import type { Vault } from '../../vault/vault';
import { errorText } from '../../i18n/shared';

interface Props {
  label: string;
  value: string;
  confirm: string;
  onChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  /** Words the passphrase must not be built from (practice name, the person's name). */
  contextWords: string[];
  /** Show the problems even before the field was left (after a submit attempt). */
  showErrors: boolean;
}

const MISMATCH = st('vault.PassphraseFields.mismatch');
/** Typing feedback waits for a short pause: each check runs zxcvbn over the whole passphrase. */
const CHECK_DELAY_MS = 150;

/** The problems with a new passphrase and its confirmation, as sentences to show; empty when fine. */
export async function passphraseProblems(vault: Pick<Vault, 'checkPassphrase'>, value: string, confirm: string, contextWords: string[]): Promise<string[]> {
  const verdict = await vault.checkPassphrase(value, contextWords);
  return [...(verdict.ok ? [] : verdict.reasons), ...(confirm !== value ? [MISMATCH] : [])];
}

/** The rules' verdict on `value` as the person types (in the vault Worker); null until the first answer. */
function useVerdict(value: string, contextWords: string[]): { value: string; reasons: string[] } | null {
  const { vault } = useServices();
  const [verdict, setVerdict] = useState<{ value: string; reasons: string[] } | null>(null);
  const words = contextWords.join('\n');
  useEffect(() => {
    if (value === '') return;
    let live = true;
    const timer = setTimeout(() => {
      vault
        .checkPassphrase(value, words.split('\n'))
        .then((result) => live && setVerdict({ value, reasons: result.ok ? [] : result.reasons }))
        .catch((error: unknown) => live && setVerdict({ value, reasons: [st('vault.PassphraseFields.couldNotBeChecked', { reason: errorText(error) })] }));
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [vault, value, words]);
  return value === '' ? null : verdict;
}

/** A new passphrase with its confirmation, and zxcvbn's feedback on it as the person types. */
export function PassphraseFields({ label, value, confirm, onChange, onConfirmChange, contextWords, showErrors }: Props) {
  const verdict = useVerdict(value, contextWords);
  const mismatch = confirm !== value && (confirm.length > 0 || showErrors);
  const reasons = verdict?.reasons ?? [];
  const visible = value.length > 0 || showErrors ? [...reasons, ...(mismatch ? [MISMATCH] : [])] : [];
  const strong = verdict !== null && verdict.value === value && reasons.length === 0;
  return (
    <Stack gap="xs">
      <PasswordInput
        label={label}
        description={st('vault.PassphraseFields.atLeast', { length: MIN_PASSPHRASE_LENGTH })}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        autoComplete="new-password"
        required
        error={showErrors && visible.length > 0 ? true : undefined}
        aria-invalid={showErrors && visible.length > 0 ? true : undefined}
        aria-describedby="passphrase-problems"
      />
      <PasswordInput
        label={st('vault.PassphraseFields.typeItAgain')}
        value={confirm}
        onChange={(event) => onConfirmChange(event.currentTarget.value)}
        autoComplete="new-password"
        required
      />
      <div id="passphrase-problems" aria-live="polite" data-testid="passphrase-feedback">
        {visible.length > 0 && (
          <List size="sm" c={showErrors ? 'red' : 'dimmed'} spacing={2}>
            {visible.map((problem) => (
              <List.Item key={problem}>
                <Text size="sm" c="inherit">
                  {problem}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {strong && visible.length === 0 && (
          <Text size="sm" c="teal.8">
            {st('vault.PassphraseFields.strongEnough')}
          </Text>
        )}
      </div>
    </Stack>
  );
}

/** A new passphrase and its confirmation, in a form whose other fields `schema` validates. */
export interface NewPassphrase {
  passphrase: string;
  confirm: string;
}

/**
 * A form choosing a new passphrase: `check` validates the other fields with the schema and the
 * passphrase with the practice's rules (in the vault Worker), shows every problem, and moves focus
 * to the first; true when all is well.
 */
export function useNewPassphraseForm<V extends NewPassphrase & Record<string, unknown>>(schema: z.ZodType, initialValues: V) {
  const { vault } = useServices();
  const form = useSchemaForm<V>(schema, initialValues);
  const [attempted, setAttempted] = useState(false);
  const check = async (element: HTMLElement, contextWords: string[]): Promise<boolean> => {
    setAttempted(true);
    const invalid = form.validate().hasErrors;
    const { passphrase, confirm } = form.getValues();
    const problems = await passphraseProblems(vault, passphrase, confirm, contextWords);
    if (!invalid && problems.length === 0) return true;
    focusFirstError(element);
    return false;
  };
  /** The props of `PassphraseFields` for this form. */
  const fields = {
    value: form.getValues().passphrase,
    confirm: form.getValues().confirm,
    onChange: (value: string) => form.setValues({ passphrase: value } as Partial<V>),
    onConfirmChange: (value: string) => form.setValues({ confirm: value } as Partial<V>),
    showErrors: attempted,
  };
  return { form, check, fields, setAttempted };
}
