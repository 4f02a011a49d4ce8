/**
 * The sync server's address as a person types it, checked once for every process: the renderer
 * before it connects, the main process before it lets the window reach that origin and before it
 * points the updater at the server's update feed.
 */

/** Accepts http(s) URLs only, without credentials, query or fragment; returns the origin + path base. */
export function normaliseServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error('The server address is not a web address (for example https://sync.example.org)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The server address must start with https://');
  if (url.username || url.password) throw new Error('The server address must not contain a user name or password');
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new Error('Use https:// for a server on another machine: records travel sealed, but the device token must not travel in the clear');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Where the server publishes installers and `latest.yml` for electron-updater (a static route). */
export function updateFeedUrl(serverUrl: string): string {
  return `${normaliseServerUrl(serverUrl)}/updates/`;
}
