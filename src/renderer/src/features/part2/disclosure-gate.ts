/**
 * The disclosure gate as screens use it: who receives a print or an export, why, and what goes
 * with it; then one decision per Part 2 client (src/shared/part2/disclosure.ts). Screens save or
 * print only when none is refused, and record the ledger entries after the record has left.
 */
import { disclosureCover, type DisclosureCover } from '../../../../shared/exports';
import { instantIn } from '../../../../shared/practice-time';
import type { DisclosedInformation, DisclosureDecision, DisclosureEntry, DisclosurePath, PurposeKind, RecipientClass } from '../../../../shared/part2';
import type { AppServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { sharedText } from '../../i18n/shared';

export interface Audience {
  /** Within: the programme's own staff, not a disclosure. */
  kind: 'outside' | 'within';
  name: string;
  organisation: string;
  class: RecipientClass;
  purpose: PurposeKind;
  purposeDescription: string;
  cover: DisclosureEntry['cover'];
}

export const DEFAULT_AUDIENCE: Audience = { kind: 'outside', name: '', organisation: '', class: 'third-party-payer', purpose: 'payment', purposeDescription: '', cover: 'explanation' };

export interface GateResult {
  decisions: DisclosureDecision[];
  /** Each refused client's name and the reason. */
  refused: { name: string; message: string }[];
  covers: DisclosureCover[];
}

type Services = Pick<AppServices, 'part2'>;

/** Checks one disclosure of each client's records; nothing is recorded. */
export async function checkDisclosures(
  { part2 }: Services,
  clients: readonly { id: string; name: string }[],
  what: { information: DisclosedInformation[]; description: string; path: DisclosurePath },
  audience: Audience,
  today: string,
): Promise<GateResult> {
  const recipient =
    audience.kind === 'within' ? { kind: 'within-programme' as const } : { kind: 'outside' as const, name: audience.name, organisation: audience.organisation, class: audience.class };
  const requests = clients.map((client) => ({ clientId: client.id, ...what, recipient, purpose: { kind: audience.purpose, description: audience.purposeDescription } }));
  const decisions = await part2.check(requests, today);
  const refused = decisions.flatMap((decision, i) => (decision.decision === 'refused' ? [{ name: clients[i]!.name, message: sharedText(decision.message.key, decision.message.values) }] : []));
  const covers = decisions.flatMap((decision) => (decision.decision === 'allowed' ? [disclosureCover(decision.consent, decision.request, audience.cover)] : []));
  return { decisions, refused, covers };
}

/** After the record left: one ledger entry per allowed decision, released by whoever is signed in. */
export async function recordDisclosures({ part2, staff, vault, clock }: Pick<AppServices, 'part2' | 'staff' | 'vault' | 'clock'>, gate: GateResult, cover: DisclosureEntry['cover']): Promise<number> {
  if (!gate.decisions.some((d) => d.decision === 'allowed')) return 0;
  const me = await staff.get(vault.currentProfile().id);
  if (me === null) throw new Error(st('part2.disclosureGate.notRecorded'));
  const written = await part2.record(gate.decisions, { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials }, instantIn(clock.zone, Date.now()), cover);
  return written.length;
}
