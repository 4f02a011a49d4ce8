import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { firstValueFrom, map } from 'rxjs';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../../src/renderer/src/app/services';
import { ServicesProvider } from '../../src/renderer/src/app/services';
import { BackupService } from '../../src/renderer/src/backup/backup-service';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { BackupReminder } from '../../src/renderer/src/features/backup/BackupReminder';
import { SettingsRepository } from '../../src/renderer/src/repositories/settings';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';
import type { Vault } from '../../src/renderer/src/vault/vault';
import { MIN_ARGON2 } from '../../src/shared/crypto';

const DAY = 86_400_000;
let counter = 0;

describe('the backup reminder banner', () => {
  let db: WaypointDatabase;
  let clock: number;
  let vault: Vault;
  let parts: VaultParts;
  let settings: SettingsRepository;
  const saveFile = vi.fn(async () => ({ saved: true as const, location: '/backups/today.wpbackup' }));

  beforeEach(async () => {
    clock = 1_800_000_000_000;
    db = await openDatabase({ name: `backup-reminder-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['settings', 'clients'] });
    parts = createVault(db, { now: () => clock, calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) }); vault = parts.vault;
    await vault.init();
    await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: 'violet tractor umbrella sonnet', recoveryCode: parts.enrolment.newRecoveryCode() });
    settings = new SettingsRepository(db.settings, vault);
    saveFile.mockClear();
  });
  afterEach(async () => {
    await db.remove();
  });

  function show(): BackupService {
    const backup = new BackupService(db, parts, { appVersion: 'test', now: () => clock });
    const services = { vault, settings, bridge: { saveFile }, backup } as unknown as AppServices;
    render(
      <MantineProvider>
        <MemoryRouter>
          <ServicesProvider services={services}>
            <BackupReminder />
          </ServicesProvider>
        </MemoryRouter>
      </MantineProvider>,
    );
    return backup;
  }

  it('stays hidden until the practice setting’s number of days has passed', async () => {
    clock += 6 * DAY;
    const backup = show();
    const due = await firstValueFrom(backup.due$(settings.observe().pipe(map((s) => s.backupReminderDays))));
    expect(due).toEqual({ overdue: false, days: 6, never: true });
    await act(async () => undefined);
    expect(screen.queryByRole('region', { name: 'Back up the practice' })).toBeNull();
  });

  it('reminds an administrator when overdue; "Back up now" saves the file and the banner goes', async () => {
    await settings.save({ backupReminderDays: 3 });
    clock += 4 * DAY;
    show();
    const banner = await screen.findByRole('region', { name: 'Back up the practice' });
    expect(banner.textContent).toContain('since the practice was set up here, 4 days ago');
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Back up the practice' })).toBeNull());
    expect(saveFile).toHaveBeenCalledTimes(1);
  });
});
