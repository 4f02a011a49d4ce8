/** Utilisation per payer: what the office reports on authorizations across clients. */
import { isInForce, type AuthorizationStatus } from './authorizations';

export interface PayerUtilization {
  payerId: string;
  authorizations: number;
  /** Units of the authorizations in force (approved in full or in part). */
  unitsAuthorized: number;
  /** Units those authorizations' attended services used. */
  unitsUsed: number;
  denied: number;
  requested: number;
}

/** One row per payer, in the order payers first appear; denied and requested authorizations are counted, not their units. */
export function utilizationByPayer(items: readonly { payerId: string; status: AuthorizationStatus; units: number; used: number }[]): PayerUtilization[] {
  const rows = new Map<string, PayerUtilization>();
  for (const item of items) {
    let row = rows.get(item.payerId);
    if (row === undefined) rows.set(item.payerId, (row = { payerId: item.payerId, authorizations: 0, unitsAuthorized: 0, unitsUsed: 0, denied: 0, requested: 0 }));
    row.authorizations++;
    if (isInForce(item)) {
      row.unitsAuthorized += item.units;
      row.unitsUsed += item.used;
    }
    if (item.status === 'denied') row.denied++;
    if (item.status === 'requested') row.requested++;
  }
  return [...rows.values()];
}
