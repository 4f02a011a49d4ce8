/**
 * Electron glue: one hardened window, the security decisions from security.ts applied, IPC
 * routed through the validating dispatcher. Logic lives in the pure modules beside this file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, powerMonitor, session, shell } from 'electron';
import { invokeChannels, type MainEvents } from '../shared/ipc';
import { createHandlers } from './handlers';
import { createIpcDispatcher } from './ipc-dispatch';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isPermissionGranted, isWebviewAllowed, secureWebPreferences, windowOpenDecision } from './security';

// electron-vite sets this in development only; a packaged app always loads its own files.
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererUrl = devServerUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;

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

function hardenSessions(): void {
  const ses = session.defaultSession;
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

  app.whenReady().then(() => {
    hardenSessions();
    const dispatch = createIpcDispatcher(createHandlers(() => mainWindow), rendererUrl);
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
