import { useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MEASURES, type MeasureAnswers, type MeasureDefinition } from '../../src/shared/measures';
import { LiveScore, MeasureItems } from '../../src/renderer/src/features/measures/MeasureItems';

/** The answers the form last reported. */
let latest: MeasureAnswers = {};

function Form({ def }: { def: MeasureDefinition }) {
  const [answers, setAnswers] = useState<MeasureAnswers>({});
  const change = (next: MeasureAnswers) => {
    latest = next;
    setAnswers(next);
  };
  return (
    <MantineProvider>
      <MeasureItems def={def} answers={answers} onChange={change} showErrors={false} />
      <LiveScore def={def} answers={answers} />
    </MantineProvider>
  );
}

const question = (n: number) => screen.getByRole('radiogroup', { name: new RegExp(`^${n}\\. `) });

describe('the measure form', () => {
  it('asks each item as a labelled radio group and shows the total, band and alert only once every question is answered', () => {
    render(<Form def={MEASURES.phq9} />);
    expect(screen.getAllByRole('radiogroup')).toHaveLength(10);
    for (let n = 1; n <= 8; n++) fireEvent.click(within(question(n)).getByRole('radio', { name: 'Several days' }));
    expect(screen.getByLabelText('Score').textContent).toContain('1 question still to answer');
    fireEvent.click(within(question(9)).getByRole('radio', { name: 'More than half the days' }));
    expect(screen.getByLabelText('Score').textContent).toContain('Total 10 of 27 · Moderate');
    expect(screen.getByRole('alert').textContent).toContain('Alert: Thoughts of death or self-harm (PHQ-9 item 9)');
    expect(latest).toEqual({ q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 2 });
  });

  it('drops the answers a skip rule leaves out, so a hidden answer never counts (AUDIT question 1 "Never")', () => {
    render(<Form def={MEASURES.audit} />);
    fireEvent.click(within(question(2)).getByRole('radio', { name: '3 or 4' }));
    fireEvent.click(within(question(1)).getByRole('radio', { name: 'Never' }));
    expect(latest).toEqual({ q1: 0 });
    for (let n = 2; n <= 8; n++) expect(within(question(n)).getAllByRole('radio').every((r) => (r as HTMLInputElement).disabled)).toBe(true);
    fireEvent.click(within(question(9)).getByRole('radio', { name: 'No' }));
    fireEvent.click(within(question(10)).getByRole('radio', { name: 'No' }));
    expect(screen.getByLabelText('Score').textContent).toContain('Total 0 of 40 · Zone I: low risk');
  });
});
