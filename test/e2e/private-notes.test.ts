import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SettingsPage } from './pages/settings';
import { AuditPages } from './pages/audit';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const CLIENT = { firstName: 'Zell', lastName: 'Syntheticberg', dateOfBirth: '1984-02-11', name: 'Syntheticberg, Zell' };
const COLLEAGUE = 'Other Synthetic';
const COLLEAGUE_PASSPHRASE = 'cobalt meadow thistle anchor';
const SECRET = 'Synthetic process observation Wobblethorn';

describe('private notes sealed to their author, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('a second clinician’s unlocked session cannot open the first clinician’s psychotherapy note; break-glass with the recovery code opens it and is audited', async () => {
    app = await AppSession.start();
    const page = app.page;
    const vault = new VaultPages(page);
    const settings = new SettingsPage(page);
    await settings.open();
    await settings.addStaffProfile({ name: COLLEAGUE, credentials: 'LPC', passphrase: COLLEAGUE_PASSPHRASE }, ADMIN_PASSPHRASE);

    // The administrator (a clinician too) writes a psychotherapy note in today's visit.
    const clients = new ClientsPages(page);
    const programs = new ProgramsPages(page);
    await clients.create(CLIENT);
    const today = isoToday(Date.now());
    await clients.openTab('Sessions and notes');
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    const form = page.getByRole('dialog', { name: 'Schedule a session' });
    await programs.choose(form, 'Kind of session', 'Psychiatric evaluation / medication management');
    await form.getByLabel('Date').fill(today);
    await form.getByLabel('Start').fill('00:00');
    await form.getByLabel('End').fill('00:50');
    await form.getByLabel('Clinicians').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `Open the psychiatric evaluation / medication management session of ${today}` }).click();
    await page.getByRole('button', { name: 'Write a private note' }).click();
    const privateNote = page.getByRole('region', { name: `Private note about ${CLIENT.name}` });
    await privateNote.getByRole('textbox', { name: 'Process note' }).fill(SECRET);
    await privateNote.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Open my private note' }).waitFor();
    const session = new URL(page.url()).hash;

    // The colleague, unlocked on the same laptop, sees that a note exists and whose, never its text.
    await vault.switchTo(`${COLLEAGUE} — Clinician`, COLLEAGUE_PASSPHRASE);
    await app.open(session.replace(/^#/, ''));
    const sealedLine = page.getByText(`${ADMIN}’s psychotherapy note: sealed to its author`);
    await sealedLine.waitFor();
    await page.getByRole('button', { name: 'Write a private note' }).waitFor();
    expect(await page.getByRole('button', { name: 'Open my private note' }).count()).toBe(0);
    expect(await page.content()).not.toContain('Wobblethorn');

    // Break-glass: a wrong code opens nothing; the practice's recovery code opens it, read only.
    await page.getByRole('button', { name: 'Break glass…' }).click();
    const dialog = page.getByRole('dialog', { name: `Break glass: ${ADMIN}’s psychotherapy note` });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: resolve('out/screenshots/private-note-break-glass.png') });
    await dialog.getByLabel('Recovery code').fill('ABCDE-FGHJK-MNPQR-STVWX-YZ012');
    await dialog.getByRole('button', { name: 'Open with the recovery code' }).click();
    await dialog.getByText('The recovery code is not correct').waitFor();
    await dialog.getByLabel('Recovery code').fill(app.recoveryCode);
    await dialog.getByRole('button', { name: 'Open with the recovery code' }).click();
    const text = dialog.getByRole('textbox', { name: 'Process note' });
    await text.waitFor();
    expect(await text.inputValue()).toBe(SECRET);
    expect(await text.getAttribute('readonly')).not.toBeNull();
    await page.screenshot({ path: resolve('out/screenshots/private-note-break-glass-opened.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The opening is in the audit trail, under the colleague's name.
    await vault.switchTo(`${ADMIN} — Administrator`, ADMIN_PASSPHRASE);
    const audit = new AuditPages(page);
    await audit.open();
    await audit.table.getByRole('row').filter({ hasText: 'Private note opened with the recovery code' }).filter({ hasText: COLLEAGUE }).waitFor();
    // So is the wrong code before it (who and which note, never the code typed).
    await audit.table.getByRole('row').filter({ hasText: 'Private note not opened: wrong recovery code' }).filter({ hasText: COLLEAGUE }).waitFor();
    expect(await page.content()).not.toContain('ABCDE-FGHJK');
    // And the author still reads their own note.
    await app.open(session.replace(/^#/, ''));
    await page.getByRole('button', { name: 'Open my private note' }).click();
    expect(await privateNote.getByRole('textbox', { name: 'Process note' }).inputValue()).toBe(SECRET);
  });
});
