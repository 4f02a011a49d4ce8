/**
 * Checks the sender and validates the arguments of every IPC call before a handler sees them.
 * Pure (no Electron import) so the unit tests can drive it with hostile input.
 */
import { describeIssues } from '../shared/bridge';
import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeHandlers, type InvokeResults } from '../shared/ipc';
import { isTrustedSender } from './security';

export class IpcRejectedError extends Error {
  override readonly name = 'IpcRejectedError';
}

export interface IpcSender {
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

export type IpcDispatcher = (channel: string, sender: IpcSender, rawArgs: unknown[]) => Promise<InvokeResults[InvokeChannel]>;

export function createIpcDispatcher(handlers: InvokeHandlers, rendererUrl: string): IpcDispatcher {
  return async (channel, sender, rawArgs) => {
    if (!isTrustedSender(sender.frameUrl, sender.isMainFrame, rendererUrl)) {
      throw new IpcRejectedError(`IPC "${channel}" refused: the sender is not the app's own window`);
    }
    if (!isInvokeChannel(channel)) {
      throw new IpcRejectedError(`IPC "${channel}" refused: unknown channel`);
    }
    const parsed = invokeChannels[channel].args.safeParse(rawArgs);
    if (!parsed.success) {
      throw new IpcRejectedError(`IPC "${channel}" refused: ${describeIssues(parsed.error)}`);
    }
    const handler = handlers[channel] as (...args: unknown[]) => Promise<InvokeResults[InvokeChannel]>;
    return handler(...parsed.data);
  };
}
