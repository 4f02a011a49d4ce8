/**
 * The one schema for PostgreSQL and PGlite. A migration is a list of single statements (PGlite's
 * parameterised query runs one statement at a time); applied migrations are recorded in
 * schema_migrations. Never edit an applied migration: add the next one.
 */
import type { Storage } from './types';

interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'practices, devices, enrolments, documents',
    statements: [
      // `seq` is the practice's change counter: the last sequence number given to a document.
      `CREATE TABLE practices (
        id text PRIMARY KEY,
        created_at bigint NOT NULL,
        seq bigint NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE devices (
        id text PRIMARY KEY,
        practice_id text NOT NULL REFERENCES practices(id),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        token_sha256 text NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        last_seen_at bigint,
        revoked_at bigint
      )`,
      'CREATE INDEX devices_practice ON devices (practice_id)',
      // The code never reaches the server: only a lookup id and the SHA-256 of a verifier derived from it.
      `CREATE TABLE enrolments (
        id text PRIMARY KEY,
        practice_id text NOT NULL REFERENCES practices(id),
        lookup_id text NOT NULL UNIQUE,
        verifier_sha256 text NOT NULL,
        wrapped_key text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        created_by text NOT NULL REFERENCES devices(id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        redeemed_at bigint,
        redeemed_by text REFERENCES devices(id)
      )`,
      `CREATE TABLE documents (
        practice_id text NOT NULL REFERENCES practices(id),
        collection text NOT NULL,
        id text NOT NULL,
        seq bigint NOT NULL,
        rev integer NOT NULL,
        updated_at bigint NOT NULL,
        deleted boolean NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (practice_id, collection, id)
      )`,
      'CREATE UNIQUE INDEX documents_checkpoint ON documents (practice_id, collection, seq)',
    ],
  },
  {
    version: 2,
    name: 'practice minimum app version',
    // Null: no minimum. Set by an administrator device or the server's command line.
    statements: ['ALTER TABLE practices ADD COLUMN min_app_version text'],
  },
  {
    version: 3,
    name: 'device keys and key-epoch relays',
    statements: [
      // The device's X25519 public key and its attestation (sealed under the practice key: opaque here).
      'ALTER TABLE devices ADD COLUMN public_key text',
      'ALTER TABLE devices ADD COLUMN key_attestation text',
      // The newest epoch published: a new one must follow it, so two administrators never fork the key's history.
      'ALTER TABLE practices ADD COLUMN key_epoch text',
      // One opaque relay per device and epoch, sealed to that device's key.
      `CREATE TABLE key_relays (
        n bigserial PRIMARY KEY,
        practice_id text NOT NULL REFERENCES practices(id),
        device_id text NOT NULL REFERENCES devices(id),
        key_id text NOT NULL,
        relay text NOT NULL,
        created_at bigint NOT NULL,
        UNIQUE (device_id, key_id)
      )`,
    ],
  },
  {
    version: 4,
    name: 'digests of the versions a document held before',
    // Newest first, bounded (sync.ts: EARLIER_VERSIONS): digests only, no earlier content is kept. Rows migrated
    // from before start with none; the version they hold enters it when it is next replaced.
    statements: ["ALTER TABLE documents ADD COLUMN earlier text[] NOT NULL DEFAULT '{}'"],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** An arbitrary constant: the advisory lock that keeps two starting servers from migrating at once. */
const MIGRATION_LOCK = 7_302_114;

/** Applies the missing migrations in one transaction; safe to run at every start and concurrently. */
export async function migrate(storage: Storage): Promise<number[]> {
  return storage.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
    const pending = MIGRATIONS.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pending.map((migration) => migration.version);
  });
}

/** Ready means reachable and fully migrated. */
export async function isMigrated(storage: Storage): Promise<boolean> {
  const rows = await storage.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return Number(rows[0]?.version ?? 0) === SCHEMA_VERSION;
}
