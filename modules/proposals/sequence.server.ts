import { sql } from 'kysely';
import { cardKey } from '../../platform/auth/card-keys.server';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import type { ModuleContext } from '../../platform/modules/server';
import { ModuleInputError } from '../../platform/modules/errors';
import { can } from '../../platform/policy';
import type { ProposalsConfig } from './manifest';
import { selectCards, type Random, type SelectedCard, type SequenceCandidate } from './sequence';
import type { SequenceCard, SequenceData, SequenceSource } from './sequence-data';

/*
 * The fair sequence on the server: loads the instance's accepted proposals that the reader may
 * still be shown, lets sequence.ts choose the stack, and gives each card its text and its key.
 * Two queries whatever the pool's size (the candidates' counters, then the texts of the dozen
 * chosen), plus the count of the reader's votes for the page.
 */

type Context = ModuleContext<ProposalsConfig>;

const sources: readonly SequenceSource[] = ['sequence', 'widget'];

/** The reader may vote now: only then are cards given keys. */
const mayVote = ({ open, actor, consultation }: Context) => open && actor.userId !== null && can(actor, 'votes.cast', consultation);

/** One candidate as the pool query sends it: id, author, idea, created (ms), sequence votes, agree, disagree, neutral. */
type PoolRow = [string, string | null, string | null, number, number, number, number, number];

/**
 * The counters of every accepted proposal the reader may be shown: not past the cap, not
 * theirs, not voted by them. Only the columns the choice needs, since a consultation may hold
 * tens of thousands of proposals, and in one JSON value: decoding 30,000 rows one by one took
 * about 1 s on the embedded database, one JSON array about 0.2 s (and as long on PostgreSQL).
 *
 * The reader's votes are left out with `id not in (their votes)`, which PostgreSQL runs as one
 * hashed subplan whatever its statistics; a NOT EXISTS was planned as a nested loop on the
 * embedded database (no autovacuum, so no statistics) and took 5 s for a reader with 1,000
 * votes among 30,000 proposals. `not in` is safe here: proposal_id is never null.
 */
async function candidatePool({ db, instance, actor }: Context): Promise<SequenceCandidate[]> {
  const userId = actor.userId;
  const { rows } = await db
    .selectFrom('proposals as p')
    .select(sql<PoolRow[] | string | null>`json_agg(json_build_array(p.id, p.author_id, p.idea_id, extract(epoch from p.created_at) * 1000, p.sequence_votes, p.agree, p.disagree, p.neutral))`.as('rows'))
    .where('p.instance_id', '=', instance.id)
    .where('p.status', '=', 'accepted')
    .where(sql<number>`p.agree + p.disagree + p.neutral`, '<=', instance.config.sequence.cap)
    .$if(userId !== null, (query) =>
      query
        .where((eb) => eb.or([eb('p.author_id', 'is', null), eb('p.author_id', '<>', userId!)]))
        .where('p.id', 'not in', (eb) => eb.selectFrom('proposal_votes as v').select('v.proposal_id').where('v.user_id', '=', userId!)),
    )
    .executeTakeFirstOrThrow();
  const pool: PoolRow[] = typeof rows === 'string' ? JSON.parse(rows) : (rows ?? []);
  return pool.map(([id, authorId, ideaId, createdAt, sequenceVotes, agree, disagree, neutral]) => ({ id, authorId, ideaId, createdAt: Number(createdAt), sequenceVotes, agree, disagree, neutral }));
}

async function votedCount({ db, instance, actor }: Context): Promise<number> {
  if (actor.userId === null) return 0;
  const { count } = await db
    .selectFrom('proposal_votes as v')
    .innerJoin('proposals as p', 'p.id', 'v.proposal_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('v.user_id', '=', actor.userId)
    .where('p.instance_id', '=', instance.id)
    .where('p.status', '=', 'accepted')
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The chosen proposals with their text (prefix in the proposal's language, theme in the reader's), in the stack's order. */
async function cardsOf(context: Context, chosen: SelectedCard[]): Promise<SequenceCard[]> {
  if (chosen.length === 0) return [];
  const { db, actor, instance, consultation, locale } = context;
  const rows = await db
    .selectFrom('proposals as p')
    .leftJoin('themes as t', 't.id', 'p.theme_id')
    .select(['p.id', 'p.body', 'p.language', 't.title as themeTitle'])
    .where(
      'p.id',
      'in',
      chosen.map((card) => card.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const withKeys = mayVote(context);
  const cards: SequenceCard[] = [];
  for (const { id } of chosen) {
    const row = byId.get(id);
    if (!row) continue;
    cards.push({
      id,
      key: withKeys ? await cardKey(db, id, actor.userId!) : null,
      prefix: pickLanguage(instance.config.prefix, row.language, consultation.default_language).text,
      body: row.body,
      lang: row.language,
      theme: row.themeTitle ? pickLanguage(row.themeTitle as LocalizedText, locale, consultation.default_language).text : null,
    });
  }
  return cards;
}

/**
 * The next stack of cards for the reader (issue #8, "the fair sequence"): about 30% new
 * proposals, the rest tested ones chosen by Thompson sampling, never one they voted or wrote,
 * one per author and per duplicate group (see selectCards). `random` is for tests.
 */
export async function nextProposalsFor(context: Context, random: Random = Math.random): Promise<SequenceCard[]> {
  const pool = await candidatePool(context);
  const chosen = selectCards(pool, { userId: context.actor.userId, voted: new Set() }, context.instance.config.sequence, random);
  const cards = await cardsOf(context, chosen);
  await countImpressions(context, cards);
  return cards;
}

/**
 * Each served card counts once in its proposal's impressions (how often it was shown, in the
 * results), in one statement for the stack. Not `updated_at`: being seen changes nothing else.
 */
async function countImpressions({ db, instance }: Context, cards: SequenceCard[]): Promise<void> {
  if (cards.length === 0) return;
  await db
    .updateTable('proposals')
    .set((eb) => ({ impressions: eb('impressions', '+', 1) }))
    .where('instance_id', '=', instance.id)
    .where(
      'id',
      'in',
      cards.map((card) => card.id),
    )
    .execute();
}

/** The card stack's data: a stack for the reader, shown in the sequence or in the embedded widget. */
export async function sequenceFor(context: Context, source: SequenceSource): Promise<SequenceData> {
  const [cards, voted] = await Promise.all([nextProposalsFor(context), votedCount(context)]);
  return { cards, source, exhausted: cards.length === 0, voted };
}

/** "Another stack" (intent `next`, `source`: 'sequence' or 'widget'), once the reader went through one. */
export async function nextStack(context: Context, form: FormData): Promise<SequenceData> {
  const given = form.get('source');
  const source = (typeof given === 'string' && given !== '' ? given : 'sequence') as SequenceSource;
  if (!sources.includes(source)) throw new ModuleInputError('source', 'source.unknown');
  return sequenceFor(context, source);
}
