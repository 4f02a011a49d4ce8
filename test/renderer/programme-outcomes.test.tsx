import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdministrationInput } from '../../src/shared/measures';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { ProgrammeOutcomesSection } from '../../src/renderer/src/features/measures/ProgrammeOutcomes';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { testKeySource } from './support/keys';

let counter = 0;

/** PHQ-9 answers adding up to `total` (at most 24 with item 9 at 0). */
function phq9(total: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q${i + 1}`, i < 8 ? Math.min(3, Math.max(0, total - 3 * i)) : 0]));
}

describe('programme outcomes section', () => {
  let db: WaypointDatabase;
  let services: Pick<AppServices, 'episodes' | 'measures' | 'programs'>;

  beforeEach(async () => {
    db = await openDatabase({ name: `outcomes-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['episodes', 'plans', 'programs'] });
    const keys = await testKeySource();
    services = { episodes: new EpisodesRepository(db.episodes, keys), measures: new MeasuresRepository(db.plans, keys), programs: new ProgramsRepository(db.programs, keys) };
  });
  afterEach(async () => {
    await db.remove();
  });

  it('shows the mean change from admission to discharge per track over the episodes discharged in the period', async () => {
    const program = await services.programs.createProgram({ name: 'Synthetic Programme' });
    const mood = await services.programs.createTrack(program.id, { name: 'Synthetic Mood', population: 'adult' });
    const trauma = await services.programs.createTrack(program.id, { name: 'Synthetic Trauma', population: 'adult' });
    const episode = async (clientId: string, trackId: string, totals: number[], dischargedOn: string | null) => {
      const e = await services.episodes.admit({ clientId, programId: program.id, trackId, admittedOn: '2026-03-02', level: 'iop', referralReason: 'Synthetic' });
      for (const [i, total] of totals.entries()) {
        const input: AdministrationInput = { instrumentId: 'phq9', clientId, episodeId: e.id, date: `2026-03-${String(2 + 7 * i).padStart(2, '0')}`, answers: phq9(total), enteredBy: 'clinician', recordedBy: 'staff-a' };
        await services.measures.record(input);
      }
      if (dischargedOn) await services.episodes.discharge(e.id, { on: dischargedOn, reason: 'completed', summary: '', aftercare: {} });
    };
    await episode('client-a', mood.id, [20, 14, 10], '2026-04-10');
    await episode('client-b', mood.id, [15, 12], '2026-05-20');
    await episode('client-c', trauma.id, [9], '2026-04-12');
    await episode('client-d', trauma.id, [24, 4], null); // still in treatment: not reported

    render(
      <MantineProvider>
        <ServicesProvider services={services as AppServices}>
          <ProgrammeOutcomesSection />
        </ServicesProvider>
      </MantineProvider>,
    );
    // Body rows, each as its header and cells.
    const rows = () => [...screen.getByRole('table', { name: 'PHQ-9 change by track' }).querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    // Episodes, measures and tracks arrive separately: wait for all three.
    await waitFor(() => expect(rows()).toEqual([
      ['Synthetic Programme · Synthetic Mood', '2', '0', '17.5', '11.0', '−6.5'],
      ['Synthetic Programme · Synthetic Trauma', '0', '1', '—', '—', '—'],
      ['All tracks', '2', '1', '17.5', '11.0', '−6.5'],
    ]));
    fireEvent.change(screen.getByLabelText('Discharged to'), { target: { value: '2026-04-30' } });
    expect(rows()).toEqual([
      ['Synthetic Programme · Synthetic Mood', '1', '0', '20.0', '10.0', '−10.0'],
      ['Synthetic Programme · Synthetic Trauma', '0', '1', '—', '—', '—'],
      ['All tracks', '1', '1', '20.0', '10.0', '−10.0'],
    ]);
    fireEvent.change(screen.getByLabelText('Discharged from'), { target: { value: '2026-04-11' } });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No discharged episode in the period has two or more measures of one instrument.')).toBeTruthy();
  });
});
