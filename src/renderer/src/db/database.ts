/**
 * Opens the app's RxDB database on the Dexie (IndexedDB) storage. Only repositories and the vault
 * use what this returns; components never touch collections.
 */
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { COLLECTION_MIGRATIONS } from '../../../shared/backup/migrations';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import {
  auditSchema,
  clientsSchema,
  conflictsSchema,
  episodesSchema,
  notesSchema,
  privateNotesSchema,
  plansSchema,
  programsSchema,
  sessionsSchema,
  settingsSchema,
  staffSchema,
  type AuditDocType,
  type ClientDocType,
  type ConflictDocType,
  type EpisodeDocType,
  type NoteDocType,
  type PrivateNoteDocType,
  type PlanDocType,
  type ProgramDocType,
  type SessionDocType,
  type SettingDocType,
  type StaffDocType,
} from './schemas';

// Local documents hold the device keyring and form drafts: never replicated, no collection slot used.
addRxPlugin(RxDBLocalDocumentsPlugin);
// Schema versions above 0 migrate the plaintext index at open, before unlock (docs/CHANGING-RECORDS.md).
addRxPlugin(RxDBMigrationSchemaPlugin);

/** RxDB's migration strategies from the steps backups use too, so a restored backup and a stored database change alike. */
const strategies = (collection: keyof typeof COLLECTION_MIGRATIONS) =>
  Object.fromEntries((COLLECTION_MIGRATIONS[collection] ?? []).map((step, from) => [from + 1, (doc: Record<string, unknown>) => step(doc)]));

export interface WaypointCollections {
  settings: RxCollection<SettingDocType>;
  staff: RxCollection<StaffDocType>;
  clients: RxCollection<ClientDocType>;
  episodes: RxCollection<EpisodeDocType>;
  programs: RxCollection<ProgramDocType>;
  sessions: RxCollection<SessionDocType>;
  notes: RxCollection<NoteDocType>;
  privateNotes: RxCollection<PrivateNoteDocType>;
  plans: RxCollection<PlanDocType>;
  conflicts: RxCollection<ConflictDocType>;
  audit: RxCollection<AuditDocType>;
}

export type WaypointDatabase = RxDatabase<WaypointCollections>;

export interface OpenDatabaseOptions {
  name: string;
  /**
   * Validate every write against the JSON schema (ajv). On in development and tests; off in
   * production builds, where ajv's code generation would need 'unsafe-eval' in the CSP.
   */
  validate: boolean;
  /** IndexedDB implementation; the browser's own unless given. */
  indexedDB?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
  /**
   * Open only these collections (tests and benchmarks that run several devices in one process:
   * RxDB's open-source build allows few collections per process). All of them unless given.
   */
  only?: readonly (keyof WaypointCollections)[];
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<WaypointDatabase> {
  // 'strict' makes Chromium flush each committed transaction to disk before reporting it done, so a
  // note shown as saved survives a power cut, not only a crashed app. Autosave writes at most about
  // twice a second and bulk work is batched, so the extra flushes cost little.
  const dexie = getRxStorageDexie({ ...options.indexedDB, chromeTransactionDurability: 'strict' }) as RxStorage<unknown, unknown>;
  const storage = options.validate ? wrappedValidateAjvStorage({ storage: dexie }) : dexie;
  const db = await createRxDatabase<WaypointCollections>({
    name: options.name,
    storage,
    multiInstance: true,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: true,
  });
  const all = {
    settings: { schema: settingsSchema },
    staff: { schema: staffSchema },
    clients: { schema: clientsSchema, migrationStrategies: strategies('clients') },
    episodes: { schema: episodesSchema },
    programs: { schema: programsSchema },
    sessions: { schema: sessionsSchema },
    notes: { schema: notesSchema },
    privateNotes: { schema: privateNotesSchema },
    plans: { schema: plansSchema, migrationStrategies: strategies('plans') },
    conflicts: { schema: conflictsSchema },
    audit: { schema: auditSchema },
  };
  const only = options.only;
  await db.addCollections(only ? Object.fromEntries(Object.entries(all).filter(([name]) => only.includes(name as keyof WaypointCollections))) : all);
  return db;
}
