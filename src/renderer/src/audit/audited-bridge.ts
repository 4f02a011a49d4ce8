/**
 * The bridge with every print and every saved file recorded in the audit trail: the one place
 * they all pass, so no feature can print or export unrecorded. The bridge does not know which
 * record is on paper, so the entry names the screen it was printed from (routes carry ids only)
 * and the record that screen is about. File names are not recorded: they may name a person.
 */
import type { AuditTarget } from '../../../shared/audit';
import type { WaypointBridge } from '../../../shared/bridge';
import type { AuditLog } from './audit-log';

const ROUTE_TARGETS: Readonly<Record<string, string>> = { clients: 'clients', sessions: 'sessions', plans: 'plans', groups: 'programs' };

/** The record a screen is about, from its route (`/clients/:clientId/...`). */
export function targetOfRoute(route: string): AuditTarget | undefined {
  const match = /^\/([a-z]+)\/([A-Za-z0-9][A-Za-z0-9_-]*)(?:[/?]|$)/.exec(route);
  const collection = match ? ROUTE_TARGETS[match[1]!] : undefined;
  if (match === null || collection === undefined) return undefined;
  const id = match[2]!;
  return collection === 'clients' ? { collection, id, clientId: id } : { collection, id };
}

const currentRoute = () => window.location.hash.replace(/^#/, '').split('?')[0] || '/';

export function auditedBridge(bridge: WaypointBridge, audit: Pick<AuditLog, 'record'>, route: () => string = currentRoute): WaypointBridge {
  const record = (action: 'printed' | 'exported', what: string) => {
    const from = route();
    const target = targetOfRoute(from);
    void audit.record({ action, detail: `${what} from ${from}`.slice(0, 200), ...(target ? { target } : {}) });
  };
  return {
    ...bridge,
    saveFile: async (request) => {
      const result = await bridge.saveFile(request);
      // Nothing left the device when the save dialog was cancelled.
      if (result.saved) record('exported', request.mimeType);
      return result;
    },
    printToPdf: async (request) => {
      const result = await bridge.printToPdf(request);
      // A browser's print dialog does not say what happened, so opening it is what is recorded.
      record('printed', result.saved ? 'PDF saved' : 'print dialog');
      return result;
    },
    printOnPaper: async () => {
      await bridge.printOnPaper();
      record('printed', 'print dialog (paper)');
    },
  };
}
