/**
 * Programmes, tracks, groups and roster memberships (one collection, one aggregate). Names,
 * schedules and topics are sealed; the ids that link them and a membership's client are plaintext
 * so rosters can be queried.
 */
import { combineLatest, map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { parseOrThrow, RuleError } from '../../../shared/messages';
import { groupSchema, programSchema, trackSchema, type Group, type GroupInput, type Program, type Track } from '../../../shared/programs';
import { validateMembershipChange, type Membership } from '../../../shared/roster';
import type { ProgramDocType } from '../db/schemas';
import { KeyedMutex } from '../db/keyed-mutex';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type ProgramPlain = Pick<ProgramDocType, 'kind' | 'status' | 'programId' | 'trackId' | 'groupId' | 'clientId'>;
type Secret = Program | Track | Group | Membership;
type Stored<T> = Opened<ProgramPlain, T>;
export type ProgramRecord = Stored<Program>;
export type TrackRecord = Stored<Track>;
export type GroupRecord = Stored<Group>;
export type MembershipRecord = Stored<Membership>;
type AnyRecord = Stored<Secret>;

// The store opens each record with the codec of its plaintext kind, so the kind tells the data's type.
const isProgram = (r: AnyRecord | null): r is ProgramRecord => r?.kind === 'program';
const isTrack = (r: AnyRecord | null): r is TrackRecord => r?.kind === 'track';
const isGroup = (r: AnyRecord | null): r is GroupRecord => r?.kind === 'group';
const isMembership = (r: AnyRecord | null): r is MembershipRecord => r?.kind === 'membership';

/** The record just written, as the kind it was written as. */
function as<T extends AnyRecord>(is: (r: AnyRecord) => r is T) {
  return (r: AnyRecord): T => {
    if (!is(r)) throw new Error(st('repositories.programs.wrongKind', { id: r.id, kind: r.kind }));
    return r;
  };
}

export class ProgramValidationError extends RuleError {
  override readonly name = 'ProgramValidationError';
}

const NONE = { programId: '', trackId: '', groupId: '', clientId: '' };

export interface ProgramTree {
  programs: ProgramRecord[];
  tracks: TrackRecord[];
  groups: GroupRecord[];
}

export class ProgramsRepository {
  private readonly store: SealedStore<ProgramPlain, Secret>;
  /** Roster changes are checked against the group's other memberships: one at a time per group. */
  private readonly perGroup = new KeyedMutex();

  constructor(collection: RxCollection<ProgramDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  createProgram(input: unknown): Promise<ProgramRecord> {
    return this.store.insert(`program-${crypto.randomUUID()}`, { ...NONE, kind: 'program', status: 'active' }, parseOrThrow(programSchema, input, ProgramValidationError)).then(as(isProgram));
  }

  async createTrack(programId: string, input: unknown): Promise<TrackRecord> {
    if (!isProgram(await this.store.get(programId))) throw new ProgramValidationError(st('repositories.programs.chooseProgramme'));
    return this.store.insert(`track-${crypto.randomUUID()}`, { ...NONE, kind: 'track', status: 'active', programId }, parseOrThrow(trackSchema, input, ProgramValidationError)).then(as(isTrack));
  }

  async createGroup(trackId: string, input: GroupInput): Promise<GroupRecord> {
    const track = await this.store.get(trackId);
    if (!isTrack(track)) throw new ProgramValidationError(st('repositories.programs.chooseTrack'));
    return this.store.insert(`group-${crypto.randomUUID()}`, { ...NONE, kind: 'group', status: 'active', programId: track.programId, trackId }, parseOrThrow(groupSchema, input, ProgramValidationError)).then(as(isGroup));
  }

  /** Stores a whole programme structure with its rosters in one write (the demo practice), validated. */
  async importMany(input: {
    programs: readonly { id: string; data: unknown }[];
    tracks: readonly { id: string; programId: string; data: unknown }[];
    groups: readonly { id: string; programId: string; trackId: string; data: unknown }[];
    memberships: readonly Membership[];
  }): Promise<number> {
    const groupOf = new Map(input.groups.map((g) => [g.id, g]));
    const records = [
      ...input.programs.map((p) => ({ id: p.id, plain: { ...NONE, kind: 'program' as const, status: 'active' as const }, data: parseOrThrow<Secret>(programSchema, p.data, ProgramValidationError) })),
      ...input.tracks.map((t) => ({ id: t.id, plain: { ...NONE, kind: 'track' as const, status: 'active' as const, programId: t.programId }, data: parseOrThrow<Secret>(trackSchema, t.data, ProgramValidationError) })),
      ...input.groups.map((g) => ({ id: g.id, plain: { ...NONE, kind: 'group' as const, status: 'active' as const, programId: g.programId, trackId: g.trackId }, data: parseOrThrow<Secret>(groupSchema, g.data, ProgramValidationError) })),
      ...input.memberships.map((m) => {
        const group = groupOf.get(m.groupId);
        if (!group) throw new ProgramValidationError(st('repositories.programs.membershipUnknownGroup', { id: m.id }));
        const data: Secret = m;
        return { id: m.id, plain: { kind: 'membership' as const, status: 'active' as const, programId: group.programId, trackId: group.trackId, groupId: m.groupId, clientId: m.clientId }, data };
      }),
    ];
    const result = await this.store.bulkInsert(records);
    if (result.failed.length > 0) throw new Error(st('repositories.programs.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  updateGroup(groupId: string, change: (current: Group) => GroupInput): Promise<GroupRecord> {
    return this.store.update(groupId, (current) => {
      if (!isGroup(current)) throw new ProgramValidationError(st('repositories.programs.chooseGroup'));
      return { data: parseOrThrow(groupSchema, change(current.data), ProgramValidationError) };
    }).then(as(isGroup));
  }

  get(id: string): Promise<AnyRecord | null> {
    return this.store.get(id);
  }

  private async group(id: string): Promise<GroupRecord | null> {
    const record = await this.store.get(id);
    return isGroup(record) ? record : null;
  }

  tree$(): Observable<ProgramTree> {
    return this.store.find$({ kind: { $in: ['program', 'track', 'group'] } }).pipe(
      map((records) => {
        const byName = (a: Stored<{ name: string }>, b: Stored<{ name: string }>) => a.data.name.localeCompare(b.data.name);
        return { programs: records.filter(isProgram).sort(byName), tracks: records.filter(isTrack).sort(byName), groups: records.filter(isGroup).sort(byName) };
      }),
    );
  }

  group$(groupId: string): Observable<{ group: GroupRecord | null; memberships: MembershipRecord[] }> {
    return combineLatest([this.store.find$({ id: groupId }), this.store.find$({ kind: 'membership', groupId })]).pipe(
      map(([groups, memberships]) => ({ group: groups.find(isGroup) ?? null, memberships: memberships.filter(isMembership) })),
    );
  }

  async memberships(groupId: string): Promise<Membership[]> {
    return (await this.store.find({ kind: 'membership', groupId })).filter(isMembership).map((r) => r.data);
  }

  allMemberships$(): Observable<Membership[]> {
    return this.store.find$({ kind: 'membership' }).pipe(map((records) => records.filter(isMembership).map((r) => r.data)));
  }

  membershipsOfClient$(clientId: string): Observable<MembershipRecord[]> {
    return this.store.find$({ kind: 'membership', clientId }).pipe(map((records) => records.filter(isMembership)));
  }

  /** After a merge: the duplicate's memberships now belong to the surviving record. */
  async reassignClient(fromClientId: string, toClientId: string): Promise<number> {
    const memberships = (await this.store.find({ kind: 'membership', clientId: fromClientId })).filter(isMembership);
    for (const m of memberships) await this.store.update(m.id, () => ({ plain: { clientId: toClientId }, data: { ...m.data, clientId: toClientId } }));
    return memberships.length;
  }

  /** Adds a client to a group's rolling roster from `joinedOn`; past sessions are not touched. */
  async addMember(groupId: string, clientId: string, joinedOn: string): Promise<MembershipRecord> {
    return (await this.addMembers(groupId, [clientId], joinedOn))[0]!;
  }

  /**
   * Adds several clients from `joinedOn`, checked together (capacity counts all of them): if one
   * cannot join, none is added and every reason is given.
   */
  addMembers(groupId: string, clientIds: readonly string[], joinedOn: string): Promise<MembershipRecord[]> {
    return this.perGroup.run(groupId, async () => {
      const group = await this.group(groupId);
      if (group === null) throw new ProgramValidationError(st('repositories.programs.chooseGroup'));
      if (clientIds.length === 0) throw new ProgramValidationError(st('repositories.programs.chooseClients'));
      const existing = await this.memberships(groupId);
      const added: Membership[] = [];
      const problems = new Set<string>();
      for (const clientId of new Set(clientIds)) {
        const membership: Membership = { id: `membership-${crypto.randomUUID()}`, clientId, groupId, joinedOn };
        for (const problem of validateMembershipChange([...existing, ...added], membership, group.data.capacity)) problems.add(problem);
        added.push(membership);
      }
      if (problems.size > 0) throw new ProgramValidationError([...problems].join(' '));
      const records: MembershipRecord[] = [];
      for (const m of added) {
        records.push(await this.store.insert(m.id, { ...NONE, kind: 'membership', status: 'active', programId: group.programId, trackId: group.trackId, groupId, clientId: m.clientId }, m).then(as(isMembership)));
      }
      return records;
    });
  }

  /** Ends a membership: `leftOn` is the last day as a member. */
  async endMembership(membershipId: string, leftOn: string, leaveReason: string): Promise<MembershipRecord> {
    const current = await this.store.get(membershipId);
    if (!isMembership(current)) throw new ProgramValidationError(st('repositories.programs.noSuchMembership'));
    return this.perGroup.run(current.groupId, async () => {
      const change: Membership = { ...current.data, leftOn, leaveReason };
      const group = await this.group(current.groupId);
      const problems = validateMembershipChange(await this.memberships(current.groupId), change, group?.data.capacity ?? Number.MAX_SAFE_INTEGER);
      if (problems.length > 0) throw new ProgramValidationError(problems.join(' '));
      return this.store.update(membershipId, () => ({ data: change })).then(as(isMembership));
    });
  }
}
