/**
 * JSON with object keys sorted at every depth: one spelling per value, so two devices compare and
 * order records the same way whatever order their keys were written in. Unlike the duplicate
 * finder's comparison, strings are not normalised: for sync, any change to a string is an edit.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? // fromEntries, not assignment: a "__proto__" key stays data.
        Object.fromEntries(Object.keys(v).sort().map((key) => [key, (v as Record<string, unknown>)[key]]))
      : v,
  );
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
