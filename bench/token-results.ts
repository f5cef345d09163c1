/**
 * How fast a busy token vote answers: its results (ranked totals, voters, gauge medians and
 * counts) for 10,000 voters over 20 items, computed after a change and shared by the readers
 * who ask for the same state, the same split by segment, a participant's voting screen, and one
 * token moved (the ballot lock, the rules, the write and the new ballot).
 *
 *   npx tsx bench/token-results.ts                            # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://… npx tsx bench/token-results.ts  # a real PostgreSQL (own schema)
 */
import { sql } from 'kysely';
import { defaultTokenVoteConfig, type TokenVoteConfig } from '../modules/token-vote/manifest';
import { tokenVoteServer } from '../modules/token-vote/manifest.server';
import type { ModuleContext } from '../platform/modules/server';
import { createTestDatabase } from '../test/database';
import { measure } from './measure';

const voters = 10_000;
const itemCount = 20;
const rounds = 30;
const regions = ['Auvergne-Rhône-Alpes', 'Bretagne', 'Grand Est', 'Hauts-de-France', 'Île-de-France', 'Normandie', 'Occitanie'];

const database = await createTestDatabase();
const { db } = database;
try {
  const { id: organisationId } = await db.insertInto('organisations').values({ slug: 'bench', name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const consultation = await db
    .insertInto('consultations')
    .values({ organisation_id: organisationId, slug: 'bench', question: { fr: 'Banc d’essai ?' }, languages: ['fr'], default_language: 'fr', lifecycle_state: 'prioritisation', phases: ['prioritisation'], segment_fields: ['region'] })
    .returningAll()
    .executeTakeFirstOrThrow();
  const ideas = await db
    .insertInto('ideas')
    .values(Array.from({ length: itemCount }, (_, i) => ({ consultation_id: consultation.id, title: `Idée ${i + 1}`, description: 'Une idée à peser.' })))
    .returning('id')
    .execute();
  const config: TokenVoteConfig = {
    ...defaultTokenVoteConfig,
    items: ideas.map((idea) => ({ kind: 'idea', id: idea.id })),
    gauges: [
      { key: 'a', type: 'numeric', label: { fr: 'Budget' }, min: 0, max: 100_000, step: 1000, unit: { fr: '€' } },
      { key: 'b', type: 'labelled', label: { fr: 'Urgence' }, choices: [{ key: 'a', label: { fr: 'Faible' } }, { key: 'b', label: { fr: 'Moyenne' } }, { key: 'c', label: { fr: 'Forte' } }] },
    ],
    results: 'live',
  };
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'prioritisation', kind: 'token-vote', config: JSON.stringify(config) })
    .returningAll()
    .executeTakeFirstOrThrow();

  const started = performance.now();
  const users: string[] = [];
  for (let i = 0; i < voters; i += 1000) {
    const batch = await db
      .insertInto('users')
      .values(Array.from({ length: 1000 }, (_, j) => ({ email: `voter${i + j}@bench.test`, display_name: `Votant ${i + j}` })))
      .returning('id')
      .execute();
    users.push(...batch.map((user) => user.id));
  }
  // Every voter spends their 5 green tokens over up to 3 items and their 3 red ones on other items,
  // answers both gauges on one item, and gave their region.
  const item = (voter: number, k: number) => ideas[(voter * 7 + k * 3) % itemCount]!.id;
  for (let i = 0; i < voters; i += 500) {
    const slice = users.slice(i, i + 500);
    await db.insertInto('token_ballots').values(slice.map((user_id) => ({ instance_id: instance.id, user_id, voted: true, changes: 8 }))).execute();
    await db
      .insertInto('memberships')
      .values(slice.map((user_id) => ({ consultation_id: consultation.id, user_id, role: 'participant' as const })))
      .execute();
    await db
      .insertInto('participant_segments')
      .values(slice.map((user_id, j) => ({ consultation_id: consultation.id, user_id, field: 'region' as const, value: regions[(i + j) % regions.length]!, consented_at: new Date() })))
      .execute();
    await db
      .insertInto('token_allocations')
      .values(
        slice.flatMap((user_id, j) => {
          const voter = i + j;
          return [
            { instance_id: instance.id, user_id, item_id: item(voter, 0), category_key: 'a', tokens: 3 },
            { instance_id: instance.id, user_id, item_id: item(voter, 1), category_key: 'a', tokens: 2 },
            { instance_id: instance.id, user_id, item_id: item(voter, 2), category_key: 'b', tokens: 1 },
            { instance_id: instance.id, user_id, item_id: item(voter, 3), category_key: 'b', tokens: 1 },
          ];
        }),
      )
      .execute();
    await db
      .insertInto('gauge_votes')
      .values(
        slice.flatMap((user_id, j) => [
          { instance_id: instance.id, user_id, item_id: item(i + j, 0), gauge_key: 'a', value: ((i + j) % 100) * 1000, choice: null },
          { instance_id: instance.id, user_id, item_id: item(i + j, 0), gauge_key: 'b', value: null, choice: 'abc'[(i + j) % 3]! },
        ]),
      )
      .execute();
  }
  await sql`analyze`.execute(db);
  console.log(`inserted ${voters} ballots (${voters * 4} allocations, ${voters * 2} gauge answers) in ${Math.round(performance.now() - started)} ms`);

  const { id: strategist } = await db.insertInto('users').values({ email: 'strategist@bench.test', display_name: 'Stratège' }).returning('id').executeTakeFirstOrThrow();
  const { id: newcomer } = await db.insertInto('users').values({ email: 'newcomer@bench.test', display_name: 'Nouveau' }).returning('id').executeTakeFirstOrThrow();
  const context = (userId: string, role: 'strategist' | 'participant'): ModuleContext<TokenVoteConfig> => ({
    db,
    actor: { userId, isAnonymous: false, isPlatformAdmin: false, roles: new Set([role]) },
    consultation,
    instance: { id: instance.id, phase: 'prioritisation', config, themeId: null },
    open: true,
    locale: 'fr',
    emit: () => {},
  });
  const team = context(strategist, 'strategist');
  const participant = context(newcomer, 'participant');
  const move = (op: 'add' | 'remove') => {
    const form = new FormData();
    form.set('itemId', ideas[0]!.id);
    form.set('category', 'a');
    form.set('op', op);
    return form;
  };
  let flip = false;
  const moveOne = () => tokenVoteServer.actions.tokens!(participant, move((flip = !flip) ? 'add' : 'remove'));
  await measure(
    [
      ['results after a change (computed)', () => tokenVoteServer.page!(team, new URLSearchParams({ view: 'results' })), moveOne],
      ['results, same state (shared)', () => tokenVoteServer.page!(team, new URLSearchParams({ view: 'results' }))],
      ['split by region after a change', () => tokenVoteServer.page!(team, new URLSearchParams({ view: 'results', segment: 'region' })), moveOne],
      ['voting screen of a participant', () => tokenVoteServer.page!(participant, new URLSearchParams())],
      ['one token moved (add or remove)', moveOne],
    ],
    rounds,
  );
} finally {
  await database.close();
}
