/**
 * Forms validate with the shared zod schemas, so the form and the repository apply the same rules
 * and each message shows under its own field, translated: a shared schema's messages are catalogue
 * keys (docs/I18N.md: Messages made in src/shared), and this is the one place forms translate them.
 */
import { useForm, type FormErrors, type UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';
import { issueText } from '../i18n/shared';

interface Options<V> {
  /** The schema's input made from the form's values, when the two differ in shape. */
  toInput?: (values: V) => unknown;
  /** A schema path whose message belongs under another field: `{ 'aftercare.referrals': 'referrals' }`. */
  fields?: Record<string, string>;
}

/** The first issue of each path, translated, by its path ("aftercare.referrals"). */
export function issueMessages(error: z.ZodError): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    messages[path] ??= issueText(issue);
  }
  return messages;
}

/** A Mantine `validate` function from a zod schema. */
export function zodValidate<V>(schema: z.ZodType, { toInput, fields = {} }: Options<V> = {}): (values: V) => FormErrors {
  return (values) => {
    const result = schema.safeParse(toInput ? toInput(values) : values);
    return result.success ? {} : Object.fromEntries(Object.entries(issueMessages(result.error)).map(([path, message]) => [fields[path] ?? path, message]));
  };
}

/** A controlled form validated by `schema` (see `zodValidate`). */
export function useSchemaForm<V extends Record<string, unknown>>(schema: z.ZodType, initialValues: V, options: Options<V> = {}): UseFormReturnType<V> {
  return useForm<V>({ mode: 'controlled', initialValues, validate: zodValidate(schema, options) });
}

/**
 * `getInputProps` for a PasswordInput: Mantine marks its invalid inner input with `data-invalid`
 * only, so `aria-invalid` is added for screen readers and for `focusFirstError`.
 */
export function passwordInputProps<V>(form: UseFormReturnType<V>, path: string) {
  const props = form.getInputProps(path);
  return { ...props, 'aria-invalid': props.error ? true : undefined };
}

/** After a failed validation, moves focus to the first field marked invalid (once React has drawn the errors). */
export function focusFirstError(container: HTMLElement | null): void {
  requestAnimationFrame(() => container?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
