/**
 * Client mode: the device is handed to the client to answer a questionnaire alone. What it needs
 * travels as router state (ids only, no patient data), so a reload resumes it after unlocking.
 */
import { z } from 'zod';
import { MEASURE_IDS } from '../../../../shared/measures';

export const CLIENT_MODE_PATH = '/client-mode';

const clientModeSchema = z
  .object({
    clientId: z.string().min(1),
    episodeId: z.string().min(1),
    instrumentId: z.enum(MEASURE_IDS),
    /** The staff member who handed the device over: the administration is recorded as theirs. */
    recordedBy: z.string().min(1),
    /** Set once the answers are saved: after a lock or reload the thank-you shows, never the questionnaire again. */
    submitted: z.literal(true).optional(),
  })
  .strict();
export type ClientModeState = z.infer<typeof clientModeSchema>;

/** The hand-over, or null when the route was reached without one. */
export function readClientModeState(state: unknown): ClientModeState | null {
  const parsed = clientModeSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}
