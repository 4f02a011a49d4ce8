/**
 * The measures kiosk: the device is handed to one client to answer the measures a clinician chose
 * (those due, or one). What it needs travels as router state (ids only, no patient data), so a
 * reload resumes it after unlocking; while it runs, the app frame sends every other address back to
 * it (the guard below) until a staff passphrase releases it.
 */
import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { localeSchema } from '../../../../shared/format';
import { MEASURE_IDS, type MeasureAnswers, type MeasureId } from '../../../../shared/measures';

export const KIOSK_PATH = '/kiosk';

const instrumentId = z.enum(MEASURE_IDS);

const kioskSchema = z
  .object({
    clientId: z.string().min(1),
    episodeId: z.string().min(1),
    /** In the order they are asked. */
    instrumentIds: z.array(instrumentId).min(1),
    /** The staff member who started the kiosk: each administration is recorded as theirs. */
    recordedBy: z.string().min(1),
    /** The client's choice on the first screen. */
    language: localeSchema.optional(),
    /** Saved already: after a lock or reload the kiosk goes on from the next one, never asks again. */
    done: z.array(instrumentId),
  })
  .strict();
export type KioskState = z.infer<typeof kioskSchema>;

/** The kiosk's state, or null when the route was reached without one. */
export function readKioskState(state: unknown): KioskState | null {
  const parsed = kioskSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export function kioskFinished(state: KioskState): boolean {
  return state.instrumentIds.every((id) => state.done.includes(id));
}

/* The guard: the running kiosk's state, kept in memory for this renderer until staff release it. */
let armed: KioskState | null = null;
/** Answers not yet submitted, so being sent back to the kiosk from another address loses none. */
const drafts = new Map<MeasureId, MeasureAnswers>();
const listeners = new Set<() => void>();

export const kioskGuard = {
  arm(state: KioskState): void {
    if (armed === null) drafts.clear();
    armed = state;
    listeners.forEach((listener) => listener());
  },
  release(): void {
    armed = null;
    drafts.clear();
    listeners.forEach((listener) => listener());
  },
  get current(): KioskState | null {
    return armed;
  },
  draft(id: MeasureId): MeasureAnswers {
    return drafts.get(id) ?? {};
  },
  keepDraft(id: MeasureId, answers: MeasureAnswers): void {
    drafts.set(id, answers);
  },
};

/** The running kiosk, for the app frame to send every other screen back to it. */
export function useArmedKiosk(): KioskState | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => armed,
  );
}
