/**
 * Client search. Identities are sealed at rest, so this index lives only in memory: built from
 * the opened records after unlock and cleared on lock.
 */
import MiniSearch, { type QueryCombination, type SearchResult } from 'minisearch';
import { isoDate } from './clients';
import { normaliseName, type ClientIdentityLike } from './duplicates';

export interface ClientSearchEntry<S extends string = string> {
  id: string;
  identity: ClientIdentityLike;
  status: S;
  /** Short record number shown on the chart. */
  mrn?: string;
}

export interface ClientSearchOptions<S extends string = string> {
  limit?: number;
  /** Only clients in one of these statuses. */
  status?: readonly S[];
}

export interface ClientSearchHit {
  id: string;
  score: number;
}

// Each field holds pre-folded terms separated by spaces; status rides along unindexed.
interface IndexedClient {
  id: string;
  first: string;
  last: string;
  preferred: string;
  dob: string;
  record: string;
  status: string;
}

const NAME_FIELDS = ['first', 'last', 'preferred'];
// Shorter terms are name fragments: prefix-matching them against hex ids only adds noise.
const RECORD_PREFIX_MIN = 4;

const unique = (terms: string[]) => [...new Set(terms.filter(Boolean))].join(' ');

/** "O'Brien-Smith" is found by "obrien", "brien" and "smith"; "Mary Ann" by "maryann" too. */
function nameTerms(name: string): string {
  const words = name.split(/\s+/);
  return unique([name, ...words, ...words.flatMap((word) => word.split(/\p{P}+/u))].map(normaliseName));
}

/** Ids are `kind-uuid`: staff type the uuid part. */
function recordTerms(id: string, mrn = ''): string {
  return unique([id, id.replace(/^[a-z]+-/i, ''), mrn].map(normaliseName));
}

const DATE_FORMS = [
  /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/, // 1984-02-29
  /^(?<m>\d{1,2})[/-](?<d>\d{1,2})[/-](?<y>\d{4})$/, // 02/29/1984, 2/29/1984, 02-29-1984
  /^(?<y>(?:19|20)\d{2})(?<m>\d{2})(?<d>\d{2})$/, // 19840229
  /^(?<m>\d{2})(?<d>\d{2})(?<y>\d{4})$/, // 02291984
];
const realDate = isoDate('shared:fields.dateLabel');

/** The date a query term spells (as indexed: YYYYMMDD), or null if it spells no real date. */
function typedDate(term: string): string | null {
  for (const form of DATE_FORMS) {
    const { y, m, d } = term.match(form)?.groups ?? {};
    if (!y || !m || !d) continue;
    const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (realDate.safeParse(iso).success) return iso.replaceAll('-', '');
  }
  return null;
}

function termQuery(raw: string, term: string): QueryCombination {
  // An 8-digit record number can look like a date, so the record field is searched either way.
  const record = { queries: [term], fields: ['record'], prefix: term.length >= RECORD_PREFIX_MIN, fuzzy: false };
  const date = typedDate(raw);
  const other = date
    ? { queries: [date], fields: ['dob'], prefix: false, fuzzy: false }
    : { queries: [term], fields: NAME_FIELDS, prefix: true, fuzzy: term.length >= 4 ? 0.2 : false };
  return { combineWith: 'OR', queries: [other, record] };
}

export class ClientSearchIndex<S extends string = string> {
  private readonly index = new MiniSearch<IndexedClient>({
    fields: [...NAME_FIELDS, 'dob', 'record'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => normaliseName(term) || null,
  });
  // Kept so remove() can take every term out now, rather than leave them until a vacuum.
  private readonly documents = new Map<string, IndexedClient>();

  constructor(entries: readonly ClientSearchEntry<S>[] = []) {
    for (const entry of entries) this.add(entry);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Throws if the id is already indexed: use replace() for an edited client. */
  add({ id, identity, status, mrn }: ClientSearchEntry<S>): void {
    const document: IndexedClient = {
      id,
      first: nameTerms(identity.firstName),
      last: nameTerms(identity.lastName),
      preferred: nameTerms(identity.preferredName),
      dob: identity.dateOfBirth.replaceAll('-', ''),
      record: recordTerms(id, mrn),
      status,
    };
    this.index.add(document);
    this.documents.set(id, document);
  }

  /** Re-indexes a client after an edit; adds it if it was not indexed. */
  replace(id: string, entry: Omit<ClientSearchEntry<S>, 'id'>): void {
    this.remove(id);
    this.add({ ...entry, id });
  }

  remove(id: string): void {
    const document = this.documents.get(id);
    if (!document) return;
    this.index.remove(document);
    this.documents.delete(id);
  }

  /** Called on lock: drops every term and document. */
  clear(): void {
    this.index.removeAll();
    this.documents.clear();
  }

  /**
   * Every term must match (AND): names by prefix, with typos forgiven from 4 letters; ids and
   * record numbers by prefix; a term that spells a date, in ISO or US form, the date of birth exactly.
   */
  search(query: string, { limit = 20, status }: ClientSearchOptions<S> = {}): ClientSearchHit[] {
    const queries = query.split(/\s+/).flatMap((raw) => {
      const term = normaliseName(raw);
      return term ? [termQuery(raw, term)] : [];
    });
    if (queries.length === 0) return [];
    const filter = status && ((result: SearchResult) => status.some((s) => s === this.documents.get(result.id)?.status));
    return this.index
      .search({ combineWith: 'AND', queries }, filter ? { filter } : {})
      .slice(0, limit)
      .map(({ id, score }) => ({ id: id as string, score }));
  }
}
