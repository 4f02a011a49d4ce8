/**
 * A change to one record kind made for tests of migration after unlock: staff details version 2
 * renames `displayName` to `name` and adds a required `signsAs` with a default.
 */
import { z } from 'zod';
import { Codec, RECORD_CODECS, staffDetailsSchema, type Codecs } from '../../../src/shared/records';

export const staffV2 = z.object({ name: z.string(), credentials: z.string(), needsCosignature: z.boolean(), signsAs: z.string() }).strict();
export type StaffV2 = z.infer<typeof staffV2>;
export const NEXT: Codecs = {
  ...RECORD_CODECS,
  staff: { by: null, kinds: { '': Codec.of('staff', staffDetailsSchema).then(staffV2, ({ displayName, ...rest }) => ({ ...rest, name: displayName, signsAs: '' })) as Codec<unknown> } },
};
