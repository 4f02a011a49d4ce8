/**
 * Enrolling a device with a one-time code (docs/ARCHITECTURE.md: Sync). An administrator's device makes a code
 * (25 Crockford characters, 125 random bits, the recovery code's format) and derives from it:
 *   - a lookup id and a verifier: what the server stores (the verifier only as a hash) and checks
 *     when the new device redeems the code;
 *   - a key that wraps the practice key: the server relays the wrap and cannot open it.
 * The invitation (practice, the staff member it is for, their role) travels sealed under the
 * practice key, so the server learns nobody's name either.
 */
import { z } from 'zod';
import { toBase64Url, utf8 } from '../crypto/encoding';
import { sealJson, unsealJson, type DataKey } from '../crypto/envelope';
import { MalformedEnvelopeError } from '../crypto/errors';
import { unwrapPracticeKey, wrapWithEnrolmentCode, type KeyWrap } from '../crypto/keys';
import { generateRecoveryCode, normaliseRecoveryCode } from '../crypto/recovery-code';
import type { Box } from '../crypto/box';

/** Fixed and public: the code's own entropy is what protects it. */
const CREDENTIAL_SALT = utf8('waypoint enrolment credentials v1');

export const generateEnrolmentCode = generateRecoveryCode;

export class EnrolmentCodeError extends Error {
  override readonly name = 'EnrolmentCodeError';
}

function normalise(code: string): string {
  const normalised = normaliseRecoveryCode(code);
  if (normalised === null) throw new EnrolmentCodeError('An enrolment code is 25 letters and digits (hyphens and spaces do not matter)');
  return normalised;
}

async function derive(code: string, label: string, bytes: number): Promise<string> {
  const material = await crypto.subtle.importKey('raw', utf8(code), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: CREDENTIAL_SALT, info: utf8(label) }, material, bytes * 8);
  return toBase64Url(new Uint8Array(bits));
}

/** What the server sees of a code: a lookup id (16 bytes) and a verifier (32 bytes), base64url. */
export async function enrolmentCredentials(code: string): Promise<{ lookupId: string; verifier: string }> {
  const normalised = normalise(code);
  return { lookupId: await derive(normalised, 'lookup-id', 16), verifier: await derive(normalised, 'verifier', 32) };
}

export const invitationSchema = z.object({
  practiceId: z.string().min(1),
  practiceName: z.string().min(1),
  /** The staff record this device's first profile belongs to. */
  staffId: z.string().min(1),
  displayName: z.string().min(1),
  role: z.enum(['clinician', 'supervisor', 'administrator']),
  /** The practice's recovery-code wrap, so emergency access works on the new device too. */
  recovery: z.custom<KeyWrap>((v) => typeof v === 'object' && v !== null, 'The recovery wrap is missing'),
  /** The practice's earlier key epochs, each sealed under a later one, and the newest boxed to the recovery code's holder key. */
  epochs: z.array(z.object({ keyId: z.string(), sealed: z.string() })).optional(),
  recoveryInbox: z.object({ to: z.literal('recovery'), keyId: z.string(), box: z.custom<Box>((v) => typeof v === 'object' && v !== null) }).optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

const packageSchema = z.object({ wrap: z.custom<KeyWrap>((v) => typeof v === 'object' && v !== null), invitation: z.string() });

const invitationContext = (lookupId: string) => ({ collection: 'enrolment', id: lookupId, schemaVersion: 1 });

/** The opaque `wrappedKey` an administrator's device publishes for a code. `raw` is the practice key's bytes (zero them after). */
export async function sealEnrolmentPackage(code: string, raw: Uint8Array, dataKey: DataKey, invitation: Invitation): Promise<{ lookupId: string; verifier: string; wrappedKey: string }> {
  const { lookupId, verifier } = await enrolmentCredentials(code);
  const wrap = await wrapWithEnrolmentCode(raw, dataKey.id, normalise(code));
  const sealedInvitation = await sealJson(dataKey, invitationContext(lookupId), invitationSchema.parse(invitation));
  return { lookupId, verifier, wrappedKey: JSON.stringify({ wrap, invitation: sealedInvitation }) };
}

/**
 * Opens what the server relayed with the code the person typed: the practice key (with its raw
 * bytes, to wrap it under their new passphrase; zero them after) and the invitation.
 */
export async function openEnrolmentPackage(code: string, wrappedKey: string): Promise<{ dataKey: DataKey; raw: Uint8Array; invitation: Invitation }> {
  let parsed: z.infer<typeof packageSchema>;
  try {
    parsed = packageSchema.parse(JSON.parse(wrappedKey));
  } catch {
    throw new MalformedEnvelopeError({ key: 'shared:crypto.enrolmentNotValid' });
  }
  const { lookupId } = await enrolmentCredentials(code);
  const { dataKey, raw } = await unwrapPracticeKey(parsed.wrap, normalise(code), { extractable: true });
  const invitation = invitationSchema.parse(await unsealJson(dataKey, invitationContext(lookupId), parsed.invitation));
  return { dataKey, raw: raw!, invitation };
}
