import { List, PasswordInput, Stack, Text } from '@mantine/core';
import { checkPassphrase } from '../../../../shared/crypto';

interface Props {
  label: string;
  value: string;
  confirm: string;
  onChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  /** Words the passphrase must not be (practice name, the person's name). */
  contextWords: string[];
  /** Show the problems even before the field was left (after a submit attempt). */
  showErrors: boolean;
}

const MISMATCH = 'The two passphrases do not match.';

/** The problems with a new passphrase and its confirmation, as sentences to show; empty when fine. */
export function passphraseProblems(value: string, confirm: string, contextWords: string[]): string[] {
  const verdict = checkPassphrase(value, { words: contextWords });
  return [...(verdict.ok ? [] : verdict.reasons), ...(confirm !== value ? [MISMATCH] : [])];
}

/** A new passphrase with its confirmation and the NIST rules explained as the person types. */
export function PassphraseFields({ label, value, confirm, onChange, onConfirmChange, contextWords, showErrors }: Props) {
  const verdict = checkPassphrase(value, { words: contextWords });
  const mismatch = confirm !== value && (confirm.length > 0 || showErrors);
  const visible =
    value.length > 0 || showErrors ? [...(verdict.ok ? [] : verdict.reasons), ...(mismatch ? [MISMATCH] : [])] : [];
  return (
    <Stack gap="xs">
      <PasswordInput
        label={label}
        description="At least 12 characters. A few unrelated words make a strong, memorable passphrase."
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        autoComplete="new-password"
        required
        error={showErrors && visible.length > 0 ? true : undefined}
        aria-describedby="passphrase-problems"
      />
      <PasswordInput
        label="Type it again"
        value={confirm}
        onChange={(event) => onConfirmChange(event.currentTarget.value)}
        autoComplete="new-password"
        required
      />
      <div id="passphrase-problems" aria-live="polite">
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
      </div>
    </Stack>
  );
}
