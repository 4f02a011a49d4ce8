/** Set by bench/vite.config.ts, as the app's build sets it: the sync client states it to the server. */
declare const __APP_VERSION__: string;
