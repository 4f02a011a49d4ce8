import { createContext, useContext, type ReactNode } from 'react';
import type { WaypointBridge } from '../../../shared/bridge';
import type { BackupService } from '../backup/backup-service';
import type { AuditLog } from '../audit/audit-log';
import type { AttentionRepository } from '../repositories/attention';
import type { ClientsRepository } from '../repositories/clients';
import type { ContactsRepository } from '../repositories/contacts';
import type { DraftStore } from '../repositories/drafts';
import type { EpisodesRepository } from '../repositories/episodes';
import type { NotesRepository } from '../repositories/notes';
import type { Part2Repository } from '../repositories/part2';
import type { PlansRepository } from '../repositories/plans';
import type { AuthorizationsRepository } from '../repositories/authorizations';
import type { SubstanceUseRepository } from '../repositories/substance-use';
import type { PrivateNotesRepository } from '../repositories/private-notes';
import type { MeasuresRepository } from '../repositories/measures';
import type { ProgramsRepository } from '../repositories/programs';
import type { SessionsRepository } from '../repositories/sessions';
import type { SettingsRepository } from '../repositories/settings';
import type { StaffRepository } from '../repositories/staff';
import type { Resealer } from '../db/resealer';
import type { NewerRecordsReader } from '../db/newer-records';
import type { ClientSearchService } from '../search/client-search-service';
import type { ConflictsRepository } from '../repositories/conflicts';
import type { ConflictResolver } from '../sync/conflict-resolution';
import type { SyncConfigStore } from '../sync/sync-config';
import type { SyncService } from '../sync/sync-service';
import type { Retention } from '../sync/retention';
import type { TransferService } from '../transfer/transfer-service';
import type { PracticeClock } from '../time/practice-clock';
import type { Enrolment } from '../vault/enrolment';
import type { KeyEpochs } from '../vault/keyring-epochs';
import type { ProfileAdmin } from '../vault/profiles';
import type { Vault } from '../vault/vault';

/** What features may use: the OS bridge, the vault and the repositories, never RxDB collections. */
export interface AppServices {
  bridge: WaypointBridge;
  /** The unlocked session. */
  vault: Vault;
  /** Staff profiles and passphrases on this device. */
  profiles: ProfileAdmin;
  /** Creating, joining and restoring a practice; enrolling another device. */
  enrolment: Enrolment;
  epochs: KeyEpochs;
  settings: SettingsRepository;
  staff: StaffRepository;
  clients: ClientsRepository;
  contacts: ContactsRepository;
  part2: Part2Repository;
  episodes: EpisodesRepository;
  programs: ProgramsRepository;
  sessions: SessionsRepository;
  notes: NotesRepository;
  privateNotes: PrivateNotesRepository;
  measures: MeasuresRepository;
  plans: PlansRepository;
  /** Payer authorizations, utilization reviews and the practice's payers. */
  authorizations: AuthorizationsRepository;
  substanceUse: SubstanceUseRepository;
  drafts: DraftStore;
  search: ClientSearchService;
  sync: SyncService;
  /** Clients archived off this laptop and brought back (docs/RETENTION.md); absent where there is no sync. */
  retention?: Retention;
  backup: BackupService;
  syncConfig: SyncConfigStore;
  conflicts: ConflictsRepository;
  /** Recorded decisions that an item needing attention is not a problem. */
  attention: AttentionRepository;
  conflictResolver: ConflictResolver;
  transfer: TransferService;
  /** Seals records of older payload versions again after unlock (migration after unlock). */
  resealer: Resealer;
  /** Records a newer release wrote, for showing read-only. */
  newerRecords: NewerRecordsReader;
  audit: AuditLog;
  /** The practice's time zone and today's date in it. */
  clock: PracticeClock;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices() is used outside <ServicesProvider>');
  return services;
}
