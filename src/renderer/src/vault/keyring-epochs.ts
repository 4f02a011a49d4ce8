/**
 * Key epochs (docs/ARCHITECTURE.md, Key epochs): the practice key has versions. A new epoch is made
 * when a staff profile is removed, a device is revoked, the recovery code is reissued, or on an
 * administrator's demand; new seals use it and the re-sealer moves older records to it. Earlier
 * epochs stay in the keyring, each sealed under a later one, so whoever holds the newest opens
 * them all, and an old backup still opens with the secrets in force when it was made.
 *
 * The newest epoch reaches, without anyone's secret:
 * - each staff profile and the recovery code on this device: boxed to the holder key of its wrap
 *   (`KeyWrap.holder`, derived from the same passphrase or code), kept in the keyring's inbox;
 * - each other active device of the practice: boxed to that device's key pair and relayed by the
 *   sync server, which cannot open it. A relay carries a proof sealed under the previous epoch
 *   (naming the new key's digest, the removed profiles, a new recovery wrap), so a relay the server
 *   forged is refused.
 * Removed profiles and revoked devices are simply not among the recipients.
 */
import {
  createPracticeKey,
  envelopeKeyId,
  importDataKey,
  newHolderKeyPair,
  normaliseRecoveryCode,
  openBox,
  sealBox,
  sealBytes,
  sealJson,
  toBase64Url,
  unsealBytes,
  unsealJson,
  unwrapPracticeKey,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  type Box,
  type DataKey,
  type KeyWrap,
} from '../../../shared/crypto';
import type { EpochLink, InboxEntry, Keyring, KeyringStore, ProfileEntry } from './keyring';
import type { Vault } from './vault';
import { st } from '../i18n/staff';

export type EpochReason = 'staff-removed' | 'device-revoked' | 'recovery-reissued' | 'on-demand';

/** The sync server's side of relaying epochs, as this device sees it (`sync/key-relay.ts`). */
export interface EpochRelayPort {
  /** This device's id at the server. */
  readonly deviceId: string;
  /** Every active device of the practice with the key it published and its attestation. */
  devices(): Promise<{ deviceId: string; publicKey: string; attestation: string }[]>;
  /** Refused (409) unless `previous` is the practice's newest published epoch: the history never forks. */
  publish(keyId: string, previous: string, relays: { deviceId: string; relay: string }[]): Promise<void>;
}

/** What a device receives: the new key boxed to it, the link to the previous epoch, and the proof. */
export interface Relay {
  v: 1;
  keyId: string;
  previous: string;
  box: Box;
  link: string;
  proof: string;
}

interface Proof {
  sha256: string;
  reason: EpochReason;
  removed: string[];
  recovery?: KeyWrap;
}

/** A relay that does not open or check out: the server (or someone writing its database) altered or forged it. */
export class RelayRefusedError extends Error {
  override readonly name = 'RelayRefusedError';
  constructor() {
    super(st('services.vault.relayedKeyTampered'));
  }
}

const refused = (): never => {
  throw new RelayRefusedError();
};

function parseRelay(text: string): Relay {
  let relay: Partial<Relay> | null = null;
  try {
    relay = JSON.parse(text) as Partial<Relay> | null;
  } catch {
    // refused below
  }
  if (relay === null || typeof relay !== 'object' || relay.v !== 1 || typeof relay.box !== 'object' || relay.box === null) throw new RelayRefusedError();
  if (![relay.keyId, relay.previous, relay.link, relay.proof].every((v) => typeof v === 'string')) throw new RelayRefusedError();
  return relay as Relay;
}

export class EpochUnreachableError extends Error {
  override readonly name = 'EpochUnreachableError';
  constructor() {
    super(st('services.vault.cannotOpenCurrentKey'));
  }
}

const linkContext = (keyId: string) => ({ collection: 'waypoint-epoch', id: keyId, schemaVersion: 1 });
const proofContext = (keyId: string) => ({ collection: 'waypoint-epoch-proof', id: keyId, schemaVersion: 1 });
const attestContext = (deviceId: string) => ({ collection: 'waypoint-device-key', id: deviceId, schemaVersion: 1 });
const DEVICE_SECRET = { collection: 'waypoint-device-secret', id: 'device', schemaVersion: 1 };
const inboxContext = (practiceId: string, to: string, keyId: string) => ['epoch', practiceId, to, keyId];
const relayContext = (practiceId: string, deviceId: string, keyId: string) => ['relay', practiceId, deviceId, keyId];

export const RECOVERY_HOLDER = 'recovery';

async function digest(raw: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', raw as Uint8Array<ArrayBuffer>)));
}

export function zero(raws: Map<string, Uint8Array>): void {
  for (const raw of raws.values()) raw.fill(0);
}

/** The raw key of every epoch reachable from one opened wrap and its holder's inbox entry (zero them when done). */
async function reachable(keyring: Keyring, start: { keyId: string; raw: Uint8Array }, holder?: { to: string; secret: Uint8Array }): Promise<Map<string, Uint8Array>> {
  const raws = new Map([[start.keyId, start.raw]]);
  for (const entry of keyring.inbox ?? []) {
    if (holder === undefined || entry.to !== holder.to || raws.has(entry.keyId)) continue;
    raws.set(entry.keyId, await openBox(holder.secret, entry.box, inboxContext(keyring.practice.id, entry.to, entry.keyId)));
  }
  // Each earlier epoch opens with a later one; walk down until nothing more opens.
  for (let progress = true; progress; ) {
    progress = false;
    for (const link of keyring.epochs ?? []) {
      const under = envelopeKeyId(link.sealed);
      if (raws.has(link.keyId) || under === null || !raws.has(under)) continue;
      raws.set(link.keyId, await unsealBytes(await importDataKey(under, raws.get(under)!), linkContext(link.keyId), link.sealed));
      progress = true;
    }
  }
  return raws;
}

/** The practice's first epoch: from the newest, follow each epoch to the one sealed under it. */
function firstEpochOf(keyring: Pick<Keyring, 'epochs'>, currentId: string): string {
  const before = new Map((keyring.epochs ?? []).map((link) => [envelopeKeyId(link.sealed), link.keyId]));
  let first = currentId;
  for (const seen = new Set([first]); before.has(first) && !seen.has(before.get(first)!); seen.add(first)) first = before.get(first)!;
  return first;
}

/** The session key: the newest epoch, which seals, with every earlier one it reached to open older records. */
async function sessionKey(keyring: Pick<Keyring, 'epochs'>, raws: Map<string, Uint8Array>, currentId: string): Promise<DataKey> {
  const current = raws.get(currentId);
  if (current === undefined) throw new EpochUnreachableError();
  const older = new Map<string, DataKey['key']>();
  for (const [id, raw] of raws) if (id !== currentId) older.set(id, (await importDataKey(id, raw)).key);
  const first = firstEpochOf(keyring, currentId);
  return { ...(await importDataKey(currentId, current)), older, ...(first === currentId ? {} : { first }) };
}

export interface OpenedKeyring {
  dataKey: DataKey;
  /** The newest epoch's bytes, for new wraps (zero them with `zero(raws)`). */
  current: Uint8Array;
  raws: Map<string, Uint8Array>;
  /** Whether the wrap opened the newest epoch itself and names its holder key (else it should be made again). */
  wrapCurrent: boolean;
}

/** The session key from the newest epoch's bytes (a device just enrolled): every earlier epoch the keyring links opens too. */
export async function sessionFromCurrent(keyring: Keyring, raw: Uint8Array): Promise<DataKey> {
  const raws = await reachable(keyring, { keyId: keyring.practice.keyId, raw: raw.slice() });
  try {
    return await sessionKey(keyring, raws, keyring.practice.keyId);
  } finally {
    zero(raws);
  }
}

/** Opens a wrap of this keyring with its secret and reaches every epoch its holder may: the one way a key is opened on a device. */
export async function openKeyring(keyring: Keyring, wrap: KeyWrap, secret: string, holderId: string): Promise<OpenedKeyring> {
  const opened = await unwrapPracticeKey(wrap, secret, { extractable: true });
  let raws: Map<string, Uint8Array>;
  try {
    raws = await reachable(keyring, { keyId: wrap.keyId, raw: opened.raw! }, opened.holder && { to: holderId, secret: opened.holder });
  } finally {
    opened.holder?.fill(0);
  }
  try {
    const dataKey = await sessionKey(keyring, raws, keyring.practice.keyId);
    return { dataKey, current: raws.get(keyring.practice.keyId)!, raws, wrapCurrent: wrap.keyId === keyring.practice.keyId && wrap.holder !== undefined };
  } catch (error) {
    zero(raws);
    throw error;
  }
}

/** The inbox with one entry per holder below the newest epoch: the newest key boxed to it; holders without a holder key are returned as unreachable. */
async function inboxFor(keyring: Pick<Keyring, 'practice' | 'profiles' | 'recovery'>, raw: Uint8Array): Promise<{ inbox: InboxEntry[]; unreachable: string[] }> {
  const { id: practiceId, keyId } = keyring.practice;
  const holders: [string, KeyWrap][] = [...keyring.profiles.map((p): [string, KeyWrap] => [p.id, p.wrap]), [RECOVERY_HOLDER, keyring.recovery]];
  const inbox: InboxEntry[] = [];
  const unreachable: string[] = [];
  for (const [to, wrap] of holders) {
    if (wrap.keyId === keyId) continue;
    if (wrap.holder === undefined) unreachable.push(to);
    else inbox.push({ to, keyId, box: await sealBox(wrap.holder, raw, inboxContext(practiceId, to, keyId)) });
  }
  return { inbox, unreachable };
}

/** The inbox without a holder's entry (its wrap was just made at the newest epoch). */
export function withoutInbox(keyring: Keyring, holder: string): Keyring {
  return { ...keyring, inbox: (keyring.inbox ?? []).filter((e) => e.to !== holder) };
}

export interface RotationResult {
  keyId: string;
  /** Profiles (by id) and `recovery` whose wraps were made before key epochs: they cannot receive this epoch. */
  unreachable: string[];
  /** Devices of the practice the new key was relayed to (this one included), and those whose key could not be verified (left out). */
  relayedTo: number;
  unverified: string[];
}

export class KeyEpochs {
  private relay: (() => EpochRelayPort | null) | null = null;
  private readonly listeners = new Set<(keyId: string) => void>();

  constructor(
    private readonly store: KeyringStore,
    private readonly vault: Vault,
  ) {}

  /** The sync layer connects the server's relay here when the device syncs. */
  useRelay(relay: (() => EpochRelayPort | null) | null): void {
    this.relay = relay;
  }

  /** Hears each new epoch this device adopts (the re-sealer starts). */
  onEpoch(listener: (keyId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This device's key pair's public half, created (sealed under the newest epoch) on first use; needs the vault unlocked. */
  async devicePublicKey(): Promise<string> {
    const keyring = this.store.require();
    if (keyring.device !== undefined) return keyring.device.publicKey;
    const { secret, publicKey } = newHolderKeyPair();
    try {
      await this.store.save({ ...keyring, device: { publicKey, sealed: await sealBytes(this.vault.requireKey(), DEVICE_SECRET, secret as Uint8Array<ArrayBuffer>) } });
    } finally {
      secret.fill(0);
    }
    return publicKey;
  }

  /** The device's public key sealed under the practice key with its server id: other devices check it before boxing to it, so the server cannot slip in its own. */
  async attestation(deviceId: string): Promise<{ publicKey: string; attestation: string }> {
    const publicKey = await this.devicePublicKey();
    return { publicKey, attestation: await sealJson(this.vault.requireKey(), attestContext(deviceId), { publicKey }) };
  }

  private async deviceSecret(keyring: Keyring, key: DataKey): Promise<Uint8Array> {
    if (keyring.device === undefined) return (await this.devicePublicKey(), this.deviceSecret(this.store.require(), key));
    return unsealBytes(key, DEVICE_SECRET, keyring.device.sealed);
  }

  /**
   * Makes a new epoch (an administrator, re-authenticated by their passphrase) and relays it to
   * every active device through the server when this device syncs (the relay must succeed before
   * anything is stored). `removeProfileId` leaves that profile out; `recoveryCode` replaces the
   * recovery code, so the old one opens nothing from this epoch on.
   */
  async rotate(input: { adminPassphrase: string; reason: EpochReason; removeProfileId?: string; recoveryCode?: string }): Promise<RotationResult> {
    const admin = this.vault.requireAdministrator();
    if (input.removeProfileId === admin.id) throw new Error(st('services.vault.cannotRemoveOwnProfile'));
    const code = input.recoveryCode === undefined ? null : normaliseRecoveryCode(input.recoveryCode);
    if (code === null && input.recoveryCode !== undefined) throw new Error(st('services.vault.recoveryCodeFormat'));
    const keyring = this.store.require();
    const opened = await openKeyring(keyring, admin.wrap, input.adminPassphrase, admin.id);
    const { dataKey: next, raw } = await createPracticeKey();
    let deviceSecret: Uint8Array | null = null;
    try {
      const previous = keyring.practice.keyId;
      const link = await sealBytes(next, linkContext(previous), opened.current as Uint8Array<ArrayBuffer>);
      const recovery = code === null ? keyring.recovery : await wrapWithRecoveryCode(raw, next.id, code);
      const adminEntry: ProfileEntry = { ...admin, wrap: await wrapWithPassphrase(raw, next.id, input.adminPassphrase, keyring.argon2) };
      const profiles = keyring.profiles.filter((p) => p.id !== input.removeProfileId).map((p) => (p.id === admin.id ? adminEntry : p));
      const practice = { ...keyring.practice, keyId: next.id };
      const { inbox, unreachable } = await inboxFor({ practice, profiles, recovery }, raw);
      deviceSecret = await this.deviceSecret(keyring, opened.dataKey);
      const proof: Proof = {
        sha256: await digest(raw),
        reason: input.reason,
        removed: input.removeProfileId === undefined ? [] : [input.removeProfileId],
        ...(code === null ? {} : { recovery }),
      };
      const sealedProof = await sealJson(opened.dataKey, proofContext(next.id), proof);
      const relayed = await this.relayTo(keyring.practice.id, opened.dataKey, { v: 1, keyId: next.id, previous, link, proof: sealedProof }, raw);
      const current = this.store.require();
      const publicKey = current.device?.publicKey ?? keyring.device!.publicKey;
      await this.store.save({
        ...current,
        practice,
        profiles,
        recovery,
        epochs: [...(keyring.epochs ?? []), { keyId: previous, sealed: link }],
        inbox,
        device: { publicKey, sealed: await sealBytes(next, DEVICE_SECRET, deviceSecret as Uint8Array<ArrayBuffer>) },
      });
      this.adopt(next, opened.dataKey);
      return { keyId: next.id, unreachable, ...relayed };
    } finally {
      zero(opened.raws);
      raw.fill(0);
      deviceSecret?.fill(0);
    }
  }

  private async relayTo(practiceId: string, key: DataKey, relay: Omit<Relay, 'box'>, raw: Uint8Array): Promise<{ relayedTo: number; unverified: string[] }> {
    const port = this.relay?.() ?? null;
    if (port === null) return { relayedTo: 0, unverified: [] };
    const relays: { deviceId: string; relay: string }[] = [];
    const unverified: string[] = [];
    for (const device of await port.devices()) {
      const attested = await unsealJson<{ publicKey?: unknown }>(key, attestContext(device.deviceId), device.attestation).catch(() => null);
      if (attested?.publicKey !== device.publicKey) {
        unverified.push(device.deviceId);
        continue;
      }
      const box = await sealBox(device.publicKey, raw, relayContext(practiceId, device.deviceId, relay.keyId));
      relays.push({ deviceId: device.deviceId, relay: JSON.stringify({ ...relay, box } satisfies Relay) });
    }
    await port.publish(relay.keyId, relay.previous, relays);
    return { relayedTo: relays.length, unverified };
  }

  /** Starts sealing with the new epoch; the one it replaces (and all it held) still open older records. */
  private adopt(next: DataKey, previous: DataKey): void {
    const older = new Map(previous.older ?? []);
    older.set(previous.id, previous.key);
    this.vault.adoptKey({ ...next, older, first: previous.first ?? previous.id });
    for (const listener of this.listeners) listener(next.id);
  }

  /**
   * Takes in an epoch relayed to this device (while unlocked): opens it with the device's key,
   * checks the proof under the epoch it replaces, boxes it to every profile and the recovery code
   * here (leaving out removed profiles, taking a new recovery wrap) and starts sealing with it.
   * 'later': it follows an epoch this device has not received yet (apply relays oldest first).
   */
  async receive(deviceId: string, relayText: string): Promise<'adopted' | 'known' | 'later'> {
    const relay = parseRelay(relayText);
    const keyring = this.store.require();
    if (relay.keyId === keyring.practice.keyId || (keyring.epochs ?? []).some((e) => e.keyId === relay.keyId)) return 'known';
    if (relay.previous !== keyring.practice.keyId) return 'later';
    const session = this.vault.requireKey();
    const deviceSecret = await this.deviceSecret(keyring, session);
    let raw: Uint8Array | null = null;
    try {
      raw = await openBox(deviceSecret, relay.box, relayContext(keyring.practice.id, deviceId, relay.keyId)).catch(refused);
      const next = await importDataKey(relay.keyId, raw);
      // The link must hold the very key the proof was sealed with, and the proof name this key.
      const linked = await unsealBytes(next, linkContext(relay.previous), relay.link).catch(refused);
      const proof = await unsealJson<Proof>(await importDataKey(relay.previous, linked), proofContext(relay.keyId), relay.proof).catch(refused);
      linked.fill(0);
      await unsealJson(session, proofContext(relay.keyId), relay.proof).catch(refused);
      if (proof.sha256 !== (await digest(raw)) || !Array.isArray(proof.removed)) throw new RelayRefusedError();
      if (proof.recovery !== undefined && proof.recovery.keyId !== relay.keyId) throw new RelayRefusedError();
      const profiles = keyring.profiles.filter((p) => !proof.removed.includes(p.id));
      const recovery = proof.recovery ?? keyring.recovery;
      const practice = { ...keyring.practice, keyId: relay.keyId };
      const { inbox } = await inboxFor({ practice, profiles, recovery }, raw);
      const current = this.store.require();
      await this.store.save({
        ...current,
        practice,
        profiles,
        recovery,
        epochs: [...(keyring.epochs ?? []), { keyId: relay.previous, sealed: relay.link } satisfies EpochLink],
        inbox,
        device: { publicKey: current.device!.publicKey, sealed: await sealBytes(next, DEVICE_SECRET, deviceSecret as Uint8Array<ArrayBuffer>) },
      });
      this.adopt(next, session);
      return 'adopted';
    } finally {
      raw?.fill(0);
      deviceSecret.fill(0);
    }
  }
}
