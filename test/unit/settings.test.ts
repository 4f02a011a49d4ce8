import { describe, expect, it } from 'vitest';
import { englishIssue } from '../../src/shared/messages';
import { DEFAULT_PRACTICE_SETTINGS, practiceSettingsSchema } from '../../src/shared/settings';

describe('practice settings rules', () => {
  it('accepts the defaults', () => {
    expect(practiceSettingsSchema.parse(DEFAULT_PRACTICE_SETTINGS)).toEqual(DEFAULT_PRACTICE_SETTINGS);
    expect(DEFAULT_PRACTICE_SETTINGS.autoLockMinutes).toBe(15);
  });

  it.each([
    [{ autoLockMinutes: 0 }, 'Auto-lock must be between 1 and 120 minutes'],
    [{ autoLockMinutes: 121 }, 'Auto-lock must be between 1 and 120 minutes'],
    [{ autoLockMinutes: 2.5 }, 'Auto-lock must be a whole number of minutes'],
    [{ noteDeadlineBusinessDays: 0 }, 'The note deadline must be between 1 and 30 business days'],
    [{ defaultNoteFormat: 'FREE' }, 'The note format must be one of GIRP, DAP, BIRP, SOAP'],
    [{ planReviewCadenceDays: 3 }, 'The plan review cadence must be between 7 and 365 days'],
  ])('rejects %o with "%s"', (change, message) => {
    const result = practiceSettingsSchema.safeParse({ ...DEFAULT_PRACTICE_SETTINGS, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(englishIssue)).toContain(message);
  });
});
