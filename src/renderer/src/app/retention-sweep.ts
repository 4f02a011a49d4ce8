/** Runs the practice's retention rule on this laptop (docs/RETENTION.md): after unlock, and from Settings. */
import { firstValueFrom } from 'rxjs';
import { displayName } from '../../../shared/clients';
import type { AppServices } from './services';

export async function sweepArchives({ retention, settings, episodes, clients, clock }: AppServices): Promise<number> {
  if (retention === undefined) return 0;
  const months = (await settings.get()).archiveAfterMonths ?? 0;
  if (months === 0) return 0;
  const [open, discharged] = await Promise.all([firstValueFrom(episodes.active$()), firstValueFrom(episodes.discharged$())]);
  const { archived } = await retention.sweep({
    months,
    today: clock.today(),
    episodes: [...open, ...discharged].map((e) => ({ clientId: e.data.clientId, dischargedOn: e.data.discharge?.on ?? null })),
    nameOf: async (clientId) => {
      const client = await clients.get(clientId);
      return client === null ? clientId : displayName(client.data);
    },
  });
  return archived.length;
}
