/**
 * Each staff member's author key (docs/ARCHITECTURE.md, Private notes per author): what seals their
 * psychotherapy and SUD counselling notes. Its wraps are a record of the settings collection
 * (`author-key-…`), sealed under the practice key like every record, so they sync to the author's
 * other laptops, follow key epochs and travel in backups and transfer files; only the author's
 * passphrase (or the recovery code, break-glass) opens the key inside. Held in memory while its
 * author has unlocked, dropped on lock.
 */
import {
  AUTHOR_KEY_RECORD_PREFIX,
  createAuthorKey,
  normaliseRecoveryCode,
  unwrapPracticeKey,
  openAuthorKey,
  openAuthorKeyWithRecoveryCode,
  recoveryRecipient,
  rewrapAuthorKey,
  WrongPassphraseError,
  type Argon2Params,
  type AuthorKeyWraps,
  type DataKey,
  type KeyWrap,
} from '../../../shared/crypto';
import type { RxCollection } from '../db/storage';
import type { SettingDocType } from '../db/schemas';
import { SealedStore, type KeySource } from '../db/sealed-store';
import type { KeyringStore } from '../vault/keyring';
import { st } from '../i18n/staff';

const PREFIX = AUTHOR_KEY_RECORD_PREFIX;

/** The secret someone just unlocked with (the vault tells this service and nobody else). */
export interface UnlockSecret {
  profileId: string;
  /** The passphrase now in force for the profile on this device. */
  passphrase: string;
  /** The passphrase it replaced, when it was just changed. */
  previous?: string;
  /** The recovery code, when it reset the passphrase. */
  recoveryCode?: string;
}

/** What the author keys need from the device's keyring. */
export interface AuthorKeyring {
  practiceId(): string;
  /** Argon2id cost calibrated on this device. */
  cost(): Omit<Argon2Params, 'salt'>;
  /** The practice's current recovery wrap (its holder key is the break-glass recipient). */
  recoveryWrap(): KeyWrap;
}

/** The device keyring as the author keys read it. */
export function authorKeyringOf(store: KeyringStore): AuthorKeyring {
  return { practiceId: () => store.require().practice.id, cost: () => store.require().argon2, recoveryWrap: () => store.require().recovery };
}

export class AuthorKeyUnavailableError extends Error {
  override readonly name = 'AuthorKeyUnavailableError';
}

function isWraps(value: unknown): value is AuthorKeyWraps {
  const v = value as Partial<AuthorKeyWraps> | null;
  return typeof v === 'object' && v !== null && typeof v.authorId === 'string' && typeof v.keyId === 'string' && typeof v.passphrase === 'object';
}

type Held = { profileId: string; keys: DataKey[] } | { profileId: string; problem: string };

export class AuthorKeys {
  private readonly store: SealedStore<object, unknown>;
  private held: Promise<Held> | null = null;

  constructor(
    collection: RxCollection<SettingDocType>,
    keys: KeySource,
    private readonly keyring: AuthorKeyring,
  ) {
    this.store = new SealedStore(collection, keys);
    keys.onLock(() => (this.held = null));
  }

  /** Opens (or, the first time, creates) the author's keys with the secret they unlocked with; never throws. */
  unlocked(secret: UnlockSecret): Promise<void> {
    const held = this.open(secret).catch((error: unknown): Held => ({ profileId: secret.profileId, problem: error instanceof Error ? error.message : String(error) }));
    this.held = held;
    return held.then(() => undefined);
  }

  /** The unlocked author's key that seals, or AuthorKeyUnavailableError saying why not. */
  async sealingKey(profileId: string): Promise<DataKey> {
    return (await this.heldKeys(profileId))[0]!;
  }

  /** The unlocked author's key named by an envelope. */
  async keyFor(profileId: string, keyId: string): Promise<DataKey> {
    const key = (await this.heldKeys(profileId)).find((k) => k.id === keyId);
    if (key === undefined) throw new AuthorKeyUnavailableError(st('repositories.authorKeys.notReceived'));
    return key;
  }

  private async heldKeys(profileId: string): Promise<DataKey[]> {
    const held = this.held === null ? null : await this.held;
    if (held === null || held.profileId !== profileId) throw new AuthorKeyUnavailableError(st('repositories.authorKeys.keyNotOpen'));
    if ('problem' in held) throw new AuthorKeyUnavailableError(held.problem);
    return held.keys;
  }

  /** Break-glass: an author's key opened with the practice's recovery code (the caller audits it). */
  async withRecoveryCode(authorId: string, keyId: string, recoveryCode: string): Promise<DataKey> {
    const wraps = (await this.wrapsOf(authorId)).find((w) => w.data.keyId === keyId);
    if (wraps === undefined) throw new AuthorKeyUnavailableError(st('repositories.authorKeys.notReached'));
    return (await openAuthorKeyWithRecoveryCode(wraps.data, this.keyring.practiceId(), recoveryCode)).key;
  }

  async checkRecoveryCode(recoveryCode: string): Promise<void> {
    const code = normaliseRecoveryCode(recoveryCode);
    if (code === null) throw new WrongPassphraseError(st('repositories.authorKeys.recoveryCodeWrong'));
    const { holder } = await unwrapPracticeKey(this.keyring.recoveryWrap(), code);
    holder?.fill(0);
  }

  private async wrapsOf(authorId: string): Promise<{ id: string; data: AuthorKeyWraps }[]> {
    const records = await this.store.find({ id: { $regex: `^${PREFIX}-` } });
    return records.flatMap((r) => (isWraps(r.data) && r.data.authorId === authorId ? [{ id: r.id, data: r.data }] : [])).sort((a, b) => (a.data.keyId < b.data.keyId ? -1 : 1));
  }

  /**
   * Every key of the author that the secret opens, the first (by key id) sealing, so laptops that
   * each made one before they synced converge on the same key. Wraps are renewed on the way: under
   * a changed passphrase, after a recovery, or to a reissued recovery code.
   */
  private async open(secret: UnlockSecret): Promise<Held> {
    const records = await this.wrapsOf(secret.profileId);
    if (records.length === 0) {
      const created = await createAuthorKey({ practiceId: this.keyring.practiceId(), authorId: secret.profileId, passphrase: secret.passphrase, cost: this.keyring.cost(), recovery: recoveryRecipient(this.keyring.recoveryWrap()) });
      const id = await this.store.stableId(PREFIX, [secret.profileId, created.key.id], `${PREFIX}-${secret.profileId}-${created.key.id}`);
      await this.store.insert(id, {}, created.wraps);
      return { profileId: secret.profileId, keys: [created.key] };
    }
    const keys: DataKey[] = [];
    for (const record of records) {
      const opened = await this.openOne(record.data, secret);
      if (opened === null) continue;
      try {
        const renewed = await this.renewed(record.data, opened.raw, opened.byPassphrase ? undefined : secret.passphrase);
        if (renewed !== null) await this.store.update(record.id, () => ({ data: renewed }));
      } finally {
        opened.raw.fill(0);
      }
      keys.push(opened.key);
    }
    if (keys.length > 0) return { profileId: secret.profileId, keys };
    return {
      profileId: secret.profileId,
      problem: st('repositories.authorKeys.otherPassphrase'),
    };
  }

  private async openOne(wraps: AuthorKeyWraps, secret: UnlockSecret): Promise<{ key: DataKey; raw: Uint8Array; byPassphrase: boolean } | null> {
    for (const [candidate, byPassphrase] of [[secret.passphrase, true], [secret.previous, false]] as const) {
      if (candidate === undefined) continue;
      try {
        const { key, raw } = await openAuthorKey(wraps, candidate, { extractable: true });
        return { key, raw: raw!, byPassphrase };
      } catch (error) {
        if (!(error instanceof WrongPassphraseError)) throw error;
      }
    }
    if (secret.recoveryCode === undefined) return null;
    try {
      const { key, raw } = await openAuthorKeyWithRecoveryCode(wraps, this.keyring.practiceId(), secret.recoveryCode, { extractable: true });
      return { key, raw: raw!, byPassphrase: false };
    } catch (error) {
      // Boxed to an earlier recovery code: this key stays closed, the others still open.
      if (error instanceof WrongPassphraseError) return null;
      throw error;
    }
  }

  private async renewed(wraps: AuthorKeyWraps, raw: Uint8Array, passphrase: string | undefined): Promise<AuthorKeyWraps | null> {
    const current = recoveryRecipient(this.keyring.recoveryWrap());
    const recovery = current !== undefined && wraps.recovery?.holder !== current.holder ? current : undefined;
    if (passphrase === undefined && recovery === undefined) return null;
    return rewrapAuthorKey(wraps, raw, {
      practiceId: this.keyring.practiceId(),
      ...(passphrase === undefined ? {} : { passphrase: { passphrase, cost: this.keyring.cost() } }),
      ...(recovery === undefined ? {} : { recovery }),
    });
  }
}
