/**
 * A record kind's codec: the zod schema of every payload version it has had, and the step that
 * upgrades each version to the next. Decoding parses with the schema of the version the record
 * states and upgrades step by step to the current one; encoding always writes the current version.
 * There is no step down: a record of a version newer than this release knows stays as it is.
 */
import type { z } from 'zod';
import { englishIssue } from '../messages';

/** The record was written by a newer release: kept as it is, read-only here. */
export class NewerRecordError extends Error {
  override readonly name = 'NewerRecordError';
  constructor(
    readonly payloadVersion: number | null,
    readonly known: number | null,
  ) {
    super('This record was made by a newer version of Waypoint: update to edit it');
  }
}

/** The record opened (it is authentic) but its payload does not match its version's shape, or an upgrade failed. */
export class RecordShapeError extends Error {
  override readonly name = 'RecordShapeError';
  constructor(
    readonly kind: string,
    readonly payloadVersion: number,
    detail: string,
  ) {
    super(`A ${kind} record (version ${payloadVersion}) does not have the shape Waypoint expects: ${detail}`);
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'value'}: ${englishIssue(issue)}`)
    .join('; ');
}

interface Step {
  schema: z.ZodType;
  /** From the previous version to this one; absent for version 1. */
  upgrade?: (previous: never) => unknown;
}

export class Codec<T> {
  private constructor(
    /** What the kind is called in messages, e.g. "notes/progress". */
    readonly kind: string,
    private readonly steps: readonly Step[],
  ) {}

  /** A kind's first payload version. */
  static of<T>(kind: string, schema: z.ZodType<T>): Codec<T> {
    return new Codec<T>(kind, [{ schema }]);
  }

  /** The next payload version: its schema and the upgrade from the current one. */
  then<U>(schema: z.ZodType<U>, upgrade: (previous: T) => U): Codec<U> {
    return new Codec<U>(this.kind, [...this.steps, { schema, upgrade: upgrade as (previous: never) => unknown }]);
  }

  /** The version writes use. */
  get current(): number {
    return this.steps.length;
  }

  private parse(version: number, value: unknown): unknown {
    const parsed = this.steps[version - 1]!.schema.safeParse(value);
    if (!parsed.success) throw new RecordShapeError(this.kind, version, describe(parsed.error));
    return parsed.data;
  }

  /** The payload of a record sealed at `version`, validated and upgraded to the current version. */
  decode(version: number, value: unknown): T {
    if (!Number.isInteger(version) || version < 1) throw new RecordShapeError(this.kind, version, 'not a payload version');
    if (version > this.current) throw new NewerRecordError(version, this.current);
    let result = this.parse(version, value);
    for (let next = version + 1; next <= this.current; next++) {
      let upgraded: unknown;
      try {
        upgraded = this.steps[next - 1]!.upgrade!(result as never);
      } catch (error) {
        throw new RecordShapeError(this.kind, version, `upgrade to version ${next} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      result = this.parse(next, upgraded);
    }
    return result as T;
  }

  /** The payload to seal at the current version, validated: a write never stores a shape no release can read. */
  encode(value: T): unknown {
    return this.parse(this.current, value);
  }
}
