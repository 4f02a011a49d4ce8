/**
 * The app's IndexedDB databases opened by name in a Worker (the insert and backup workers), on the
 * same origin as the window's RxDB storage. Only an existing database opens: one that is not
 * there is not created (its upgrade is aborted).
 */
const databases = new Map<string, Promise<IDBDatabase>>();

export function databaseByName(name: string): Promise<IDBDatabase> {
  const opened =
    databases.get(name) ??
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => {
        const db = request.result;
        // The window removing or upgrading the database is not held up by this connection.
        db.onversionchange = () => {
          db.close();
          databases.delete(name);
        };
        resolve(db);
      };
      request.onerror = () => reject(new Error(`The database ${name} is not there`));
    });
  databases.set(name, opened);
  opened.catch(() => databases.delete(name));
  return opened;
}
