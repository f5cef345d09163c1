/**
 * How fast the fair sequence serves a stack of cards in a large consultation: 30,000 accepted
 * proposals from 500 authors (a tenth of them still new), a participant who already voted on
 * 1,000 of them; and one vote cast (the vote row, its counters, in one transaction).
 *
 *   npx tsx bench/proposal-sequence.ts                            # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://… npx tsx bench/proposal-sequence.ts  # a real PostgreSQL (own schema)
 */
import { sql } from 'kysely';
import { defaultProposalsConfig, type ProposalsConfig } from '../modules/proposals/manifest';
import { castVote } from '../modules/proposals/participation.server';
import { nextProposalsFor } from '../modules/proposals/sequence.server';
import { insertProposals } from '../modules/proposals/test-factories';
import { cardKey } from '../platform/auth/card-keys.server';
import type { ModuleContext } from '../platform/modules/server';
import { createTestDatabase } from '../test/database';
import { measure } from './measure';

const proposals = 30_000;
const rounds = 30;

const database = await createTestDatabase();
const { db } = database;
try {
  const { id: organisationId } = await db.insertInto('organisations').values({ slug: 'bench', name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const consultation = await db
    .insertInto('consultations')
    .values({ organisation_id: organisationId, slug: 'bench', question: { fr: 'Banc d’essai ?' }, languages: ['fr'], default_language: 'fr', lifecycle_state: 'ideation', phases: ['ideation'] })
    .returningAll()
    .executeTakeFirstOrThrow();
  const config: ProposalsConfig = defaultProposalsConfig;
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'ideation', kind: 'proposals', config: JSON.stringify(config) })
    .returningAll()
    .executeTakeFirstOrThrow();
  const authors = await db
    .insertInto('users')
    .values(Array.from({ length: 500 }, (_, i) => ({ email: `author${i}@bench.test`, display_name: `Auteur ${i}` })))
    .returning('id')
    .execute();
  const { id: reader } = await db.insertInto('users').values({ email: 'reader@bench.test', display_name: 'Lecteur' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ consultation_id: consultation.id, user_id: reader, role: 'participant' }).execute();

  const started = performance.now();
  const ids = await insertProposals(
    db,
    instance.id,
    consultation.id,
    Array.from({ length: proposals }, (_, index) => ({
      body: `proposition numéro ${index} pour que chacun ait sa chance`,
      authorId: authors[index % authors.length]!.id,
      sequenceVotes: index % 10 === 0 ? 3 : 40 + (index % 50),
      agree: 20 + (index % 17),
      disagree: 20 - (index % 13),
      neutral: index % 7,
      createdAt: new Date(Date.UTC(2026, 0, 1) + index * 1000),
    })),
  );
  for (let i = 0; i < 1000; i += 500) {
    await db
      .insertInto('proposal_votes')
      .values(ids.slice(i, i + 500).map((id) => ({ proposal_id: id, user_id: reader, vote: 'agree' as const, source: 'sequence' as const, trusted: true })))
      .execute();
  }
  await sql`analyze`.execute(db);
  console.log(`inserted ${proposals} proposals and 1,000 of the reader's votes in ${Math.round(performance.now() - started)} ms`);

  const context: ModuleContext<ProposalsConfig> = {
    db,
    actor: { userId: reader, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['participant']) },
    consultation,
    instance: { id: instance.id, phase: 'ideation', config, themeId: null },
    open: true,
    locale: 'fr',
    emit: () => {},
  };
  let target = 1000;
  const vote = async () => {
    const proposalId = ids[target++]!;
    const form = new FormData();
    form.set('proposalId', proposalId);
    form.set('vote', target % 3 === 0 ? 'disagree' : 'agree');
    form.set('source', 'sequence');
    form.set('key', await cardKey(db, proposalId, reader));
    return castVote(context, form);
  };
  await measure(
    [
      ['a stack of 12 cards', () => nextProposalsFor(context)],
      ['one vote cast (with its counters)', vote],
    ],
    rounds,
  );
} finally {
  await database.close();
}
