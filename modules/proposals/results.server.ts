import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Database, VoteKind } from '../../platform/db/schema';
import type { ModuleContext } from '../../platform/modules/server';
import type { EmergenceAnswer, EmergenceJob } from './emergence.worker';
import { ColumnarVotesBuilder, computeEmergenceText, transferablesOf, type ColumnarInput } from './emergence-transfer';
import { resultsConfigOf, type ProposalsConfig, type ResultsConfig } from './manifest';
import type { EmergenceResults, EmergenceState } from './results-data';

/*
 * Where the emergence is computed and kept: the background job calls refreshResults for each
 * proposals instance; it recomputes only when the votes or proposals changed (fingerprint),
 * loads the input in batches, has computeEmergence run in a worker thread and stores one
 * snapshot per instance. Pages and exports read the snapshot (readResults), never the votes.
 */

type Instance = { id: string; consultationId: string; config: ProposalsConfig };

/** Votes read per query, about: a million votes never sit in one result set. */
const voteBatch = 50_000;

/**
 * The accepted proposals' ids in groups holding about `voteBatch` trusted votes each, as their
 * counters say (a proposal with more goes alone). A batch is then one index lookup of its own
 * rows: paging through the votes' primary key instead (keyset on proposal and voter) made
 * PostgreSQL collect and sort every remaining vote for each page, 5 s a page at a million votes.
 */
function chunksOfVotes(accepted: { id: string; agree: number; disagree: number; neutral: number }[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const proposal of accepted) {
    const votes = proposal.agree + proposal.disagree + proposal.neutral;
    if (chunk.length > 0 && size + votes > voteBatch) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(proposal.id);
    size += votes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * A computation that took this long is not started again before 4 times its duration has passed
 * since it ended: on a busy consultation the job then takes at most a fifth of a core's time.
 * Shorter ones follow every vote.
 */
const slowComputationMs = 1000;
const spacingFactor = 4;

/** How long each part of a recomputation took (the benchmark reports them apart). */
export interface RefreshTimings {
  loadMs: number;
  computeMs: number;
  storeMs: number;
}

/**
 * What the results are computed from, in one aggregate over the instance's proposals: every
 * vote moves its proposal's counters (agree, disagree, neutral, untrusted, qualifications) and
 * moderation moves its status and dates, so a digest of those per proposal changes with any of
 * them, even when two changes cancel out in the totals. Votes do not touch `updated_at`, hence
 * the digest rather than a date. Impressions count too (they are shown with the results). The
 * consultation's segment fields and the results settings complete it.
 */
export async function fingerprintOf(db: Kysely<Database>, instance: Instance): Promise<string> {
  const [proposals, consultation] = await Promise.all([
    db
      .selectFrom('proposals')
      .select([
        sql<string>`count(*)`.as('proposals'),
        sql<string | null>`sum(impressions)`.as('impressions'),
        sql<string | null>`max(updated_at)`.as('updatedAt'),
        sql<string | null>`max(moderated_at)`.as('moderatedAt'),
        sql<string>`md5(coalesce(string_agg(concat_ws(':', id, status, agree, disagree, neutral, untrusted_votes, qualifications::text, idea_id, theme_id), ',' order by id), ''))`.as('digest'),
      ])
      .where('instance_id', '=', instance.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('consultations').select('segment_fields').where('id', '=', instance.consultationId).executeTakeFirstOrThrow(),
  ]);
  const settings = resultsConfigOf(instance.config);
  const dated = { ...proposals, updatedAt: dateText(proposals.updatedAt), moderatedAt: dateText(proposals.moderatedAt) };
  return createHash('sha256').update(JSON.stringify([dated, consultation.segment_fields, settings])).digest('base64url');
}

// Drivers give dates as Date (node-postgres) or text (the embedded database, inside sql``).
const dateText = (value: unknown) => (value == null ? null : new Date(value as string | Date).toISOString());

/** One batch of votes as the database sends it: proposal, voter, vote, qualifications, created (ms). */
type VoteRow = [string, string, VoteKind, string[], number];

/**
 * The instance's proposals (every status), the trusted votes on its accepted proposals, and each
 * voter's segments, with the votes in columns (emergence-transfer.ts): a million votes never
 * become a million objects on the main thread, and each batch is turned into columns in a few
 * milliseconds, so that requests are served between batches.
 *
 * Segments come from the votes (`proposal_votes.segments`, the voter's most recent vote), not
 * from participant_segments and memberships: each vote keeps the answers the voter had consented
 * to when voting, imported votes carry theirs with no participant row behind them, and the
 * fingerprint, made of the votes, then covers the segments too.
 *
 * Votes come in batches of about 50,000 (chunksOfVotes), each batch as one JSON value: decoding
 * rows one by one is several times slower on the embedded database (see sequence.server.ts).
 * Votes come in the same order at every computation (proposals by date, then voters), so that
 * the same votes give the same results.
 */
export async function loadEmergenceInput(db: Kysely<Database>, instance: Instance, now = new Date()): Promise<ColumnarInput> {
  const [consultation, proposalRows] = await Promise.all([
    db.selectFrom('consultations').select('segment_fields').where('id', '=', instance.consultationId).executeTakeFirstOrThrow(),
    db
      .selectFrom('proposals')
      .select(['id', 'body', 'language', 'status', 'author_id', 'theme_id', 'idea_id', 'tags', 'impressions', 'untrusted_votes', 'created_at', 'agree', 'disagree', 'neutral'])
      .where('instance_id', '=', instance.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const proposals: ColumnarInput['proposals'] = proposalRows.map((row) => ({
    id: row.id,
    body: row.body,
    language: row.language,
    status: row.status,
    authorId: row.author_id,
    themeId: row.theme_id,
    ideaId: row.idea_id,
    tags: row.tags,
    impressions: row.impressions,
    untrustedVotes: row.untrusted_votes,
    createdAt: row.created_at,
  }));
  const accepted = proposals.filter((proposal) => proposal.status === 'accepted');
  const acceptedRows = proposalRows.filter((row) => row.status === 'accepted');
  const proposalIndex = new Map(proposals.map((proposal, index) => [proposal.id, index]));
  // Sized from the counters, so that the arrays rarely grow.
  const builder = new ColumnarVotesBuilder(acceptedRows.reduce((sum, row) => sum + row.agree + row.disagree + row.neutral, 0));

  for (const chunk of chunksOfVotes(acceptedRows)) {
    const { rows } = await db
      .selectFrom('proposal_votes as v')
      .select(sql<VoteRow[] | string | null>`json_agg(json_build_array(v.proposal_id, v.user_id, v.vote, v.qualifications, extract(epoch from v.created_at) * 1000) order by v.proposal_id, v.user_id)`.as('rows'))
      .where(sql<boolean>`v.proposal_id = any(${chunk}::uuid[])`)
      .where('v.trusted', '=', true)
      .executeTakeFirstOrThrow();
    const batch: VoteRow[] = typeof rows === 'string' ? JSON.parse(rows) : (rows ?? []);
    for (const [proposalId, userId, vote, qualifications, createdAt] of batch) {
      builder.add(proposalIndex.get(proposalId)!, builder.voterOf(userId), vote, qualifications, Number(createdAt));
    }
  }

  const votes = builder.votes();
  if (votes.length > 0) {
    const segmentRows = await db
      .selectFrom('proposal_votes as v')
      .select(['v.user_id', 'v.segments'])
      .distinctOn('v.user_id')
      .where(sql<boolean>`v.proposal_id = any(${accepted.map((proposal) => proposal.id)}::uuid[])`)
      .where('v.trusted', '=', true)
      .orderBy('v.user_id')
      .orderBy('v.updated_at', 'desc')
      .execute();
    for (const row of segmentRows) builder.voterSegments[builder.voterOf(row.user_id)] = row.segments ?? {};
  }

  return {
    proposals,
    votes,
    voterIds: builder.voterIds,
    voterSegments: builder.voterSegments,
    segmentFields: [...consultation.segment_fields, 'source'],
    // Untrusted votes of the proposals that count, as the trusted ones.
    untrustedVotes: accepted.reduce((sum, proposal) => sum + proposal.untrustedVotes, 0),
    now,
  };
}

/** Instances being recomputed by this process: the database lock below is per session, and PGlite is one session. */
const computing = new Set<string>();

/**
 * Runs `work` unless another computation of the instance is running, in this process or (on
 * PostgreSQL) in another one sharing the database; null when one is. The PostgreSQL lock is a
 * session lock held on a connection of its own, outside any transaction, so that the long
 * computation holds no transaction open. PGlite is one process (its folder is locked by pid) and
 * one connection: pinning that connection would hold every request until the computation ends,
 * so the in-process guard is its lock.
 */
async function exclusively<T>(db: Kysely<Database>, instanceId: string, work: () => Promise<T>): Promise<T | null> {
  if (computing.has(instanceId)) return null;
  computing.add(instanceId);
  try {
    if (await isEmbedded(db)) return await work();
    const key = `proposal-results:${instanceId}`;
    return await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as locked`.execute(connection);
      if (!rows[0]?.locked) return null;
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
      }
    });
  } finally {
    computing.delete(instanceId);
  }
}

const embedded = new WeakMap<Kysely<Database>, Promise<boolean>>();
function isEmbedded(db: Kysely<Database>): Promise<boolean> {
  let known = embedded.get(db);
  if (!known) {
    known = sql<{ version: string }>`select version() as version`.execute(db).then(({ rows }) => rows[0]!.version.includes('PGlite'));
    embedded.set(db, known);
  }
  return known;
}

/*
 * The computation runs in a worker thread, so that the seconds a large instance takes (tens of
 * seconds at a million votes, bench/README.md) never hold the event loop: pages, votes and
 * sockets are served meanwhile. One
 * thread for the process, started at the first computation and kept: its jobs queue in it, one
 * at a time, as the job runs instances one at a time. It runs TypeScript as the rest of the
 * server does (tsx, registered in the thread); where it cannot start (no tsx, the bundled web
 * build), the computation runs on the main thread as before, with a warning.
 */

type EmergenceOutput = { results: string; state: string };
type EmergenceThread = { worker: Worker; pending: Map<number, { resolve: (output: EmergenceOutput) => void; reject: (error: Error) => void }> };

let emergenceThread: Promise<EmergenceThread | null> | null = null;
/** The started thread behind emergenceThread, once ready. */
let runningThread: EmergenceThread | null = null;
let nextJobId = 1;

// CommonJS, as an evaluated worker is: registers tsx's loader, then loads the worker module.
const workerBootstrap = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then((api) => { (api.register ?? api.default.register)(); return import(workerData.entry); });
`;

/** tsx's ESM API (`register`), found as Node would import it: its CommonJS twin registers a loader path that does not exist. */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function startEmergenceThread(): Promise<EmergenceThread | null> {
  return new Promise((resolve) => {
    let started = false;
    const cannotStart = (error: unknown) => {
      if (started) return;
      started = true;
      resolve(unavailable(error));
    };
    let worker: Worker;
    try {
      const loader = tsxRegisterUrl();
      const entry = new URL('./emergence.worker.ts', import.meta.url).href;
      // No execArgv: tsx's own flags (inherited by default) do not load TypeScript in a thread.
      worker = new Worker(workerBootstrap, { eval: true, execArgv: [], workerData: { loader, entry } });
    } catch (error) {
      cannotStart(error);
      return;
    }
    const thread: EmergenceThread = { worker, pending: new Map() };
    worker.on('message', (answer: EmergenceAnswer) => {
      if ('ready' in answer) {
        started = true;
        runningThread = thread;
        worker.unref();
        resolve(thread);
        return;
      }
      const job = thread.pending.get(answer.id);
      if (!job) return;
      thread.pending.delete(answer.id);
      // An idle thread does not keep the process alive (scripts and tests end without stopping it).
      if (thread.pending.size === 0) worker.unref();
      if ('error' in answer) job.reject(Object.assign(new Error(answer.error.message), { stack: answer.error.stack }));
      else job.resolve(answer);
    });
    worker.on('error', (error) => {
      cannotStart(error);
      settleAll(thread, error);
    });
    worker.on('exit', (code) => {
      cannotStart(new Error(`it exited with code ${code}`));
      settleAll(thread, new Error(`The emergence thread stopped (exit code ${code}) during a computation`));
      // The next computation starts a new thread.
      if (runningThread === thread) {
        runningThread = null;
        emergenceThread = null;
      }
    });
  });
}

function settleAll(thread: EmergenceThread, error: Error): void {
  for (const job of thread.pending.values()) job.reject(error);
  thread.pending.clear();
}

function unavailable(error: unknown): null {
  process.emitWarning(`The emergence is computed on the main thread, which answers no request meanwhile: its worker thread could not start (${error instanceof Error ? error.message : String(error)}).`, {
    code: 'PLENUM_EMERGENCE_IN_PROCESS',
  });
  return null;
}

/** computeEmergence on the input, in the worker thread when it runs; the input's arrays are handed over (unusable here afterwards). */
export async function computeEmergenceOffThread(input: ColumnarInput, config: ResultsConfig, previous: EmergenceState | null): Promise<EmergenceOutput> {
  emergenceThread ??= startEmergenceThread();
  const thread = await emergenceThread;
  if (!thread) return computeEmergenceText(input, config, previous);
  return new Promise((resolve, reject) => {
    const id = nextJobId++;
    thread.pending.set(id, { resolve, reject });
    thread.worker.ref();
    const job: EmergenceJob = { id, input, config, previous };
    thread.worker.postMessage(job, transferablesOf(input));
  });
}

/** Ends the emergence thread once its computations are done (at shutdown); a later computation starts a new one. */
export async function stopResultsWorker(): Promise<void> {
  const starting = emergenceThread;
  emergenceThread = null;
  const thread = await starting;
  if (!thread) return;
  if (runningThread === thread) runningThread = null;
  while (thread.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await thread.worker.terminate();
}

/** Recomputes the instance's emergence if its votes or proposals changed since the stored snapshot; true when it did. */
export async function refreshResults(
  db: Kysely<Database>,
  instance: Instance,
  { force = false, onTimings }: { force?: boolean; onTimings?: (timings: RefreshTimings) => void } = {},
): Promise<boolean> {
  const stored = await db.selectFrom('proposal_results').select(['fingerprint', 'computed_at', 'duration_ms']).where('instance_id', '=', instance.id).executeTakeFirst();
  if (!force && stored && stored.duration_ms >= slowComputationMs && Date.now() < new Date(stored.computed_at).getTime() + (1 + spacingFactor) * stored.duration_ms) return false;

  const done = await exclusively(db, instance.id, async () => {
    const fingerprint = await fingerprintOf(db, instance);
    // Read again under the lock: another process may have stored this state meanwhile.
    const current = await db.selectFrom('proposal_results').select(['fingerprint', 'state']).where('instance_id', '=', instance.id).executeTakeFirst();
    if (!force && current?.fingerprint === fingerprint) return false;

    const started = performance.now();
    const input = await loadEmergenceInput(db, instance);
    const computedAt = input.now;
    const loaded = performance.now();
    const { results, state } = await computeEmergenceOffThread(input, resultsConfigOf(instance.config), previousState(current?.state));
    const computed = performance.now();
    const durationMs = Math.round(computed - started);
    // The snapshot is the thread's JSON with the computation's identity put first: 13 MB at a
    // million votes are not parsed and written again here. Its computedAt is the moment the
    // input was read (input.now): the figures say how things stood then.
    const snapshot = `{"fingerprint":${JSON.stringify(fingerprint)},"durationMs":${durationMs},${results.slice(1)}`;
    const row = { computed_at: computedAt, fingerprint, duration_ms: durationMs, results: snapshot, state };
    await db
      .insertInto('proposal_results')
      .values({ instance_id: instance.id, ...row })
      .onConflict((conflict) => conflict.column('instance_id').doUpdateSet(row))
      .execute();
    onTimings?.({ loadMs: loaded - started, computeMs: computed - loaded, storeMs: performance.now() - computed });
    return true;
  });
  return done ?? false;
}

function previousState(state: unknown): EmergenceState | null {
  return state && typeof state === 'object' && 'centroids' in state ? (state as EmergenceState) : null;
}

/**
 * Parsed snapshots, by instance and computation: a results page is read by many people between
 * two computations, and a large snapshot takes tens of milliseconds to parse. The least recently
 * read go first.
 */
const parsedSnapshots = new Map<string, { key: string; results: EmergenceResults }>();
const cachedSnapshots = 20;
const snapshotKey = (row: { computed_at: Date; fingerprint: string }) => `${new Date(row.computed_at).toISOString()}/${row.fingerprint}`;

/**
 * The stored snapshot of the instance (parsed once per computation and kept in memory), or null
 * before the first computation. Readers share the object: never change it.
 */
export async function readResults(context: ModuleContext<ProposalsConfig>): Promise<EmergenceResults | null> {
  const { db, instance } = context;
  // Only the computation's identity first: the snapshot itself is read when it is not in memory.
  const stored = await db.selectFrom('proposal_results').select(['computed_at', 'fingerprint']).where('instance_id', '=', instance.id).executeTakeFirst();
  if (!stored) return null;
  const key = snapshotKey(stored);
  const cached = parsedSnapshots.get(instance.id);
  if (cached?.key === key) {
    parsedSnapshots.delete(instance.id);
    parsedSnapshots.set(instance.id, cached);
    return cached.results;
  }
  const row = await db
    .selectFrom('proposal_results')
    .select([sql<string>`results::text`.as('results'), 'computed_at', 'fingerprint'])
    .where('instance_id', '=', instance.id)
    .executeTakeFirst();
  if (!row) return null;
  const results = JSON.parse(row.results) as EmergenceResults;
  parsedSnapshots.delete(instance.id);
  parsedSnapshots.set(instance.id, { key: snapshotKey(row), results });
  while (parsedSnapshots.size > cachedSnapshots) parsedSnapshots.delete(parsedSnapshots.keys().next().value!);
  return results;
}
