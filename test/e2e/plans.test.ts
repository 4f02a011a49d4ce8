import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { GIRP_FIELDS, SessionPage } from './pages/session';

const CLIENT = { firstName: 'Plannia', lastName: 'Syntheticson', dateOfBirth: '1988-03-12', name: 'Syntheticson, Plannia' };
const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Synthetic Skills Group';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const OBJECTIVE = 'Uses two coping skills when distressed';

describe('treatment plans and the golden thread, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  /** A programme, track and group meeting every day from `admitted`, and CLIENT admitted to it. */
  async function admittedClient(admitted: string): Promise<{ programs: ProgramsPages; clients: ClientsPages }> {
    const page = app.page;
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, 'Admin Synthetic, LCSW');
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(admitted, 1, EVERY_DAY);
    await clients.create(CLIENT);
    await programs.admit(admitted, { programme: PROGRAM, track: TRACK, group: GROUP });
    return { programs, clients };
  }

  it('writes and signs a plan, links two notes to an objective, and a review shows them and what changed', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const admitted = addDays(today, -6);
    const { programs, clients } = await admittedClient(admitted);
    const workspace = new SessionPage(page);

    // Version 1, dated at admission: signing names what is missing, then succeeds.
    await clients.openTab('Plan');
    await page.getByRole('button', { name: 'Write a treatment plan' }).click();
    await page.getByRole('heading', { level: 2, name: `Treatment plan · ${CLIENT.name}` }).waitFor();
    await page.getByLabel('Plan date').fill(admitted);
    await page.getByRole('button', { name: 'Add a problem' }).click();
    await page.getByRole('textbox', { name: 'Problem 1: statement' }).fill('Synthetic low mood most days');
    await page.getByRole('button', { name: 'Sign the plan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Complete before signing' }).getByText('Goal 1 needs a way to measure it', { exact: false }).waitFor();
    await page.getByRole('textbox', { name: 'Goal 1: statement' }).fill('Mood improves');
    await page.getByRole('textbox', { name: 'Goal 1: measured by' }).fill('PHQ-9 below 10');
    await page.getByLabel('Goal 1: target date').fill(addDays(today, 60));
    await page.getByRole('textbox', { name: 'Objective 1.1: statement' }).fill(OBJECTIVE);
    await page.getByLabel('Objective 1.1: target date').fill(addDays(today, 30));
    await page.getByRole('combobox', { name: 'Objective 1.1: status' }).selectOption('progressing');
    await page.getByRole('textbox', { name: 'Intervention 1.1.1: description' }).fill('CBT skills group');
    await page.getByRole('textbox', { name: 'Intervention 1.1.1: minutes per session' }).fill('180');
    await page.getByRole('textbox', { name: 'Intervention 1.1.1: sessions' }).fill('3');
    await page.getByRole('textbox', { name: 'Intervention 1.1.1: for weeks' }).fill('6');
    await page.getByRole('combobox', { name: 'Intervention 1.1.1: responsible staff' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Or: signed on paper on').fill(admitted);
    await page.getByRole('button', { name: 'Record the paper signature' }).click();
    await page.getByText(`Client signature: signed on paper ${admitted}`).waitFor();
    await page.getByRole('button', { name: 'Sign the plan' }).click();
    await page.getByRole('status').filter({ hasText: 'Plan signed.' }).or(page.getByText('Signed by Admin Synthetic, LCSW')).first().waitFor();
    await page.getByText('Signed by Admin Synthetic, LCSW').waitFor();
    await page.getByText(`Objective 1.1:`).waitFor();
    // The signed plan prints: the outline and both signatures, nothing of the editor.
    await page.getByRole('link', { name: 'Print', exact: true }).click();
    const printed = page.getByRole('article', { name: 'Treatment plan, version 1' });
    await printed.getByText(OBJECTIVE, { exact: false }).waitFor();
    await printed.getByText(`Signed on paper, ${admitted}`).waitFor();
    await printed.getByText('Admin Synthetic, LCSW', { exact: false }).first().waitFor();
    // The client's copy in Spanish: the document translated, what the clinician wrote as written.
    await page.getByText('Español (EE. UU.)').click();
    const copy = page.getByRole('article', { name: 'Plan de tratamiento, versión 1' });
    await copy.getByText(OBJECTIVE, { exact: false }).waitFor();
    await copy.getByText(`Firmado en papel, ${admitted}`).waitFor();
    await copy.getByRole('rowheader', { name: 'Intervención 1.1.1' }).waitFor();
    await copy.getByText('Responsable: Admin Synthetic, LCSW', { exact: false }).waitFor();
    await copy.getByText(/^Información de salud confidencial\. Impreso el /).waitFor();
    expect(await copy.getAttribute('lang')).toBe('es-US');
    expect(page.url()).toContain('lang=es-US');
    await page.mouse.move(1, 1);
    await page.screenshot({ path: 'out/screenshots/plan-print-es.png' });
    await page.getByText('English (US)').click();
    await printed.waitFor();
    await page.getByRole('link', { name: 'Back to the plan' }).click();

    // The plans page lists every client in care with where their plan stands; filters narrow it.
    await page.keyboard.press('Alt+3');
    const inCare = page.getByRole('table', { name: 'Clients in care and their plans' });
    const row = inCare.getByRole('row').filter({ hasText: CLIENT.name });
    await row.getByText(/^Signed · review due \d{4}-\d{2}-\d{2}$/).waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(GROUP);
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('Admin Synthetic, LCSW');
    const inCareFilters = page.getByRole('region', { name: /^Clients in care/ });
    await programs.choose(inCareFilters, 'Plan status', 'No plan');
    await page.getByText('No client in care matches these filters.').waitFor();
    await page.screenshot({ path: 'out/screenshots/plans-in-care.png', fullPage: false });
    await programs.choose(inCareFilters, 'Plan status', 'Signed');
    await row.getByRole('link', { name: 'Version 1' }).click();
    await page.getByText('Signed by Admin Synthetic, LCSW').waitFor();

    // Two group notes address the objective.
    const noteDays = [addDays(admitted, 1), addDays(admitted, 3)];
    for (const day of noteDays) {
      await programs.open();
      await programs.openGroup(GROUP);
      await programs.sessionsTable().getByRole('link', { name: day, exact: true }).click();
      const note = workspace.note(CLIENT.name);
      // The goal starts from the plan's objective, and the note addresses it (the golden thread).
      await expect.poll(() => note.getByRole('textbox', { name: 'Goal' }).inputValue()).toBe(OBJECTIVE);
      await note.getByText(`Objective 1.1: ${OBJECTIVE}`).waitFor();
      for (const field of GIRP_FIELDS) await workspace.quickPicks(CLIENT.name, field).getByRole('button').first().click();
      await workspace.signButton(CLIENT.name).click();
      await workspace.signature(CLIENT.name).waitFor();
      await note.getByText(`Objective 1.1: ${OBJECTIVE}`).waitFor();
    }

    // The review: version 2 shows the two notes under the objective, and the change made.
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.firstName }).click();
    await clients.openTab('Plan');
    await page.getByRole('table', { name: 'Treatment plan versions' }).getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('button', { name: 'Review the plan' }).click();
    const review = page.getByRole('form', { name: 'Review the plan' });
    await review.getByLabel('Review date').fill(today);
    await review.getByLabel('Review summary').fill('Synthetic review: practising skills; continue.');
    await review.getByRole('button', { name: 'Start version 2' }).click();
    const thread = page.getByRole('list', { name: 'Golden thread' });
    await thread.getByText('2 notes, last', { exact: false }).waitFor();
    for (const day of noteDays) await thread.getByText(day, { exact: false }).first().waitFor();
    await page.getByRole('combobox', { name: 'Objective 1.1: status' }).selectOption('met');
    const changes = page.getByRole('list', { name: 'Changes from the previous version' });
    await expect.poll(() => changes.textContent(), { timeout: 10_000 }).toContain('Objective 1.1');
    expect(await changes.textContent()).toMatch(/Met/);
    await page.screenshot({ path: 'out/screenshots/plan-review.png', fullPage: false });
  });

  it('writes a plan from the library: picks a problem and one objective, edits the wording, signs; saves a problem back to the library', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const admitted = addDays(today, -2);
    const { clients } = await admittedClient(admitted);
    await clients.openTab('Plan');
    await page.getByRole('button', { name: 'Write a treatment plan' }).click();
    await page.getByLabel('Plan date').fill(admitted);

    await page.getByRole('button', { name: 'Add from the library' }).click();
    const picker = page.getByRole('dialog', { name: 'Add a problem from the library' });
    await expect.poll(() => picker.getByLabel('Topic').evaluate((el) => el === document.activeElement)).toBe(true);
    await picker.getByLabel('Topic').selectOption('depression-anxiety');
    await picker.getByRole('radio', { name: /^Depressed mood most days/ }).check();
    const objectives = picker.getByRole('group', { name: 'Goals and objectives to add' });
    await objectives.getByRole('checkbox', { name: /^Identifies and challenges two unhelpful thoughts/ }).uncheck();
    await picker.getByRole('button', { name: 'Add to the plan' }).click();
    await picker.waitFor({ state: 'detached' });

    // Copied, not linked: every statement is the clinician's to edit; the unticked objective is not there.
    const statement = page.getByRole('textbox', { name: 'Problem 1: statement' });
    expect(await statement.inputValue()).toBe('Depressed mood most days, with loss of interest and withdrawal from usual activities.');
    await page.getByRole('textbox', { name: 'Objective 1.2: statement' }).waitFor({ state: 'detached' });
    const objective = page.getByRole('textbox', { name: 'Objective 1.1: statement' });
    await objective.fill('Schedules and completes four valued activities a week, recorded in an activity log.');
    expect(await page.getByRole('textbox', { name: 'Intervention 1.1.1: description' }).inputValue()).toBe('Behavioural activation skills group');
    await page.getByLabel('Goal 1: target date').fill(addDays(today, 60));
    await page.getByLabel('Objective 1.1: target date').fill(addDays(today, 30));
    for (const n of ['1.1.1', '1.1.2']) {
      await page.getByRole('combobox', { name: `Intervention ${n}: responsible staff` }).focus();
      await page.keyboard.press('ArrowDown');
      await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
      await page.keyboard.press('Escape');
    }
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Or: signed on paper on').fill(admitted);
    await page.getByRole('button', { name: 'Record the paper signature' }).click();
    // What the clinician wrote goes back to the library for the next client.
    await page.getByRole('region', { name: 'Problem 1' }).getByRole('button', { name: 'Save to the library' }).click();
    await page.getByRole('menuitem', { name: 'Depression and anxiety' }).click();
    await page.getByText('Saved to the plan library under Depression and anxiety.').waitFor();
    await page.screenshot({ path: 'out/screenshots/plan-from-library.png', fullPage: false });
    await page.getByRole('button', { name: 'Sign the plan' }).click();
    await page.getByText('Signed by Admin Synthetic, LCSW').waitFor();
    await page.getByText('Schedules and completes four valued activities a week', { exact: false }).first().waitFor();

    // The practice's library is a setting: the starter set is listed there, and problems can be removed.
    await page.keyboard.press('Alt+5');
    const library = page.getByRole('table', { name: 'Plan library' });
    await library.getByRole('cell', { name: 'Depressed mood most days, with loss of interest and withdrawal from usual activities.', exact: true }).first().waitFor();
    expect(await library.getByRole('cell', { name: 'Depressed mood most days, with loss of interest and withdrawal from usual activities.', exact: true }).count()).toBe(2);
    const before = await library.getByRole('row').count();
    await library.getByRole('button', { name: /^Remove from the library: Few sober supports/ }).click();
    await expect.poll(() => library.getByRole('row').count()).toBe(before - 1);
    await page.getByRole('button', { name: 'Restore the starter set (1)' }).click();
    await expect.poll(() => library.getByRole('row').count()).toBe(before);
  });
});
