import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { SettingsPage } from './pages/settings';

/** The wrapper of the field labelled `label`: where its own message is shown. */
const under = (page: Page, scope: Locator, label: string) => scope.locator('.mantine-InputWrapper-root').filter({ has: page.getByRole('textbox', { name: label, exact: true }) });
const focused = (field: Locator) => field.evaluate((el) => el === document.activeElement);

describe('forms on @mantine/form: each message under its field, focus on the first, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('the intake form and the practice holidays', async () => {
    app = await AppSession.start();
    const page = app.page;
    const clients = new ClientsPages(page);

    // Intake with two invalid fields: a missing first name and an email that is not one.
    await clients.openList();
    await clients.startNew();
    const form = clients.form;
    await form.getByLabel('Last name').fill('Syntheticson');
    await form.getByLabel('Date of birth').fill('1991-02-03');
    await form.getByLabel('Email').fill('not an address');
    await form.getByRole('button', { name: 'Save client' }).click();
    await under(page, form, 'First name').getByText('First name is required').waitFor();
    await under(page, form, 'Email').getByText('Email is not a valid address').waitFor();
    expect(await under(page, form, 'First name').getByText('Email is not a valid address').count()).toBe(0);
    const first = form.getByRole('textbox', { name: 'First name', exact: true });
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focused(first)).toBe(true);
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await page.screenshot({ path: resolve('out/screenshots/intake-errors-under-fields.png') });
    // Typing clears the field's message; a valid form saves and opens the chart.
    await page.keyboard.type('Formia');
    expect(await under(page, form, 'First name').getByText('First name is required').count()).toBe(0);
    await form.getByLabel('Email').fill('');
    await form.getByRole('button', { name: 'Save client' }).click();
    await clients.chartHeading('Syntheticson, Formia').waitFor();

    // A closure without a name: the message under the name, focus there, nothing added.
    await new SettingsPage(page).open();
    const holidays = page.getByRole('form', { name: 'Practice holidays' });
    await holidays.getByLabel('Closure date').fill('2031-11-28');
    await holidays.getByRole('button', { name: 'Add closure' }).click();
    await under(page, holidays, 'Closure name').getByText('Name the holiday').waitFor();
    await expect.poll(() => focused(holidays.getByRole('textbox', { name: 'Closure name' }))).toBe(true);
    expect(await holidays.getByRole('table', { name: 'Practice closures' }).count()).toBe(0);
    await page.keyboard.type('Synthetic closure day');
    await holidays.getByRole('button', { name: 'Add closure' }).click();
    await holidays.getByRole('table', { name: 'Practice closures' }).getByText('Synthetic closure day').waitFor();
    await holidays.getByRole('button', { name: 'Save holidays' }).click();
    await holidays.getByRole('status').getByText('Holidays saved.', { exact: false }).waitFor();
  });
});
