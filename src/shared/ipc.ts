/**
 * The IPC channel map behind the Electron implementation of the bridge. The preload and the
 * main-process handlers are both checked against it with `satisfies`; every argument a handler
 * receives is parsed with the channel's schema first.
 */
import { z } from 'zod';
import {
  openFileRequestSchema,
  printToPdfRequestSchema,
  saveFileRequestSchema,
  secretKeySchema,
  secretValueSchema,
  syncServerUrlSchema,
  type AppInfo,
  type OpenFileResult,
  type SaveFileResult,
  type SecretStoreStatus,
  type SystemLockReason,
  type UpdateFromFileResult,
} from './bridge';

export const invokeChannels = {
  'app:info': { args: z.tuple([]) },
  'file:save': { args: z.tuple([saveFileRequestSchema]) },
  'file:open': { args: z.tuple([openFileRequestSchema]) },
  'print:pdf': { args: z.tuple([printToPdfRequestSchema]) },
  'print:paper': { args: z.tuple([]) },
  'secrets:status': { args: z.tuple([]) },
  'secrets:get': { args: z.tuple([secretKeySchema]) },
  'secrets:set': { args: z.tuple([secretKeySchema, secretValueSchema]) },
  'secrets:delete': { args: z.tuple([secretKeySchema]) },
  'sync:use-server': { args: z.tuple([syncServerUrlSchema]) },
  'updates:from-file': { args: z.tuple([]) },
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['args']>;

export interface InvokeResults {
  'app:info': AppInfo;
  'file:save': SaveFileResult;
  'file:open': OpenFileResult;
  'print:pdf': SaveFileResult;
  'print:paper': void;
  'secrets:status': SecretStoreStatus;
  'secrets:get': string | null;
  'secrets:set': void;
  'secrets:delete': void;
  'sync:use-server': boolean;
  'updates:from-file': UpdateFromFileResult;
}

/** Events the main process sends to the renderer. */
export interface MainEvents {
  'system:lock': SystemLockReason;
}

/** What a main-process handler must look like for each channel. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResults[C]>;
};

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(invokeChannels, channel);
}
