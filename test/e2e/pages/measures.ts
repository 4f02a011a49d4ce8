import type { Locator, Page } from 'playwright-core';

/** Page model of outcome measures: the chart section, the measure form, alerts and the kiosk. */
export class MeasuresPages {
  constructor(private readonly page: Page) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Outcome measures' });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Give a measure' });
  }

  get table(): Locator {
    return this.section.getByRole('table', { name: 'Measures given' });
  }

  /** Open alerts in the chart's section (role=alert, titled by the alert). */
  get alerts(): Locator {
    return this.section.getByRole('alert');
  }

  /** Chooses the instruments of the open episode's schedule (each on the suggested schedule). */
  async setSchedule(instruments: readonly string[]): Promise<void> {
    await this.section.getByRole('button', { name: /measure schedule/ }).click();
    const d = this.page.getByRole('dialog', { name: 'Measure schedule' });
    for (const name of ['PHQ-9', 'GAD-7', 'PCL-5', 'AUDIT']) await d.getByRole('checkbox', { name }).setChecked(instruments.includes(name));
    await d.getByRole('button', { name: 'Save the schedule' }).click();
    await d.waitFor({ state: 'detached' });
  }

  get due(): Locator {
    return this.section.getByRole('list', { name: 'Measures due' });
  }

  /** Opens "Give a measure" with `instrument` chosen ("PHQ-9", "GAD-7", …). */
  async start(instrument: string): Promise<void> {
    await this.section.getByRole('button', { name: 'Give a measure' }).click();
    await this.dialog.getByRole('combobox', { name: 'Instrument' }).click();
    await this.page.getByRole('option', { name: new RegExp(`^${instrument} — `) }).click();
  }

  /** Answers question n (1-based) with the option labelled `label`, in `scope` (the dialog or the kiosk). */
  async answer(scope: Locator, n: number, label: string): Promise<void> {
    await scope.getByRole('radiogroup', { name: new RegExp(`^${n}\\. `) }).getByRole('radio', { name: label, exact: true }).check();
  }

  /** Gives a measure as the clinician; `answers[i]` is the option label for question i + 1. */
  async give(instrument: string, answers: readonly string[], date?: string): Promise<void> {
    await this.start(instrument);
    if (date) await this.dialog.getByLabel('Date given').fill(date);
    for (const [i, label] of answers.entries()) await this.answer(this.dialog, i + 1, label);
    await this.dialog.getByRole('button', { name: 'Save the measure' }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** Acknowledges the chart's open alert with a follow-up note. */
  async acknowledge(note: string): Promise<void> {
    await this.alerts.getByRole('button', { name: 'Record the follow-up' }).click();
    const d = this.page.getByRole('dialog', { name: 'Record the follow-up' });
    await d.getByLabel('Follow-up note').fill(note);
    await d.getByRole('button', { name: 'Acknowledge the alert' }).click();
    await d.waitFor({ state: 'detached' });
  }

  /** A kiosk questionnaire, by the instrument's name in the language shown. */
  clientForm(name: string): Locator {
    return this.page.getByRole('form', { name });
  }

  /** Opens the trend tab of `instrument` and returns its figure. */
  async openTrend(instrument: string): Promise<Locator> {
    await this.section.getByRole('tab', { name: `${instrument} trend` }).click();
    const figure = this.section.getByRole('figure', { name: new RegExp(`^${instrument} total over time`) });
    await figure.locator('.recharts-line-curve').waitFor();
    return figure;
  }
}
