import { createHash, randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import { createPseudonymousUser } from '../../platform/auth/accounts.server';
import type { Database, ProposalStatus, ProposalsTable, ProposalVotesTable, SegmentField, VoteKind } from '../../platform/db/schema';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { joinConsultation } from '../../platform/members/members.server';
import { isUuid } from '../../platform/modules/form';
import type { ProposalsConfig } from './manifest';
import { refreshResults } from './results.server';
import { checkProposalText, defaultMaxChars, defaultMinChars, qualificationFits, qualificationKeys, qualificationsByVote } from './rules';

/*
 * `npm run import`: proposals and votes gathered elsewhere (offline workshops, another tool),
 * loaded from a CSV file into a proposals instance. The format, its rules and the report are
 * documented in docs/import.md. Rows are read as a stream and written in batches, each batch in
 * its own transaction; a bad row is rejected whole (checked before anything of it is written) and
 * never stops the import. References in the file (proposal refs, voter refs) make a re-run import
 * nothing twice. The counters of every proposal a batch touched are recounted from the votes.
 */

/** Rows per transaction: large enough for bulk statements, small enough to keep a batch's locks short. */
const defaultBatchSize = 1000;
/** Rejected rows listed in the printed report (all of them go to the .rejected.csv file). */
export const reportedRejections = 20;

/** The longest reference the database keeps (proposals.external_ref, imported_voters.external_ref). */
const maxRefLength = 200;
/** As the moderation form allows (moderation.server.ts). */
const maxTags = 10;
const maxTagLength = 30;
/** As the "About you" form allows. */
const maxSegmentLength = 100;
/** A recruitment source is a campaign tag, as the join route accepts it (`?src=`). */
const sourcePattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** A segment column's field, as weighting margins name them. */
const segmentFieldPattern = /^[a-z_]{1,40}$/;
const consultationSegmentFields: readonly SegmentField[] = ['age_band', 'gender', 'region', 'country', 'postcode'];

/** The name an imported voter is shown under, in the consultation's language, before a short hash of their reference. */
const importedVoterName: LocalizedText = { fr: 'Participant·e importé·e', en: 'Imported participant' };

/** The columns a file may have besides `segment.<field>`; `line` and `reason` (of a .rejected.csv file being re-imported) are ignored. */
const knownColumns = ['kind', 'ref', 'text', 'language', 'theme', 'tags', 'author', 'created_at', 'status', 'voter', 'vote', 'qualifications'] as const;
const ignoredColumns = ['line', 'reason'];
type KnownColumn = (typeof knownColumns)[number];

/** Accepted spellings of a vote (French ones for French spreadsheets), lower-cased, apostrophes straightened. */
const voteSpellings: Record<string, VoteKind> = {
  agree: 'agree',
  disagree: 'disagree',
  neutral: 'neutral',
  "d'accord": 'agree',
  "pas d'accord": 'disagree',
  neutre: 'neutral',
};

/** A mistake that stops the import before any row is read: one line for a person, what is wrong and how to fix it. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportProgress {
  /** Rows read so far (blank lines aside). */
  rows: number;
  /** Rows in the file, when known in advance (a text input); null for a stream. */
  total: number | null;
}

export interface ImportOptions {
  consultationSlug: string;
  /** The proposals instance to import into; without it, the consultation's only one. */
  instanceId?: string;
  /** The whole file, decoded… */
  text?: string;
  /** …or its bytes (UTF-8) or text as they come. */
  stream?: AsyncIterable<Uint8Array | string>;
  /** Check everything, write nothing. */
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface RejectedRow {
  line: number;
  reason: string;
  /** The row's fields under the file's own column names, for the .rejected.csv file. */
  values: Record<string, string>;
}

export interface ImportReport {
  dryRun: boolean;
  consultationSlug: string;
  instanceId: string;
  /** The file's column names, in order. */
  columns: string[];
  /** Rows read (blank lines aside). */
  rows: number;
  proposalsImported: number;
  /** Proposal rows whose ref an earlier import already brought in: left as they are. */
  proposalsAlreadyImported: number;
  votesImported: number;
  /** Vote rows whose voter had already voted on that proposal (an earlier import): skipped. */
  votesAlreadyThere: number;
  /** Pseudonymous participants created for voter and author refs seen for the first time. */
  votersCreated: number;
  rejected: RejectedRow[];
  /** Whether the results were recomputed after the import; `error` when that failed (the import itself stands). */
  results: { refreshed: boolean; error: string | null };
}

// ---- reading CSV ----------------------------------------------------------------------------

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  fields: string[];
  /** A quoted field ran to the end of the file. */
  unclosedQuote: boolean;
}

/**
 * Splits CSV text (RFC 4180: fields in double quotes may hold separators, line breaks and doubled
 * quotes) into records, fed in chunks. The separator, comma or semicolon (what French Excel
 * writes), is the one the header line uses most. A leading byte-order mark is dropped.
 */
export class CsvReader {
  private delimiter: string | null = null;
  private pending = '';
  private started = false;
  private line = 1;
  private recordLine = 1;
  private fields: string[] = [];
  private field = '';
  private state: 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' = 'fieldStart';
  private previousCr = false;

  push(chunk: string): CsvRecord[] {
    if (!this.started) {
      this.started = true;
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    }
    if (this.delimiter === null) {
      this.pending += chunk;
      const headerEnd = endOfFirstLine(this.pending);
      if (headerEnd === -1) return [];
      this.delimiter = delimiterOf(this.pending.slice(0, headerEnd));
      chunk = this.pending;
      this.pending = '';
    }
    return this.scan(chunk);
  }

  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.delimiter === null) {
      this.delimiter = delimiterOf(this.pending);
      records.push(...this.scan(this.pending));
      this.pending = '';
    }
    if (this.state !== 'fieldStart' || this.fields.length > 0 || this.field !== '') {
      const unclosedQuote = this.state === 'quoted';
      this.fields.push(this.field);
      records.push({ line: this.recordLine, fields: this.fields, unclosedQuote });
      this.fields = [];
      this.field = '';
      this.state = 'fieldStart';
    }
    return records;
  }

  private scan(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    const delimiter = this.delimiter!;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      // A CR LF pair is one line break: the LF after a CR that ended a line is skipped.
      if (this.previousCr) {
        this.previousCr = false;
        if (char === '\n') {
          if (this.state === 'quoted') this.field += char;
          continue;
        }
      }
      if (this.state === 'quoted') {
        if (char === '"') this.state = 'quoteInQuoted';
        else {
          this.field += char;
          if (char === '\n' || char === '\r') {
            this.line++;
            this.previousCr = char === '\r';
          }
        }
        continue;
      }
      if (this.state === 'quoteInQuoted') {
        if (char === '"') {
          this.field += '"';
          this.state = 'quoted';
          continue;
        }
        this.state = 'unquoted';
      }
      if (char === delimiter) {
        this.fields.push(this.field);
        this.field = '';
        this.state = 'fieldStart';
      } else if (char === '\n' || char === '\r') {
        this.fields.push(this.field);
        records.push({ line: this.recordLine, fields: this.fields, unclosedQuote: false });
        this.fields = [];
        this.field = '';
        this.state = 'fieldStart';
        this.line++;
        this.recordLine = this.line;
        this.previousCr = char === '\r';
      } else if (char === '"' && this.state === 'fieldStart') {
        this.state = 'quoted';
      } else {
        // A quote inside an unquoted field, or text after a closing quote, is kept as written.
        this.field += char;
        this.state = 'unquoted';
      }
    }
    return records;
  }
}

function endOfFirstLine(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return i;
  }
  return -1;
}

function delimiterOf(header: string): string {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

async function* recordsOf(input: { text?: string; stream?: AsyncIterable<Uint8Array | string> }): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader();
  if (input.text !== undefined) {
    yield* reader.push(input.text);
  } else if (input.stream) {
    // fatal: a file saved in another encoding (Windows-1252, French Excel's plain "CSV") is refused, not garbled.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      for await (const chunk of input.stream) yield* reader.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      yield* reader.push(decoder.decode());
    } catch (error) {
      if (error instanceof TypeError) throw notUtf8();
      throw error;
    }
  }
  yield* reader.end();
}

export const notUtf8 = () => new ImportError('The file is not UTF-8 text: in Excel, save it as "CSV UTF-8 (comma delimited)"; in LibreOffice, choose the UTF-8 character set.');

const isBlank = (record: CsvRecord) => record.fields.every((field) => field.trim() === '');

/** Rows of a CSV text (blank lines and the header aside): the total a progress bar counts to. */
export function countCsvRows(text: string): number {
  const reader = new CsvReader();
  const records = [...reader.push(text), ...reader.end()];
  return Math.max(0, records.filter((record) => !isBlank(record)).length - 1);
}

// ---- the header -----------------------------------------------------------------------------

interface Header {
  columns: string[];
  /** Index of each known column in a row, when the file has it. */
  index: Partial<Record<KnownColumn, number>>;
  /** `segment.<field>` columns: field → index. */
  segments: [string, number][];
}

function readHeader(record: CsvRecord | undefined): Header {
  if (!record || isBlank(record)) throw new ImportError('The file is empty: its first line must name the columns (kind, ref, text, voter, vote…; see docs/import.md).');
  const columns = record.fields.map((name) => name.trim());
  const index: Header['index'] = {};
  const segments: Header['segments'] = [];
  const seen = new Set<string>();
  columns.forEach((original, position) => {
    const name = original.toLowerCase();
    if (!name) throw new ImportError(`Column ${position + 1} of the header has no name: name every column, or remove the empty one.`);
    if (seen.has(name)) throw new ImportError(`The header names the column "${original}" twice: keep one.`);
    seen.add(name);
    if ((knownColumns as readonly string[]).includes(name)) index[name as KnownColumn] = position;
    else if (name.startsWith('segment.')) {
      const field = name.slice('segment.'.length);
      if (!segmentFieldPattern.test(field)) throw new ImportError(`The column "${original}" does not name a segment: write segment. then lower-case letters and _ (segment.region, segment.age_band).`);
      segments.push([field, position]);
    } else if (!ignoredColumns.includes(name)) {
      throw new ImportError(`Unknown column "${original}" in the header: the columns are ${knownColumns.join(', ')} and segment.<field> (see docs/import.md).`);
    }
  });
  if (index.kind === undefined || index.ref === undefined) {
    throw new ImportError(`The header has no "${index.kind === undefined ? 'kind' : 'ref'}" column: the first line must name the columns (kind, ref, text, voter, vote…), separated by commas or semicolons.`);
  }
  return { columns, index, segments };
}

// ---- the target -----------------------------------------------------------------------------

interface Target {
  consultationId: string;
  languages: string[];
  defaultLanguage: string;
  segmentFields: SegmentField[];
  instanceId: string;
  config: ProposalsConfig;
  themes: { id: string; slug: string; titles: string[] }[];
}

async function findTarget(db: Kysely<Database>, consultationSlug: string, instanceId: string | undefined): Promise<Target> {
  const consultation = await db
    .selectFrom('consultations')
    .select(['id', 'languages', 'default_language', 'segment_fields'])
    .where('slug', '=', consultationSlug)
    .executeTakeFirst();
  if (!consultation) throw new ImportError(`There is no consultation "${consultationSlug}": give its slug, as in its address /consultations/<slug>.`);
  const instances = await db
    .selectFrom('module_instances')
    .select(['id', 'kind', 'phase', 'config'])
    .where('consultation_id', '=', consultation.id)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const proposalsInstances = instances.filter((instance) => instance.kind === 'proposals');
  const describe = (list: typeof instances) => list.map((instance) => `${instance.id} (${instance.phase})`).join(', ');
  let instance: (typeof instances)[number] | undefined;
  if (instanceId !== undefined) {
    instance = isUuid(instanceId) ? instances.find((candidate) => candidate.id === instanceId.toLowerCase()) : undefined;
    if (!instance) {
      throw new ImportError(`The consultation "${consultationSlug}" has no module instance ${instanceId}: ${proposalsInstances.length > 0 ? `its proposals instances are ${describe(proposalsInstances)}` : 'it has no proposals instance'}.`);
    }
    if (instance.kind !== 'proposals') {
      throw new ImportError(`The instance ${instance.id} is a "${instance.kind}" module, not a proposals one: ${proposalsInstances.length > 0 ? `use ${describe(proposalsInstances)}` : 'add a proposals module to the consultation first'}.`);
    }
  } else if (proposalsInstances.length === 1) {
    instance = proposalsInstances[0];
  } else if (proposalsInstances.length === 0) {
    throw new ImportError(`The consultation "${consultationSlug}" has no proposals module: add one to a phase in the console first.`);
  } else {
    throw new ImportError(`The consultation "${consultationSlug}" has ${proposalsInstances.length} proposals instances: choose one with --instance (${describe(proposalsInstances)}).`);
  }
  const themes = await db.selectFrom('themes').select(['id', 'slug', 'title']).where('consultation_id', '=', consultation.id).execute();
  return {
    consultationId: consultation.id,
    languages: consultation.languages,
    defaultLanguage: consultation.default_language,
    segmentFields: consultation.segment_fields,
    instanceId: instance!.id,
    config: instance!.config as ProposalsConfig,
    themes: themes.map((theme) => ({ id: theme.id, slug: theme.slug, titles: Object.values(theme.title).filter((title): title is string => Boolean(title)).map(normalised) })),
  };
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

// ---- checking one row -----------------------------------------------------------------------

/** A row turned down: why, in words for the person who fixes the file. */
class Rejection {
  constructor(readonly reason: string) {}
}

interface ProposalRow {
  kind: 'proposal';
  line: number;
  ref: string;
  body: string;
  originalBody: string;
  language: string;
  themeId: string | null;
  tags: string[];
  author: string | null;
  createdAt: Date | null;
  status: ProposalStatus;
}

interface VoteRow {
  kind: 'vote';
  line: number;
  ref: string;
  voter: string;
  vote: VoteKind;
  qualifications: string[];
  createdAt: Date | null;
  segments: Record<string, string>;
}

/**
 * A cell as written, trimmed. A leading apostrophe before = + - @ is dropped: Plenum's own CSV
 * files (platform/csv.ts, the .rejected.csv file) add it so that spreadsheets never run a cell as
 * a formula, and a file fixed and imported again must not keep it.
 */
function cell(fields: string[], position: number | undefined): string {
  if (position === undefined) return '';
  const value = (fields[position] ?? '').trim();
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

function checkRef(value: string, column: string): string | Rejection {
  if (!value) return new Rejection(`${column} is empty`);
  if ([...value].length > maxRefLength) return new Rejection(`${column} is longer than ${maxRefLength} characters`);
  return value;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO date (2024-05-17, 2024-05-17T14:30, with seconds, with Z or an offset; UTC when none), not in the future. */
function checkDate(value: string, now: Date): Date | null | Rejection {
  if (!value) return null;
  const match = datePattern.exec(value);
  const bad = new Rejection(`created_at "${value}" is not a date: write it as 2024-05-17 or 2024-05-17T14:30:00Z`);
  if (!match) return bad;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', zone = 'Z'] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return bad;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(date.getTime())) return bad;
  if (date.getTime() > now.getTime()) return new Rejection(`created_at "${value}" is in the future`);
  return date;
}

function splitList(value: string): string[] {
  return [...new Set(value.split('|').map((item) => item.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}

function checkProposalRow(target: Target, header: Header, record: CsvRecord, now: Date): ProposalRow | Rejection {
  const get = (column: KnownColumn) => cell(record.fields, header.index[column]);
  const ref = checkRef(get('ref'), 'ref');
  if (ref instanceof Rejection) return ref;

  const language = get('language').toLowerCase() || target.defaultLanguage;
  if (!target.languages.includes(language)) return new Rejection(`language "${language}" is not one of the consultation's languages (${target.languages.join(', ')})`);

  const raw = cell(record.fields, header.index.text);
  if (!raw) return new Rejection('text is empty');
  const prefix = pickLanguage(target.config.prefix ?? {}, language, target.defaultLanguage).text;
  const min = target.config.minChars ?? defaultMinChars;
  const max = target.config.maxChars ?? defaultMaxChars;
  const checked = checkProposalText(raw, prefix, { min, max });
  if (!checked.ok) {
    return new Rejection(checked.code === 'text.tooShort' ? `text is too short: at least ${min} characters after "${prefix}"` : `text is too long: at most ${max} characters after "${prefix}"`);
  }

  let themeId: string | null = null;
  const theme = get('theme');
  if (theme) {
    const key = normalised(theme);
    const byKey = target.themes.filter((candidate) => candidate.id === key || candidate.slug === key);
    const matches = byKey.length > 0 ? byKey : target.themes.filter((candidate) => candidate.titles.includes(key));
    if (matches.length === 0) return new Rejection(`unknown theme "${theme}": write the title, slug or id of one of the consultation's themes`);
    if (matches.length > 1) return new Rejection(`theme "${theme}" is ambiguous: ${matches.length} themes have this title; write its slug or id`);
    themeId = matches[0]!.id;
  }

  const tags = splitList(get('tags'));
  if (tags.length > maxTags) return new Rejection(`too many tags (${tags.length}): at most ${maxTags}`);
  const longTag = tags.find((tag) => [...tag].length > maxTagLength);
  if (longTag) return new Rejection(`tag "${longTag}" is longer than ${maxTagLength} characters`);

  const authorValue = get('author');
  const author = authorValue ? checkRef(authorValue, 'author') : null;
  if (author instanceof Rejection) return author;

  const createdAt = checkDate(get('created_at'), now);
  if (createdAt instanceof Rejection) return createdAt;

  const statusValue = get('status').toLowerCase() || 'accepted';
  if (statusValue !== 'accepted' && statusValue !== 'pending') return new Rejection(`status "${get('status')}" is unknown: write accepted or pending`);

  return { kind: 'proposal', line: record.line, ref, body: checked.text, originalBody: raw, language, themeId, tags, author, createdAt, status: statusValue };
}

function checkVoteRow(header: Header, record: CsvRecord, now: Date): VoteRow | Rejection {
  const get = (column: KnownColumn) => cell(record.fields, header.index[column]);
  const ref = checkRef(get('ref'), 'ref');
  if (ref instanceof Rejection) return ref;
  const voter = checkRef(get('voter'), 'voter');
  if (voter instanceof Rejection) return voter;

  const voteValue = get('vote');
  const vote = voteSpellings[voteValue.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ')];
  if (!vote) return new Rejection(voteValue ? `vote "${voteValue}" is unknown: write agree, disagree or neutral (or d'accord, pas d'accord, neutre)` : 'vote is empty: write agree, disagree or neutral');

  const qualifications: string[] = [];
  for (const written of splitList(get('qualifications'))) {
    const key = qualificationKeys.find((candidate) => candidate.toLowerCase() === written.toLowerCase());
    if (!key) return new Rejection(`qualification "${written}" is unknown: write one of ${qualificationKeys.join(', ')}`);
    if (!qualificationFits(vote, key)) return new Rejection(`qualification "${key}" does not go with the vote ${vote} (${vote} takes ${qualificationsByVote[vote].join(', ')})`);
    qualifications.push(key);
  }

  const createdAt = checkDate(get('created_at'), now);
  if (createdAt instanceof Rejection) return createdAt;

  const segments: Record<string, string> = {};
  for (const [field, position] of header.segments) {
    const value = cell(record.fields, position);
    if (!value) continue;
    if ([...value].length > maxSegmentLength) return new Rejection(`segment.${field} is longer than ${maxSegmentLength} characters`);
    if (field === 'source') {
      const source = value.toLowerCase();
      if (!sourcePattern.test(source)) return new Rejection(`segment.source "${value}" is not a campaign tag: use letters, digits, - and _ (40 at most), e.g. atelier-lyon`);
      segments.source = source;
    } else segments[field] = value;
  }

  return { kind: 'vote', line: record.line, ref, voter, vote, qualifications, createdAt, segments };
}

function checkRow(target: Target, header: Header, record: CsvRecord, now: Date): ProposalRow | VoteRow | Rejection {
  if (record.unclosedQuote) return new Rejection('a quoted field is not closed before the end of the file: check the quotes (") of this row');
  if (record.fields.length > header.columns.length) {
    return new Rejection(`the row has ${record.fields.length} fields and the header ${header.columns.length}: check the separators and quotes`);
  }
  const kind = cell(record.fields, header.index.kind).toLowerCase();
  if (kind === 'proposal') return checkProposalRow(target, header, record, now);
  if (kind === 'vote') return checkVoteRow(header, record, now);
  return new Rejection(kind ? `unknown kind "${cell(record.fields, header.index.kind)}": write proposal or vote` : 'kind is empty: write proposal or vote');
}

// ---- writing --------------------------------------------------------------------------------

interface KnownProposal {
  id: string;
  status: ProposalStatus;
  /** A small number standing for the proposal in the keys of votes seen (less memory than its id). */
  index: number;
}

interface KnownVoter {
  userId: string;
  index: number;
  /** Whether the voter's membership already has a recruitment source (or was given one in this run). */
  hasSource: boolean;
}

/** What the import remembers from one batch to the next. */
class ImportState {
  /** Proposal refs of the instance, found in the database or created by this run; null: known to be absent. */
  readonly proposals = new Map<string, KnownProposal | null>();
  /** Voter refs, likewise. */
  readonly voters = new Map<string, KnownVoter | null>();
  /** Proposal refs met in this file, with the line of their first row. */
  readonly proposalLines = new Map<string, number>();
  /** `<proposal index>:<voter index>` of the votes met in this file, with their line. */
  readonly voteLines = new Map<string, number>();
  /** Segment values each voter was given on earlier rows: they carry over to their later votes. */
  readonly voterSegments = new Map<string, Record<string, string>>();
  private nextIndex = 0;

  constructor(
    readonly target: Target,
    readonly report: ImportReport,
  ) {}

  index(): number {
    return this.nextIndex++;
  }
}

/** Looks up, in two statements, the refs of a batch this run has not met yet. */
async function lookUpRefs(db: Kysely<Database>, state: ImportState, rows: (ProposalRow | VoteRow)[]): Promise<void> {
  const proposalRefs = [...new Set(rows.map((row) => row.ref))].filter((ref) => !state.proposals.has(ref));
  const voterRefs = [...new Set(rows.flatMap((row) => (row.kind === 'vote' ? [row.voter] : row.author ? [row.author] : [])))].filter((ref) => !state.voters.has(ref));
  const { instanceId, consultationId } = state.target;
  if (proposalRefs.length > 0) {
    const found = await db
      .selectFrom('proposals')
      .select(['id', 'status', 'external_ref'])
      .where('instance_id', '=', instanceId)
      .where('external_ref', 'in', proposalRefs)
      .execute();
    for (const ref of proposalRefs) state.proposals.set(ref, null);
    for (const row of found) state.proposals.set(row.external_ref!, { id: row.id, status: row.status, index: state.index() });
  }
  if (voterRefs.length > 0) {
    const found = await db
      .selectFrom('imported_voters')
      .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'imported_voters.user_id').on('memberships.consultation_id', '=', consultationId).on('memberships.role', '=', 'participant'))
      .select(['imported_voters.external_ref', 'imported_voters.user_id', 'memberships.source'])
      .where('imported_voters.instance_id', '=', instanceId)
      .where('imported_voters.external_ref', 'in', voterRefs)
      .execute();
    for (const ref of voterRefs) state.voters.set(ref, null);
    for (const row of found) state.voters.set(row.external_ref, { userId: row.user_id, index: state.index(), hasSource: row.source !== null });
  }
}

/** A pseudonymous participant for a voter ref met for the first time, a member of the consultation, found again by the ref. */
async function createVoter(db: Kysely<Database>, state: ImportState, ref: string, source: string | null): Promise<KnownVoter> {
  const { target } = state;
  const hash = createHash('sha256').update(`${target.instanceId}:${ref}`).digest('hex').slice(0, 6).toUpperCase();
  const name = `${pickLanguage(importedVoterName, target.defaultLanguage, 'en').text} ${hash}`;
  const userId = await createPseudonymousUser(db, name, target.defaultLanguage);
  await joinConsultation(db, target.consultationId, userId, source);
  await db.insertInto('imported_voters').values({ instance_id: target.instanceId, external_ref: ref, user_id: userId }).execute();
  const voter = { userId, index: state.index(), hasSource: source !== null };
  state.voters.set(ref, voter);
  state.report.votersCreated++;
  return voter;
}

async function importBatch(db: Kysely<Database>, state: ImportState, header: Header, records: CsvRecord[], now: Date): Promise<void> {
  const { target, report } = state;
  const reject = (record: CsvRecord, reason: string) =>
    report.rejected.push({ line: record.line, reason, values: Object.fromEntries(header.columns.map((column, position) => [column, record.fields[position] ?? ''])) });

  const checked = records.map((record) => ({ record, row: checkRow(target, header, record, now) }));
  await lookUpRefs(db, state, checked.flatMap(({ row }) => (row instanceof Rejection ? [] : [row])));

  const proposalValues: (Insertable<ProposalsTable> & { id: string })[] = [];
  const voteValues: Insertable<ProposalVotesTable>[] = [];
  const segmentAnswers = new Map<string, { user_id: string; field: SegmentField; value: string }>();
  const sourcesToSet = new Map<string, string>();

  for (const { record, row } of checked) {
    if (row instanceof Rejection) {
      reject(record, row.reason);
      continue;
    }
    if (row.kind === 'proposal') {
      const firstLine = state.proposalLines.get(row.ref);
      if (firstLine !== undefined) {
        reject(record, `ref "${row.ref}" appears twice: line ${firstLine} already has it`);
        continue;
      }
      state.proposalLines.set(row.ref, row.line);
      if (state.proposals.get(row.ref)) {
        report.proposalsAlreadyImported++;
        continue;
      }
      const author = row.author ? (state.voters.get(row.author) ?? (await createVoter(db, state, row.author, null))) : null;
      const id = randomUUID();
      state.proposals.set(row.ref, { id, status: row.status, index: state.index() });
      proposalValues.push({
        id,
        consultation_id: target.consultationId,
        instance_id: target.instanceId,
        author_id: author?.userId ?? null,
        body: row.body,
        original_body: row.originalBody,
        language: row.language,
        theme_id: row.themeId,
        tags: row.tags,
        status: row.status,
        refusal_reason: null,
        idea_id: null,
        source: 'import',
        external_ref: row.ref,
        moderated_at: row.status === 'accepted' ? now : null,
        ...(row.createdAt ? { created_at: row.createdAt, updated_at: row.createdAt } : {}),
      });
      report.proposalsImported++;
      continue;
    }

    const proposal = state.proposals.get(row.ref);
    if (!proposal) {
      reject(record, `unknown proposal ref "${row.ref}": no proposal row above this one has it, nor an earlier import`);
      continue;
    }
    if (proposal.status !== 'accepted') {
      reject(record, `proposal "${row.ref}" is ${proposal.status}: only accepted proposals take votes`);
      continue;
    }
    const known = state.voters.get(row.voter);
    // A voter met for the first time gets no key yet: their index is only needed once they exist.
    if (known) {
      const firstLine = state.voteLines.get(`${proposal.index}:${known.index}`);
      if (firstLine !== undefined) {
        reject(record, `voter "${row.voter}" already voted on "${row.ref}" on line ${firstLine}: the first vote counts`);
        continue;
      }
    }
    const voter = known ?? (await createVoter(db, state, row.voter, row.segments.source ?? null));
    state.voteLines.set(`${proposal.index}:${voter.index}`, row.line);
    if (row.segments.source && !voter.hasSource) {
      sourcesToSet.set(voter.userId, row.segments.source);
      voter.hasSource = true;
    }
    const segments = { ...state.voterSegments.get(row.voter), ...row.segments };
    if (Object.keys(row.segments).length > 0) state.voterSegments.set(row.voter, segments);
    for (const field of target.segmentFields) {
      const value = segments[field];
      const key = `${voter.userId}:${field}`;
      // The first value given for a voter is their answer, as docs/import.md says; later rows only mark their own votes.
      if (value && consultationSegmentFields.includes(field) && !segmentAnswers.has(key)) segmentAnswers.set(key, { user_id: voter.userId, field, value });
    }
    voteValues.push({
      proposal_id: proposal.id,
      user_id: voter.userId,
      vote: row.vote,
      qualifications: row.qualifications,
      source: 'import',
      trusted: true,
      segments: JSON.stringify(segments),
      ...(row.createdAt ? { created_at: row.createdAt, updated_at: row.createdAt } : {}),
    });
  }

  if (proposalValues.length > 0) await db.insertInto('proposals').values(proposalValues).execute();

  const touched = new Set<string>();
  if (voteValues.length > 0) {
    // A vote already there (an earlier import) is left as it is: only the rows inserted come back.
    const inserted = await db.insertInto('proposal_votes').values(voteValues).onConflict((oc) => oc.columns(['proposal_id', 'user_id']).doNothing()).returning('proposal_id').execute();
    report.votesImported += inserted.length;
    report.votesAlreadyThere += voteValues.length - inserted.length;
    for (const row of inserted) touched.add(row.proposal_id);
  }

  if (segmentAnswers.size > 0) {
    await db
      .insertInto('participant_segments')
      .values([...segmentAnswers.values()].map((answer) => ({ consultation_id: target.consultationId, ...answer, consented_at: now })))
      .onConflict((oc) => oc.columns(['consultation_id', 'user_id', 'field']).doNothing())
      .execute();
  }
  for (const [userId, source] of sourcesToSet) {
    await db
      .updateTable('memberships')
      .set({ source })
      .where('consultation_id', '=', target.consultationId)
      .where('user_id', '=', userId)
      .where('role', '=', 'participant')
      .where('source', 'is', null)
      .execute();
  }
  if (touched.size > 0) await recountProposals(db, [...touched].sort());
}

/**
 * Sets the counters of these proposals to a recount of their votes (what castVote keeps up one
 * vote at a time). The rows are locked first, in a statement of their own: a live vote that
 * committed meanwhile is then seen by the recount's fresh snapshot instead of being overwritten.
 */
async function recountProposals(db: Kysely<Database>, proposalIds: string[]): Promise<void> {
  const ids = sql.join(proposalIds.map((id) => sql`${id}::uuid`));
  await sql`select id from proposals where id in (${ids}) order by id for no key update`.execute(db);
  await sql`
    update proposals p set
      agree = c.agree,
      disagree = c.disagree,
      neutral = c.neutral,
      sequence_votes = c.sequence_votes,
      untrusted_votes = c.untrusted_votes,
      qualifications = c.qualifications,
      updated_at = now()
    from (
      select v.proposal_id,
        (count(*) filter (where v.trusted and v.vote = 'agree'))::int as agree,
        (count(*) filter (where v.trusted and v.vote = 'disagree'))::int as disagree,
        (count(*) filter (where v.trusted and v.vote = 'neutral'))::int as neutral,
        (count(*) filter (where v.trusted and v.source in ('sequence', 'widget')))::int as sequence_votes,
        (count(*) filter (where not v.trusted))::int as untrusted_votes,
        coalesce((
          select jsonb_object_agg(q.key, q.n)
          from (select key, count(*)::int as n from proposal_votes w, unnest(w.qualifications) as key where w.proposal_id = v.proposal_id and w.trusted group by key) q
        ), '{}'::jsonb) as qualifications
      from proposal_votes v
      where v.proposal_id in (${ids})
      group by v.proposal_id
    ) c
    where p.id = c.proposal_id`.execute(db);
}

// ---- the import -----------------------------------------------------------------------------

/** Thrown inside a dry run's transaction to roll everything back once the report is complete. */
class DryRunRollback extends Error {}

/**
 * Imports a CSV file of proposals and votes into a proposals instance (docs/import.md) and answers
 * what it did. Throws ImportError, before writing anything, when the consultation, the instance or
 * the header is wrong; a bad row is only reported.
 */
export async function importProposalsCsv(db: Kysely<Database>, options: ImportOptions): Promise<ImportReport> {
  const { consultationSlug, dryRun = false, batchSize = defaultBatchSize, onProgress } = options;
  if (options.text === undefined && !options.stream) throw new ImportError('Nothing to import: give the text of the file or a stream of it.');
  const target = await findTarget(db, consultationSlug, options.instanceId);
  const total = options.text !== undefined ? countCsvRows(options.text) : null;
  const records = recordsOf(options);

  let first = await records.next();
  while (!first.done && isBlank(first.value)) first = await records.next();
  const header = readHeader(first.done ? undefined : first.value);

  const report: ImportReport = {
    dryRun,
    consultationSlug,
    instanceId: target.instanceId,
    columns: header.columns,
    rows: 0,
    proposalsImported: 0,
    proposalsAlreadyImported: 0,
    votesImported: 0,
    votesAlreadyThere: 0,
    votersCreated: 0,
    rejected: [],
    results: { refreshed: false, error: null },
  };
  const state = new ImportState(target, report);
  const now = new Date();

  const run = async (writeBatch: (batch: CsvRecord[]) => Promise<void>) => {
    let batch: CsvRecord[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await writeBatch(batch);
      report.rows += batch.length;
      batch = [];
      onProgress?.({ rows: report.rows, total });
    };
    for await (const record of records) {
      if (isBlank(record)) continue;
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  };

  onProgress?.({ rows: 0, total });
  if (dryRun) {
    await db
      .transaction()
      .execute(async (trx) => {
        await run((batch) => importBatch(trx, state, header, batch, now));
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    return report;
  }
  await run((batch) => db.transaction().execute((trx) => importBatch(trx, state, header, batch, now)));

  if (report.proposalsImported > 0 || report.votesImported > 0) {
    try {
      const { config } = await db.selectFrom('module_instances').select('config').where('id', '=', target.instanceId).executeTakeFirstOrThrow();
      report.results.refreshed = await refreshResults(db, { id: target.instanceId, consultationId: target.consultationId, config: config as ProposalsConfig }, { force: true });
    } catch (error) {
      // The votes are in: the background job will compute the results on its next pass.
      report.results.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
  }
  return report;
}

// ---- the report -----------------------------------------------------------------------------

const count = (n: number) => n.toLocaleString('en');

/** The report printed at the end of `npm run import` (English, like the other commands' output). */
export function formatImportReport(report: ImportReport, rejectedFile: string | null): string {
  const would = report.dryRun ? 'would be ' : '';
  const figures: [string, number][] = [
    [`proposals ${would}imported`, report.proposalsImported],
    ['proposals already imported', report.proposalsAlreadyImported],
    [`votes ${would}imported`, report.votesImported],
    ['votes already there', report.votesAlreadyThere],
    [`participants ${would}created`, report.votersCreated],
    ['rejected rows', report.rejected.length],
  ];
  const width = Math.max(...figures.map(([label]) => label.length)) + 2;
  const lines = [
    report.dryRun ? `Dry run: nothing was written. ${count(report.rows)} rows checked.` : `Imported into instance ${report.instanceId} of "${report.consultationSlug}": ${count(report.rows)} rows read.`,
    ...figures.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${count(value)}`),
  ];
  if (report.rejected.length > 0) {
    const shown = report.rejected.slice(0, reportedRejections);
    lines.push('', report.rejected.length > shown.length ? `First ${shown.length} rejected rows:` : 'Rejected rows:');
    for (const row of shown) lines.push(`  line ${row.line}: ${row.reason}`);
    if (rejectedFile) lines.push('', `Every rejected row, with its line and reason, is in ${rejectedFile}: fix them there and import that file.`);
  }
  if (!report.dryRun && report.results.error) lines.push('', `The results were not recomputed (${report.results.error}): the background job will do it.`);
  return `${lines.join('\n')}\n`;
}

/** The rejected rows as they were in the file, with their line and reason, for the .rejected.csv file. */
export function rejectedRowsForCsv(report: ImportReport): Record<string, string | number>[] {
  const columns = report.columns.filter((column) => !ignoredColumns.includes(column.toLowerCase()));
  return report.rejected.map((row) => ({ ...Object.fromEntries(columns.map((column) => [column, row.values[column] ?? ''])), line: row.line, reason: row.reason }));
}
