/**
 * Electron glue: one hardened window loading the app's own scheme, the security decisions from
 * security.ts applied, IPC routed through the validating dispatcher. Logic lives in the pure
 * modules beside this file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerMonitor, protocol, session, shell } from 'electron';
import { invokeChannels, type MainEvents } from '../shared/ipc';
import { APP_ENTRY_URL, APP_SCHEME, resolveAppRequest } from './app-protocol';
import { createHandlers } from './handlers';
import { createIpcDispatcher } from './ipc-dispatch';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isNetworkRequestAllowed,
  isPermissionGranted,
  isWebviewAllowed,
  secureWebPreferences,
  windowOpenDecision,
} from './security';
import { SyncServerFile } from './sync-server';
import { publicKeyFromBase64 } from './update-bundle';
import { createOnlineUpdates } from './updater';

// electron-vite sets this in development only; a packaged app always loads its own files.
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererUrl = devServerUrl ?? APP_ENTRY_URL;
const rendererRoot = join(__dirname, '../renderer');

// A standard, secure scheme: a real origin for storage, fetch and CORS (file:// has none).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);

let mainWindow: BrowserWindow | null = null;

function send<E extends keyof MainEvents>(event: E, payload: MainEvents[E]): void {
  mainWindow?.webContents.send(event, payload);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Waypoint',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), { devTools: !app.isPackaged }),
  });
  const win = mainWindow;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  void win.loadURL(rendererUrl);
}

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resource = resolveAppRequest(request.url, request.method, rendererRoot);
    if (resource.status !== 200) return new Response(resource.reason, { status: resource.status });
    try {
      const body = request.method === 'HEAD' ? null : await readFile(resource.path);
      return new Response(body, { status: 200, headers: resource.headers });
    } catch {
      return new Response('not a file of the app', { status: 404 });
    }
  });
}

function hardenSessions(syncServer: SyncServerFile): void {
  const ses = session.defaultSession;
  // connect-src, narrowed: once this device has a sync server, the window reaches nothing else.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !isNetworkRequestAllowed(details.url, syncServer.current(), devServerUrl) });
  });
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionGranted(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => isPermissionGranted(permission));
  // The CSP is also in the page's meta tag; the header covers the dev server.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    if (!isWebviewAllowed()) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web (a payer portal, a reference) open in the user's browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return windowOpenDecision();
  });
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.whenReady().then(async () => {
    const syncServer = new SyncServerFile(join(app.getPath('userData'), 'sync-server.json'));
    await syncServer.load();
    serveApp();
    hardenSessions(syncServer);
    const updates = createOnlineUpdates();
    updates.follow(syncServer.current());
    const handlers = createHandlers(() => mainWindow, {
      syncServer,
      onSyncServer: (serverUrl) => updates.follow(serverUrl),
      updatePublicKey: __UPDATE_PUBLIC_KEY__ ? publicKeyFromBase64(__UPDATE_PUBLIC_KEY__) : null,
    });
    const dispatch = createIpcDispatcher(handlers, rendererUrl);
    for (const channel of Object.keys(invokeChannels)) {
      ipcMain.handle(channel, (event, ...args: unknown[]) =>
        dispatch(channel, { frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame === event.sender.mainFrame }, args),
      );
    }
    powerMonitor.on('suspend', () => send('system:lock', 'suspend'));
    powerMonitor.on('lock-screen', () => send('system:lock', 'lock-screen'));
    // Text editing shortcuts need the Edit menu on macOS only; elsewhere the default menu would
    // offer reload and developer tools in a packaged app.
    if (app.isPackaged && process.platform !== 'darwin') Menu.setApplicationMenu(null);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
