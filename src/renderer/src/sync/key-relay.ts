/**
 * Key epochs over the sync server (docs/ARCHITECTURE.md, Key epochs): while this device syncs it
 * publishes its public key with an attestation, takes in every epoch relayed to it (oldest first),
 * and lends the vault's key epochs a way to relay a new one to every other active device.
 */
import type { EpochRelayPort, KeyEpochs } from '../vault/keyring-epochs';
import type { SyncClient } from './sync-client';

export class KeyRelay {
  private exchanging: Promise<void> | null = null;

  constructor(private readonly epochs: KeyEpochs) {}

  /** While syncing, a new epoch made here is relayed through this client; `null` when sync stops. */
  attach(client: SyncClient | null, deviceId: string): void {
    const port: EpochRelayPort | null =
      client === null ? null : { deviceId, devices: () => client.deviceKeys(), publish: (keyId, previous, relays) => client.publishEpoch(keyId, previous, relays) };
    this.epochs.useRelay(port === null ? null : () => port);
  }

  /** Takes in the epochs relayed to this device, then publishes its key (one exchange at a time). */
  exchange(client: SyncClient, deviceId: string): Promise<void> {
    this.exchanging ??= this.run(client, deviceId).finally(() => {
      this.exchanging = null;
    });
    return this.exchanging;
  }

  private async run(client: SyncClient, deviceId: string): Promise<void> {
    // Oldest first: each relay names the epoch it follows, so one pass adopts them in turn.
    for (const { relay } of await client.relays()) await this.epochs.receive(deviceId, relay);
    const { publicKey, attestation } = await this.epochs.attestation(deviceId);
    await client.publishDeviceKey(publicKey, attestation);
  }
}
