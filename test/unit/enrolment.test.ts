import { describe, expect, it } from 'vitest';
import { createPracticeKey, sealJson, TamperedError, unsealJson, WrongPassphraseError } from '../../src/shared/crypto';
import { enrolmentCredentials, EnrolmentCodeError, generateEnrolmentCode, openEnrolmentPackage, sealEnrolmentPackage, type Invitation } from '../../src/shared/sync/enrolment';
import { createEnrolmentSchema } from '../../src/shared/sync/protocol';

const RECOVERY = { v: 1, keyId: 'AAAAAAAAAAAA', method: { type: 'recovery-code', kdf: { algorithm: 'hkdf-sha256', salt: 'c2FsdA' } }, iv: 'aXY', wrapped: 'd3JhcHBlZA' } as const;
const INVITATION: Invitation = { practiceId: 'practice-1', practiceName: 'Synthetic Practice Gloamridge', staffId: 'staff-2', displayName: 'Synthetic Clinician Tessaly', role: 'clinician', recovery: RECOVERY };

describe('device enrolment codes', () => {
  it('round-trips the practice key and the invitation through what the server relays', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const code = generateEnrolmentCode();
    const published = await sealEnrolmentPackage(code, raw, dataKey, INVITATION);
    // What the server stores and relays passes its schema and carries neither the code nor a name.
    expect(createEnrolmentSchema.safeParse({ lookupId: published.lookupId, verifier: published.verifier, wrappedKey: published.wrappedKey, expiresAt: 1 }).success).toBe(true);
    const serverView = JSON.stringify(published);
    for (const secret of [code, code.replace(/-/g, ''), 'Gloamridge', 'Tessaly']) expect(serverView).not.toContain(secret);

    // The new device types the code (any case, without hyphens) and gets a working key.
    const opened = await openEnrolmentPackage(code.toLowerCase().replace(/-/g, ' '), published.wrappedKey);
    expect(opened.invitation).toEqual(INVITATION);
    expect(opened.dataKey.id).toBe(dataKey.id);
    expect(Array.from(opened.raw)).toEqual(Array.from(raw));
    const context = { collection: 'clients', id: 'client-1', schemaVersion: 0 };
    expect(await unsealJson(opened.dataKey, context, await sealJson(dataKey, context, { name: 'Synthetic' }))).toEqual({ name: 'Synthetic' });
  });

  it('derives the same credentials from the same code however it is typed, and different ones from another code', async () => {
    const code = generateEnrolmentCode();
    const a = await enrolmentCredentials(code);
    expect(await enrolmentCredentials(code.replace(/-/g, '').toLowerCase())).toEqual(a);
    expect(a.lookupId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const b = await enrolmentCredentials(generateEnrolmentCode());
    expect(b.lookupId).not.toBe(a.lookupId);
    expect(b.verifier).not.toBe(a.verifier);
  });

  it('refuses a wrong code, a malformed code and a tampered invitation, each with its own error', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const code = generateEnrolmentCode();
    const { wrappedKey } = await sealEnrolmentPackage(code, raw, dataKey, INVITATION);
    await expect(openEnrolmentPackage(generateEnrolmentCode(), wrappedKey)).rejects.toThrow(WrongPassphraseError);
    await expect(openEnrolmentPackage(generateEnrolmentCode(), wrappedKey)).rejects.toThrow('The enrolment code is not correct');
    await expect(openEnrolmentPackage('not-a-code', wrappedKey)).rejects.toThrow(EnrolmentCodeError);
    const parsed = JSON.parse(wrappedKey) as { wrap: unknown; invitation: string };
    const flipped = parsed.invitation.slice(0, -2) + (parsed.invitation.at(-2) === 'A' ? 'B' : 'A') + parsed.invitation.slice(-1);
    await expect(openEnrolmentPackage(code, JSON.stringify({ ...parsed, invitation: flipped }))).rejects.toThrow(TamperedError);
    await expect(openEnrolmentPackage(code, '{not json')).rejects.toThrow('The enrolment the server returned is not valid');
  });
});
