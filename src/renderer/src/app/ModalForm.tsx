import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { focusFirstError } from './forms';
import { st } from '../i18n/staff';
import { errorText } from '../i18n/shared';

interface Props {
  title: string;
  /** The form's accessible name; the title unless given. */
  label?: string;
  submitLabel: string;
  size?: 'md' | 'lg';
  onClose: () => void;
  /** Saves; a rejection's message is shown and what was typed stays. Closes on success. */
  onSubmit: () => Promise<unknown>;
  /** Validated first: each message shows under its field, focus goes to the first, nothing is saved. */
  form?: Pick<UseFormReturnType<never>, 'validate'>;
  children: ReactNode;
}

const FIELD = 'input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])';

/**
 * Mantine's focus trap focuses `[data-autofocus]`, else the first tabbable element: the close
 * button. Marks the form's first field instead, unless the form marked one itself. A ref callback
 * runs in the commit, before the trap's deferred focus.
 */
function markFirstField(form: HTMLFormElement | null): void {
  if (form === null || form.querySelector('[data-autofocus]')) return;
  form.querySelector(FIELD)?.setAttribute('data-autofocus', '');
}

/** A dialog holding one form: the repository's message when saving fails, Cancel and the save button. */
export function ModalForm({ title, label = title, submitLabel, size = 'lg', onClose, onSubmit, form, children }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const element = useRef<HTMLFormElement | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (form?.validate().hasErrors) {
      setError(null);
      focusFirstError(element.current);
      return;
    }
    setBusy(true);
    setError(null);
    onSubmit().then(onClose, (failure: unknown) => {
      setError(errorText(failure));
      setBusy(false);
    });
  };
  return (
    <Modal opened onClose={onClose} title={title} size={size}>
      <form
        onSubmit={submit}
        noValidate
        aria-label={label}
        ref={(node) => {
          element.current = node;
          markFirstField(node);
        }}
      >
        <Stack gap="sm">
          {children}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {st('app.ModalForm.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
