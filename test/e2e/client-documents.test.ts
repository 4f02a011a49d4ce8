import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';

const CLIENT = { firstName: 'Docia', lastName: 'Syntheticson', dateOfBirth: '1990-05-04', name: 'Syntheticson, Docia' };
const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Substance use';
const RELAPSE_PLAN = 'Synthetic plan: sleep routine, call sponsor';

describe('the documents a client takes home, in the client’s language, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('prints the aftercare and relapse-prevention plan and a release of information in Spanish, what was written kept as written', async () => {
    app = await AppSession.start();
    const page = app.page;
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const today = isoToday(Date.now());
    const admitted = addDays(today, -30);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await clients.create(CLIENT);
    await programs.admit(admitted, { programme: PROGRAM, track: TRACK });

    await clients.openTab('Episodes');
    await page.getByRole('button', { name: 'Discharge' }).click();
    const discharge = page.getByRole('dialog', { name: 'Discharge' });
    await discharge.getByLabel('Discharge date').fill(today);
    await programs.choose(discharge, 'Reason for discharge', 'Completed the programme');
    await discharge.getByLabel('Aftercare referrals').fill('Synthetic Alumni Group\nWeekly outpatient therapy');
    await discharge.getByLabel('Relapse-prevention plan').fill(RELAPSE_PLAN);
    await discharge.getByLabel('Joins the alumni group').check();
    await discharge.getByRole('button', { name: 'Discharge' }).click();
    await discharge.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Print the aftercare plan' }).click();
    const english = page.getByRole('article', { name: 'Aftercare and relapse-prevention plan' });
    await english.getByText(RELAPSE_PLAN).waitFor();
    await page.getByText('Español (EE. UU.)').click();
    const copy = page.getByRole('article', { name: 'Plan de cuidados posteriores y de prevención de recaídas' });
    await copy.getByRole('heading', { name: 'Plan de prevención de recaídas' }).waitFor();
    await copy.getByText(RELAPSE_PLAN).waitFor();
    await copy.getByRole('rowheader', { name: 'Remisiones' }).waitFor();
    await copy.getByText('Synthetic Alumni Group', { exact: false }).waitFor();
    await copy.getByText('Sí: usted es bienvenido(a) en el grupo de exalumnos').waitFor();
    await copy.getByText(/^Información de salud confidencial\. Impreso el /).waitFor();
    expect(await copy.getAttribute('lang')).toBe('es-US');
    expect(page.url()).toContain('lang=es-US');
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await page.mouse.move(1, 1);
    await page.screenshot({ path: resolve('out/screenshots/aftercare-print-es.png') });

    // A release of information to a support contact: the client's copy of the consent, in Spanish.
    await page.getByRole('link', { name: 'Back to the chart' }).click();
    await clients.openTab('Contacts and consents');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contact = page.getByRole('dialog', { name: 'Add a family or support contact' });
    await contact.getByLabel('Name').fill('Synthetic Contactson');
    await contact.getByLabel('Relationship').fill('sibling');
    await contact.getByRole('button', { name: 'Save contact' }).click();
    await contact.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Record release' }).click();
    const release = page.getByRole('dialog', { name: 'Release of information to Synthetic Contactson' });
    await release.getByLabel('Expires on').fill(addDays(today, 180));
    await release.getByRole('button', { name: 'Record release' }).click();
    await release.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `Print the release signed ${today}` }).click();
    await page.getByRole('article', { name: 'Consent to release information' }).getByText('Attendance and participation').waitFor();
    await page.getByText('Español (EE. UU.)').click();
    const consent = page.getByRole('article', { name: 'Consentimiento para divulgar información' });
    await consent.getByText('Synthetic Contactson (sibling)').waitFor();
    await consent.getByText('Asistencia y participación').waitFor();
    await consent.getByText('Vigente').waitFor();
    await consent.getByText('Coordination of care').waitFor(); // the purpose, as recorded
    expect(await consent.getAttribute('lang')).toBe('es-US');
    await page.mouse.move(1, 1);
    await page.screenshot({ path: resolve('out/screenshots/release-print-es.png') });
  });
});
