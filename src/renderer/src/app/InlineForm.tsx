import { useRef, type FormEvent, type ReactNode } from 'react';
import type { UseFormReturnType } from '@mantine/form';
import { focusFirstError } from './forms';

/**
 * A form inside a page (not a dialog: that is ModalForm), validated first: each message under its
 * field and focus on the first; only valid values reach `onValid`, which reports its own outcome.
 */
export function InlineForm<V extends Record<string, unknown>>({ label, form, onValid, children }: { label: string; form: UseFormReturnType<V>; onValid: (values: V) => void; children: ReactNode }) {
  const element = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.validate().hasErrors) focusFirstError(element.current);
    else onValid(form.getValues());
  };
  return (
    <form aria-label={label} noValidate onSubmit={submit} ref={element}>
      {children}
    </form>
  );
}
