/**
 * Forms validate with the shared zod schemas through @mantine/form's Standard Schema resolver, so
 * the form and the repository apply the same rules and each message shows under its own field.
 */
import { schemaResolver, useForm, type FormErrors, type UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';

interface Options<V> {
  /** The schema's input made from the form's values, when the two differ in shape. */
  toInput?: (values: V) => unknown;
  /** A schema path whose message belongs under another field: `{ 'aftercare.referrals': 'referrals' }`. */
  fields?: Record<string, string>;
}

/** A Mantine `validate` function from a zod schema. */
export function zodValidate<V>(schema: z.ZodType, { toInput, fields = {} }: Options<V> = {}): (values: V) => FormErrors {
  const resolve = schemaResolver(schema, { sync: true });
  return (values) => Object.fromEntries(Object.entries(resolve(toInput ? toInput(values) : values)).map(([path, message]) => [fields[path] ?? path, message]));
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
