/**
 * Checkpoints never skip: devices push concurrently while another device follows the changes by
 * checkpoint; when the dust settles it must have seen every document, each checkpoint larger than
 * the last. (Without the per-practice lock, PostgreSQL's concurrent transactions can commit
 * sequence numbers out of order, and a follower would miss rows.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { BACKENDS, useBackend } from './support/backends';
import { enrolDevice, pull, push, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

describe.each(BACKENDS)('checkpoints on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('a follower sees every document written by concurrent pushes', async () => {
    server = await startServer(backend.storage, { logger: false });
    const admin = await registerPractice(server);
    const writers = await Promise.all([1, 2, 3, 4].map(() => enrolDevice(server!, admin.token)));
    const follower = await enrolDevice(server, admin.token);

    let writing = true;
    const seen = new Set<string>();
    let seq = 0;
    const followOnce = async (): Promise<number> => {
      const page = await pull(server!, follower.token, 'sessions', seq, 7);
      expect(page.status).toBe(200);
      if (page.body.documents.length > 0) expect(page.body.checkpoint.seq).toBeGreaterThan(seq);
      for (const doc of page.body.documents) seen.add(doc.id);
      seq = page.body.checkpoint.seq;
      return page.body.documents.length;
    };
    const following = (async () => {
      while (writing) await followOnce();
    })();
    const written = await Promise.all(
      writers.map(async (writer, w) => {
        const ids: string[] = [];
        for (let batch = 0; batch < 12; batch++) {
          const rows = [0, 1, 2].map((i) => ({ newDocumentState: sealedDoc(`w${w}-b${batch}-d${i}`) }));
          const reply = await push(server!, writer.token, 'sessions', rows);
          expect(reply).toMatchObject({ status: 200, body: { conflicts: [] } });
          ids.push(...rows.map((row) => row.newDocumentState.id));
        }
        return ids;
      }),
    );
    writing = false;
    await following;
    while ((await followOnce()) > 0);
    expect([...seen].sort()).toEqual(written.flat().sort());
  });

  it('migrations are recorded once and running them again changes nothing', async () => {
    expect(await migrate(backend.storage)).toEqual([]);
    await Promise.all([migrate(backend.storage), migrate(backend.storage)]);
    expect(await backend.storage.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
  });
});
