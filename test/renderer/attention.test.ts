import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dismissal } from '../../src/shared/invariants';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { attention$, type AttentionView } from '../../src/renderer/src/features/attention/attention';
import { AttentionRepository } from '../../src/renderer/src/repositories/attention';
import { AuthorizationsRepository } from '../../src/renderer/src/repositories/authorizations';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { testKeySource } from './support/keys';

const TODAY = '2026-03-10';
const SIGNER = { staffId: 'staff-synthetic-1', name: 'Signer Synthetic', credentials: 'LCSW', needsCosignature: false };
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const ONE_OFF = { title: 'Synthetic individual session', start: '13:00', end: '14:00', timeZone: 'America/Chicago', facilitatorIds: [SIGNER.staffId], modality: 'in-person' as const, location: '', contactIds: [] };

let counter = 0;

describe('needs attention on RxDB: a signed note whose session or client is gone', () => {
  let db: WaypointDatabase;
  let services: Parameters<typeof attention$>[0];

  beforeEach(async () => {
    db = await openDatabase({ name: `attention-test-${++counter}-${Date.now()}`, validate: true });
    const keys = await testKeySource();
    services = {
      clients: new ClientsRepository(db.clients, keys, Date.now, () => TODAY),
      episodes: new EpisodesRepository(db.episodes, keys),
      programs: new ProgramsRepository(db.programs, keys),
      sessions: new SessionsRepository(db.sessions, keys),
      notes: new NotesRepository(db.notes, keys),
      attention: new AttentionRepository(db.settings, keys),
      authorizations: new AuthorizationsRepository(db.plans, keys, db.settings),
    };
  });
  afterEach(async () => {
    await db.remove();
  });

  const view = (until: (v: AttentionView) => boolean) => firstValueFrom(attention$(services, TODAY).pipe(filter(until)));

  /** A client, an individual session for them, and a signed note of it. */
  async function signedNote() {
    const client = await services.clients.create({ firstName: 'Orphania', lastName: 'Testworth', preferredName: '', dateOfBirth: '1980-05-05', phone: '555-0100', diagnoses: [] });
    const session = await services.sessions.createOneOff('individual', TODAY, { ...ONE_OFF, clientIds: [client.id] });
    const target = { sessionId: session.id, clientId: client.id, date: TODAY, kind: 'progress' as const, templateId: 'GIRP' as const, authorId: SIGNER.staffId };
    const draft = await services.notes.saveDraft(target, { fields: COMPLETE });
    await services.notes.sign(draft.id, SIGNER, `${TODAY}T19:00:00.000Z`);
    return { client, session, id: draft.id };
  }

  it('lists nothing while the session and client exist; a removal arriving from elsewhere makes the note an item; "keep the note" clears it', async () => {
    const { session, id } = await signedNote();
    expect((await view(() => true)).items).toEqual([]);

    // What a removal written on another laptop does when it lands: the session document is gone.
    await (await db.sessions.findOne(session.id).exec())!.remove();
    const found = await view((v) => v.items.length > 0);
    expect(found.items).toMatchObject([{ kind: 'orphan-note', recordIds: [id], resolutions: ['restore-record', 'keep-note'] }]);
    expect(found.notes.get(id)).toMatchObject({ sessionId: session.id, date: TODAY });

    await services.attention.dismiss(dismissal(found.items[0]!, 'keep-note'), SIGNER.staffId, new Date().toISOString());
    expect((await view((v) => v.items.length === 0)).items).toEqual([]);
  });

  it('a draft never counts, and a missing client record is found as well', async () => {
    const { client, id } = await signedNote();
    await services.notes.saveDraft({ sessionId: 'session-never-stored', clientId: client.id, date: TODAY, kind: 'progress', templateId: 'GIRP', authorId: SIGNER.staffId }, { fields: { goal: 'Synthetic draft' } });
    expect((await view(() => true)).items).toEqual([]);

    await (await db.clients.findOne(client.id).exec())!.remove();
    expect((await view((v) => v.items.length > 0)).items.map((i) => i.recordIds)).toEqual([[id]]);
  });
});
