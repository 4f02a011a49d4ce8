/**
 * The one contract between the renderer and the operating system (`window.waypoint`).
 *
 * Two implementations satisfy it: the Electron preload (src/preload) and the browser
 * implementation (src/renderer/src/platform/browser.ts). The argument schemas here are what
 * the main process validates every IPC call against, so a compromised renderer cannot
 * send it anything the contract does not allow.
 *
 * Runs anywhere: no Electron, Node, DOM, React or RxDB imports.
 */
import { z } from 'zod';
import { englishIssue } from './messages';

/** Files the app writes or reads are backups, exports and transfer files: bounded, never huge. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** A device secret is a small value (a profile id, a wrapped token), never a document. */
export const MAX_SECRET_BYTES = 16 * 1024;

const fileName = z
  .string()
  .min(1, 'A file name is required')
  .max(200, 'A file name is at most 200 characters')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((name) => !/[\\/:*?"<>|\u0000-\u001f]/.test(name), 'A file name cannot contain path separators or control characters')
  .refine((name) => name !== '.' && name !== '..', 'A file name cannot be "." or ".."');

export const fileFilterSchema = z
  .object({
    name: z.string().min(1).max(100),
    extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/i, 'An extension is 1–10 letters or digits, without a dot')).min(1).max(10),
  })
  .strict();

export const saveFileRequestSchema = z
  .object({
    suggestedName: fileName,
    mimeType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'Not a MIME type'),
    data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_FILE_BYTES, 'The file is larger than 512 MiB'),
    filters: z.array(fileFilterSchema).max(10).optional(),
  })
  .strict();

export const openFileRequestSchema = z
  .object({
    filters: z.array(fileFilterSchema).max(10).optional(),
    maxBytes: z.number().int().positive().max(MAX_FILE_BYTES).optional(),
  })
  .strict();

export const printToPdfRequestSchema = z
  .object({
    suggestedName: fileName,
    landscape: z.boolean().optional(),
  })
  .strict();

export const secretKeySchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'A secret key is 1–64 lower-case letters, digits, ".", "_" or "-"');
export const secretValueSchema = z
  .string()
  .refine((v) => new TextEncoder().encode(v).byteLength <= MAX_SECRET_BYTES, 'A device secret is at most 16 KiB');

/** A sync server's address as typed; checked in full by `normaliseServerUrl` (shared/sync/server-url.ts). */
export const syncServerUrlSchema = z.string().min(1).max(2000);

export type FileFilter = z.infer<typeof fileFilterSchema>;
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;
export type OpenFileRequest = z.infer<typeof openFileRequestSchema>;
export type PrintToPdfRequest = z.infer<typeof printToPdfRequestSchema>;

/** `location` is a path in Electron and the download's file name in a browser. */
export type SaveFileResult = { saved: true; location: string } | { saved: false };
export type OpenFileResult = { opened: true; name: string; data: Uint8Array } | { opened: false };

export interface AppInfo {
  name: string;
  version: string;
  /** Which implementation of this contract is running. */
  shell: 'electron' | 'browser';
  /** Operating system family, for keyboard hints (⌘ vs Ctrl). */
  os: 'windows' | 'mac' | 'linux' | 'other';
}

/**
 * Update from a file (a USB stick): `started` once the verified installer was handed to the
 * operating system; `refused` says why in words for the person, and nothing was written;
 * `unavailable` where this shell cannot install (a browser, a build without a release key).
 */
export type UpdateFromFileResult =
  | { status: 'started'; version: string }
  | { status: 'cancelled' }
  | { status: 'refused'; message: string }
  | { status: 'unavailable'; message: string };

/** Why the app should lock now: the OS is going to sleep, or the screen was locked. */
export type SystemLockReason = 'suspend' | 'lock-screen';

export type SecretStoreStatus =
  | { available: true; backend: string }
  | { available: false; reason: string };

/** Whether the records stored by this app can be evicted by the browser under storage pressure. */
export type StoragePersistence = 'persisted' | 'refused' | 'unsupported';

export interface DeviceSecretStore {
  status(): Promise<SecretStoreStatus>;
  /** Resolves to null when the key was never set. Rejects when the store is unavailable. */
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface WaypointBridge {
  appInfo(): Promise<AppInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  /** Prints the current view to a PDF (Electron) or opens the print dialog (browser). */
  printToPdf(request: PrintToPdfRequest): Promise<SaveFileResult>;
  /** Opens the system print dialog for the current view, for paper: never saves a file itself (the recovery sheet). */
  printOnPaper(): Promise<void>;
  /** Subscribes to OS sleep / screen-lock events. Returns the unsubscribe function. */
  onSystemLock(listener: (reason: SystemLockReason) => void): () => void;
  /** Asks that this app's storage never be evicted. */
  requestPersistentStorage(): Promise<StoragePersistence>;
  secrets: DeviceSecretStore;
  /**
   * Before connecting to a sync server: the desktop app lets the window reach only that server
   * (and fetches updates from it), asking the person first when it replaces another one.
   * Resolves false when they declined.
   */
  useSyncServer(serverUrl: string): Promise<boolean>;
  /** Picks a `.wpupdate` file, verifies it and its installer, then starts the installer. */
  updateFromFile(): Promise<UpdateFromFileResult>;
}

/** Formats a validation failure as one specific, human-readable sentence. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${englishIssue(issue)}` : englishIssue(issue)))
    .join('; ');
}
