/**
 * The app's services as the window runs them, built on an open database and vault: main.tsx
 * renders the app with them, and the benchmark page measures the same wiring (scripts/bench.ts).
 */
import { BackupService } from '../backup/backup-service';
import { AuditLog } from '../audit/audit-log';
import { auditedBridge } from '../audit/audited-bridge';
import { Arrival } from '../arrival/arrival';
import { replicatedCollections } from '../db/replicated';
import { VaultLockedError } from '../db/sealed-store';
import { NewerRecordsReader } from '../db/newer-records';
import { Resealer } from '../db/resealer';
import { KeyRelay } from '../sync/key-relay';
import { ClientsRepository } from '../repositories/clients';
import { ContactsRepository } from '../repositories/contacts';
import { DraftStore } from '../repositories/drafts';
import { EpisodesRepository } from '../repositories/episodes';
import { NotesRepository } from '../repositories/notes';
import { firstValueFrom, filter } from 'rxjs';
import { ConflictsRepository } from '../repositories/conflicts';
import { Part2Repository } from '../repositories/part2';
import { PlansRepository } from '../repositories/plans';
import { SubstanceUseRepository } from '../repositories/substance-use';
import { PrivateNotesRepository } from '../repositories/private-notes';
import { AuthorKeys, authorKeyringOf } from '../repositories/author-keys';
import { AuthorizationsRepository } from '../repositories/authorizations';
import { MeasuresRepository } from '../repositories/measures';
import { ConflictResolver } from '../sync/conflict-resolution';
import { SyncConfigStore } from '../sync/sync-config';
import { SyncService } from '../sync/sync-service';
import { Retention } from '../sync/retention';
import { SyncClient } from '../sync/sync-client';
import { sweepArchives } from './retention-sweep';
import { TransferService } from '../transfer/transfer-service';
import { ProgramsRepository } from '../repositories/programs';
import { SessionsRepository } from '../repositories/sessions';
import { SettingsRepository } from '../repositories/settings';
import { AttentionRepository } from '../repositories/attention';
import { StaffRepository } from '../repositories/staff';
import { ClientSearchService } from '../search/client-search-service';
import { PracticeClock } from '../time/practice-clock';
import type { WaypointBridge } from '../../../shared/bridge';
import type { WaypointDatabase } from '../db/database';
import type { VaultParts } from '../vault';
import type { AppServices } from './services';

export async function createServices(db: WaypointDatabase, parts: VaultParts, platformBridge: WaypointBridge): Promise<AppServices> {
  const { vault } = parts;
  const audit = await AuditLog.open(db, vault);
  // Every print and saved file passes through the bridge: wrapped once here, each one is audited.
  const bridge = auditedBridge(platformBridge, audit);
  bridge.onSystemLock(() => void vault.lock('system'));
  const settings = new SettingsRepository(db.settings, vault);
  const clock = new PracticeClock();
  // The practice's zone is a sealed setting: read after unlocking, forgotten on lock.
  vault.state$.subscribe((state) => (state.status === 'unlocked' ? clock.follow(settings.observe()) : clock.stop()));
  const clients = new ClientsRepository(db.clients, vault, Date.now, () => clock.today());
  const syncConfig = new SyncConfigStore(db, vault);
  const conflicts = new ConflictsRepository(db.conflicts, vault);
  // Every version made elsewhere (sync, transfer file, restore) enters through this one module.
  const arrival = new Arrival(db, vault, { conflicts, audit });
  const sync = new SyncService(db, syncConfig, {
    arrival,
    whenUnlocked: () => vault.whenUnlocked(),
  }, { appVersion: __APP_VERSION__, keyRelay: new KeyRelay(parts.epochs) });
  // Sync runs only while someone has unlocked: the device token and the records need the key.
  vault.state$.subscribe((state) => void (state.status === 'unlocked' ? sync.start() : sync.stop()));
  // Records sealed by an older release are sealed again at the current payload version after each unlock.
  const resealer = new Resealer(replicatedCollections(db), vault);
  vault.state$.subscribe((state) => {
    if (state.status === 'unlocked') resealer.run().catch((error: unknown) => console.error('[waypoint:reseal]', error));
  });
  // A new key epoch (made here or relayed) moves every record to it in the background.
  parts.epochs.onEpoch(() => void resealer.run().catch((error: unknown) => console.error('[waypoint:reseal]', error)));
  const sessions = new SessionsRepository(db.sessions, vault);
  // Private notes are sealed to their author: the key opens with the secret someone unlocked with.
  const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
  const privateNotes = new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys, { audit, recoveryCodes: vault });
  // A note written before author keys is sealed to its author when they next unlock (locked again meanwhile: at the next unlock).
  vault.onSecret((secret) =>
    authorKeys.unlocked(secret).then(() =>
      privateNotes.sealEarlierNotes().then(
        () => undefined,
        (error: unknown) => void (error instanceof VaultLockedError || console.error('[waypoint:private-notes]', error)),
      ),
    ),
  );
  const services = {
    bridge,
    vault,
    profiles: parts.profiles,
    enrolment: parts.enrolment,
    epochs: parts.epochs,
    settings,
    clock,
    staff: new StaffRepository(db.staff, vault),
    clients,
    contacts: new ContactsRepository(db.clients, vault),
    part2: new Part2Repository(db.clients, vault),
    search: new ClientSearchService(clients, vault),
    episodes: new EpisodesRepository(db.episodes, vault),
    programs: new ProgramsRepository(db.programs, vault),
    sessions,
    // The time and facilitator rules hold whatever screen (or script) writes the note.
    notes: new NotesRepository(db.notes, vault, undefined, { session: async (id) => (await sessions.get(id))?.data ?? null, practice: () => settings.get() }),
    privateNotes,
    measures: new MeasuresRepository(db.plans, vault, Date.now, () => clock.zone),
    plans: new PlansRepository(db.plans, vault),
    attention: new AttentionRepository(db.settings, vault),
    authorizations: new AuthorizationsRepository(db.plans, vault, db.settings),
    substanceUse: new SubstanceUseRepository(db.plans, vault),
    drafts: new DraftStore(db, vault),
    sync,
    syncConfig,
    conflicts,
    conflictResolver: new ConflictResolver(db, vault, conflicts),
    // The audit trail's device id names this device in transfer files: both are this profile's, never backed up.
    transfer: new TransferService(db, vault, arrival, { deviceId: audit.deviceId, audit }),
    audit,
    backup: new BackupService(db, parts, { appVersion: __APP_VERSION__, audit, arrival }),
    resealer,
    newerRecords: new NewerRecordsReader(replicatedCollections(db), vault),
    retention: new Retention(db, vault, arrival, {
      audit,
      client: async () => {
        const config = await syncConfig.withToken();
        return config === null ? null : new SyncClient({ serverUrl: config.serverUrl, token: config.token, appVersion: __APP_VERSION__ });
      },
      // Archiving removes records with sync stopped, so no deletion is ever pushed; it runs only while unlocked.
      whileSyncStopped: async (work) => {
        await sync.stop();
        try {
          return await work();
        } finally {
          if (vault.state$.value.status === 'unlocked') await sync.start();
        }
      },
    }),
  };
  // The practice's retention rule runs once per unlock, when sync has caught up (docs/RETENTION.md).
  vault.state$.subscribe((state) => {
    if (state.status !== 'unlocked') return;
    void firstValueFrom(sync.status$.pipe(filter((status) => status.phase === 'up-to-date')))
      .then(() => sweepArchives(services))
      .catch((error: unknown) => console.error('[waypoint:retention]', (error as Error).message));
  });
  // Payers kept as one setting before each was its own record become records, once, after unlock.
  vault.state$.subscribe((state) => {
    if (state.status === 'unlocked') services.authorizations.migrateLegacyPayers().catch((error: unknown) => console.error('[waypoint:payers]', error));
  });
  return services;
}
