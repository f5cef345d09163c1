/**
 * How long the emergence of a large massive consultation takes to recompute, and how fast its
 * results are read: 1,000 accepted proposals of planted kinds (consensus, controversy with two
 * camps, rejection, limbo, mixed), 50,000 voters and 1,000,000 trusted votes (20 per voter,
 * a third of them qualified), each vote with its voter's region (13 metropolitan regions), age
 * band and recruitment source. Measured: a full refresh (load, compute, store, apart) and the
 * longest the event loop was held during it (the computation runs in a worker thread), the
 * public results page's data read while a refresh runs, a refresh when nothing changed (the
 * fingerprint), the snapshot's first and later reads, and the results page's data (public and
 * dashboard).
 *
 *   npx tsx bench/emergence.ts                            # embedded PGlite (in memory), 1,000,000 votes
 *   npx tsx bench/emergence.ts 100000                     # fewer votes (5,000 voters)
 *   DATABASE_URL=postgres://… npx tsx bench/emergence.ts  # a real PostgreSQL (own schema)
 */
import { sql } from 'kysely';
import { defaultProposalsConfig, defaultResultsConfig, type ProposalsConfig } from '../modules/proposals/manifest';
import { resultsPage } from '../modules/proposals/results-page.server';
import { fingerprintOf, readResults, refreshResults, stopResultsWorker, type RefreshTimings } from '../modules/proposals/results.server';
import type { ModuleContext } from '../platform/modules/server';
import { createTestDatabase } from '../test/database';
import { measure } from './measure';

const votesPerVoter = 20;
const proposals = 1000;
const totalVotes = Number(process.argv[2] ?? 1_000_000);
const voters = Math.round(totalVotes / votesPerVoter);
const refreshRounds = 3;
const readRounds = 20;
const regions = [
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Corse',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  "Provence-Alpes-Côte d'Azur",
];

/** Watches the event loop with a 5 ms timer; stop() gives the longest time it was held at once (ms). */
function watchEventLoop(): { stop(): number } {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

const database = await createTestDatabase();
const { db } = database;
try {
  const { id: organisationId } = await db.insertInto('organisations').values({ slug: 'bench', name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const consultation = await db
    .insertInto('consultations')
    .values({ organisation_id: organisationId, slug: 'bench', question: { fr: 'Banc d’essai ?' }, languages: ['fr'], default_language: 'fr', lifecycle_state: 'ideation', phases: ['ideation'], segment_fields: ['region', 'age_band'] })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Live results: participants read them while the phase runs (the public page is measured).
  const config: ProposalsConfig = { ...defaultProposalsConfig, results: { ...defaultResultsConfig, visibility: 'live' } };
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'ideation', kind: 'proposals', config: JSON.stringify(config) })
    .returningAll()
    .executeTakeFirstOrThrow();

  // Generated in SQL: a million rows sent from JavaScript would take longer than what is measured.
  const started = performance.now();
  // Pseudonyms given: the default (8 random hex digits) collides among tens of thousands of users.
  await sql`insert into users (email, display_name, pseudonym) select 'voter' || g || '@bench.test', 'Votant ' || g, 'B-' || g from generate_series(1, ${voters}::int) g`.execute(db);
  await sql`
    insert into proposals (consultation_id, instance_id, body, original_body, language, status, moderated_at, created_at)
    select ${consultation.id}::uuid, ${instance.id}::uuid, b, b, 'fr', 'accepted', now(), now() - (g || ' minutes')::interval
    from generate_series(0, ${proposals - 1}::int) g, lateral (select 'proposition numéro ' || g || ' pour que chacun ait sa chance' as b) t`.execute(db);
  // Each voter votes on 20 distinct proposals (53 is prime to 1,000); the proposal's kind (its
  // number modulo 5) sets the chances: consensus 80/10/10, controversy 85/10/5 for one camp and
  // 5/85/10 for the other, rejection 15/75/10, limbo 20/20/60, mixed 50/20/30 (agree/disagree/neutral).
  await sql`
    with p as (select id, row_number() over (order by created_at desc, id) - 1 as n from proposals where instance_id = ${instance.id}::uuid),
    u as (select id, row_number() over (order by email) - 1 as n from users where email like '%@bench.test'),
    drawn as (
      select p.id as proposal_id, u.id as user_id, u.n as voter, p.n % 5 as kind, abs(hashtext(u.n || ':' || p.n)) % 100 as r, abs(hashtext(p.n || '/' || u.n)) % 3 as q
      from u cross join generate_series(0, ${votesPerVoter - 1}::int) k join p on p.n = (u.n * 37 + k * 53) % ${proposals}::int
    ),
    voted as (
      select *, case
        when kind = 0 then case when r < 80 then 'agree' when r < 90 then 'disagree' else 'neutral' end
        when kind = 1 and voter % 2 = 0 then case when r < 85 then 'agree' when r < 95 then 'disagree' else 'neutral' end
        when kind = 1 then case when r < 5 then 'agree' when r < 90 then 'disagree' else 'neutral' end
        when kind = 2 then case when r < 15 then 'agree' when r < 90 then 'disagree' else 'neutral' end
        when kind = 3 then case when r < 20 then 'agree' when r < 40 then 'disagree' else 'neutral' end
        else case when r < 50 then 'agree' when r < 70 then 'disagree' else 'neutral' end
      end as vote
      from drawn
    )
    insert into proposal_votes (proposal_id, user_id, vote, qualifications, source, trusted, segments)
    select proposal_id, user_id, vote,
      case when q = 0 and vote = 'agree' then array['likeIt', 'doable'] when q = 0 and vote = 'disagree' then array['noWay'] else array[]::text[] end,
      'sequence', true,
      jsonb_build_object('region', (${regions}::text[])[voter % 13 + 1], 'age_band', (array['18-24', '25-34', '35-49', '50-64', '65+'])[voter % 5 + 1], 'source', (array['newsletter', 'presse', 'réseaux sociaux'])[voter % 3 + 1])
    from voted`.execute(db);
  // The counters every vote moves (participation.server.ts keeps them in step when voting).
  await sql`
    update proposals p set agree = c.agree, disagree = c.disagree, neutral = c.neutral, sequence_votes = c.total,
      qualifications = jsonb_build_object('likeIt', c.liked, 'doable', c.liked, 'noWay', c.noway), impressions = c.total + 7
    from (
      select proposal_id, count(*) filter (where vote = 'agree') as agree, count(*) filter (where vote = 'disagree') as disagree,
        count(*) filter (where vote = 'neutral') as neutral, count(*) as total,
        count(*) filter (where 'likeIt' = any(qualifications)) as liked, count(*) filter (where 'noWay' = any(qualifications)) as noway
      from proposal_votes group by proposal_id
    ) c where c.proposal_id = p.id`.execute(db);
  await sql`analyze`.execute(db);
  const { count } = await db.selectFrom('proposal_votes').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  console.log(`inserted ${proposals} proposals, ${voters} voters and ${Number(count)} votes in ${Math.round(performance.now() - started)} ms`);

  const target = { id: instance.id, consultationId: consultation.id, config };
  const context = (roles: ('strategist' | 'participant')[]): ModuleContext<ProposalsConfig> => ({
    db,
    actor: { userId: null, isAnonymous: false, isPlatformAdmin: false, roles: new Set(roles) },
    consultation,
    instance: { id: instance.id, phase: 'ideation', config, themeId: null },
    open: true,
    locale: 'fr',
    emit: () => {},
  });

  // A full refresh, its parts apart: forced, since nothing changes between rounds. Meanwhile a
  // 5 ms timer tells how long the event loop was held at once: what a request would have waited.
  const parts: RefreshTimings[] = [];
  const totals: number[] = [];
  const stalls: number[] = [];
  for (let round = 0; round < refreshRounds; round++) {
    const watch = watchEventLoop();
    const t0 = performance.now();
    await refreshResults(db, target, { force: true, onTimings: (timings) => parts.push(timings) });
    totals.push(performance.now() - t0);
    stalls.push(watch.stop());
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  console.log(`${refreshRounds} full refreshes (forced)`);
  console.log(`${'full refresh'.padEnd(40)} median ${median(totals).toFixed(0)} ms (${totals.map((t) => t.toFixed(0)).join(', ')})`);
  for (const part of ['loadMs', 'computeMs', 'storeMs'] as const) {
    console.log(`${`  ${part.replace('Ms', '')}`.padEnd(40)} median ${median(parts.map((timing) => timing[part])).toFixed(0)} ms`);
  }
  console.log(`${'  longest event-loop stall'.padEnd(40)} median ${median(stalls).toFixed(0)} ms (${stalls.map((t) => t.toFixed(0)).join(', ')})`);
  const { size } = await sql<{ size: string }>`select pg_column_size(results) as size from proposal_results where instance_id = ${instance.id}::uuid`.execute(db).then(({ rows }) => rows[0]!);
  const { length } = await sql<{ length: string }>`select length(results::text) as length from proposal_results where instance_id = ${instance.id}::uuid`.execute(db).then(({ rows }) => rows[0]!);
  console.log(`stored snapshot: ${(Number(length) / 1048576).toFixed(1)} MiB of JSON, ${(Number(size) / 1048576).toFixed(1)} MiB stored`);

  const results = (await readResults(context(['participant'])))!;
  console.log(`zones: ${JSON.stringify(results.zoneCounts)}; groups: ${results.groups ? `k = ${results.groups.k}, sizes ${results.groups.groups.map((group) => group.size).join('/')}` : results.groupsAbsence?.reason}`);

  // The public page's data, read again and again while a forced refresh runs (its end included:
  // the first read of the new computation parses it).
  {
    const times: number[] = [];
    let done = false;
    const refresh = refreshResults(db, target, { force: true }).finally(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      await resultsPage(context(['participant']), new URLSearchParams(), 'results');
      times.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await refresh;
    const t0 = performance.now();
    await resultsPage(context(['participant']), new URLSearchParams(), 'results');
    console.log(`${'results page data during a refresh'.padEnd(40)} median ${median(times).toFixed(1)} ms   p95 ${percentile(times, 0.95).toFixed(1)} ms   max ${Math.max(...times).toFixed(1)} ms (${times.length} reads)`);
    console.log(`${'  the first read after it (parses it)'.padEnd(40)} ${(performance.now() - t0).toFixed(1)} ms`);
  }

  await measure(
    [
      ['no-change refresh: the fingerprint', () => fingerprintOf(db, target)],
      // A new computed_at makes the next read a first one (the parsed snapshot is per computation).
      ['readResults, first read of a computation', () => readResults(context(['participant'])), () => sql`update proposal_results set computed_at = computed_at + interval '1 millisecond'`.execute(db)],
      ['readResults, cached', () => readResults(context(['participant']))],
      ['results page data (public)', () => resultsPage(context(['participant']), new URLSearchParams(), 'results')],
      ['results page data (dashboard overview)', () => resultsPage(context(['strategist']), new URLSearchParams(), 'dashboard')],
      ['results page data (dashboard segments)', () => resultsPage(context(['strategist']), new URLSearchParams({ tab: 'segments' }), 'dashboard')],
      ['results page data (dashboard groups)', () => resultsPage(context(['strategist']), new URLSearchParams({ tab: 'groups' }), 'dashboard')],
    ],
    readRounds,
  );
  console.log(`peak rss: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
} finally {
  await stopResultsWorker();
  await database.close();
}
