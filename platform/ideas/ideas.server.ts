import type { Kysely, Transaction } from 'kysely';
import type { Database, ExtractNature, ExtractNextStep } from '../db/schema';

/*
 * Ideas, and the extracts that are their sources. Ideas are shared by every phase (deepening
 * and prioritisation work on them), so they live here; the module a passage comes from catches
 * it with `catchExtract` and keeps its own posts.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface NewIdea {
  title: string;
  description: string;
  themeId: string | null;
  parentId: string | null;
}

/** Why an idea cannot be saved as asked. */
export type IdeaProblem = 'unknownIdea' | 'unknownParent' | 'unknownTheme' | 'cycle';

export async function createIdea(db: Db, consultationId: string, idea: NewIdea, createdBy: string | null): Promise<string | IdeaProblem> {
  const problem = await checkPlacement(db, consultationId, { themeId: idea.themeId, parentId: idea.parentId, ideaId: null });
  if (problem) return problem;
  const { id } = await db
    .insertInto('ideas')
    .values({ consultation_id: consultationId, title: idea.title, description: idea.description, theme_id: idea.themeId, parent_id: idea.parentId, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Moves an idea under a broader one (or to the top level with null); refuses cycles. Moves in
 * one consultation take turns (its ideas are locked): two catchers moving A under B and B under
 * A at the same moment cannot make a loop.
 */
export async function setIdeaParent(db: Kysely<Database>, consultationId: string, ideaId: string, parentId: string | null): Promise<IdeaProblem | null> {
  return db.transaction().execute(async (trx) => {
    const ideas = await trx.selectFrom('ideas').select('id').where('consultation_id', '=', consultationId).forUpdate().execute();
    if (!ideas.some((idea) => idea.id === ideaId)) return 'unknownIdea';
    const problem = await checkPlacement(trx, consultationId, { themeId: null, parentId, ideaId });
    if (problem) return problem;
    await trx.updateTable('ideas').set({ parent_id: parentId, updated_at: new Date() }).where('id', '=', ideaId).execute();
    return null;
  });
}

async function checkPlacement(db: Db, consultationId: string, { themeId, parentId, ideaId }: { themeId: string | null; parentId: string | null; ideaId: string | null }): Promise<IdeaProblem | null> {
  if (themeId) {
    const theme = await db.selectFrom('themes').select('id').where('id', '=', themeId).where('consultation_id', '=', consultationId).executeTakeFirst();
    if (!theme) return 'unknownTheme';
  }
  // Walk up from the new parent: meeting the idea itself (or any idea twice) would make a loop.
  const seen = new Set<string>();
  let current = parentId;
  while (current) {
    if (current === ideaId || seen.has(current)) return 'cycle';
    seen.add(current);
    const parent = await db.selectFrom('ideas').select('parent_id').where('id', '=', current).where('consultation_id', '=', consultationId).executeTakeFirst();
    if (!parent) return 'unknownParent';
    current = parent.parent_id;
  }
  return null;
}

export async function ideaExists(db: Db, consultationId: string, ideaId: string): Promise<boolean> {
  const row = await db.selectFrom('ideas').select('id').where('id', '=', ideaId).where('consultation_id', '=', consultationId).executeTakeFirst();
  return Boolean(row);
}

export interface NewExtract {
  ideaId: string;
  postId: string;
  quote: string;
  nature: ExtractNature;
  nextStep: ExtractNextStep;
  important: boolean;
}

export async function insertExtract(db: Db, consultationId: string, extract: NewExtract, caughtBy: string): Promise<string> {
  const { id } = await db
    .insertInto('extracts')
    .values({
      consultation_id: consultationId,
      idea_id: extract.ideaId,
      post_id: extract.postId,
      quote: extract.quote,
      nature: extract.nature,
      next_step: extract.nextStep,
      important: extract.important,
      caught_by: caughtBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The caught passages of some posts, with their ideas' titles. */
export async function extractsOfPosts(db: Db, postIds: readonly string[]) {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('extracts')
    .innerJoin('ideas', 'ideas.id', 'extracts.idea_id')
    .select(['extracts.id', 'extracts.post_id', 'extracts.quote', 'extracts.idea_id', 'ideas.title as idea_title'])
    .where('extracts.post_id', 'in', postIds)
    .orderBy('extracts.created_at')
    .execute();
}

export interface IdeaSummary {
  id: string;
  parentId: string | null;
  title: string;
  themeId: string | null;
  extracts: number;
  important: number;
}

/** Every idea of a consultation with its number of extracts, for the table of ideas. */
export async function ideasOf(db: Db, consultationId: string): Promise<IdeaSummary[]> {
  const rows = await db
    .selectFrom('ideas')
    .leftJoin('extracts', 'extracts.idea_id', 'ideas.id')
    .select((eb) => [
      'ideas.id',
      'ideas.parent_id',
      'ideas.title',
      'ideas.theme_id',
      eb.fn.count<string>('extracts.id').as('extracts'),
      eb.fn.count<string>('extracts.id').filterWhere('extracts.important', '=', true).as('important'),
    ])
    .where('ideas.consultation_id', '=', consultationId)
    .groupBy('ideas.id')
    .orderBy('ideas.created_at')
    .execute();
  return rows.map((row) => ({ id: row.id, parentId: row.parent_id, title: row.title, themeId: row.theme_id, extracts: Number(row.extracts), important: Number(row.important) }));
}

/** One idea with its extracts, each with what is needed to link back to its passage. */
export async function ideaWithExtracts(db: Db, consultationId: string, ideaId: string) {
  const idea = await db.selectFrom('ideas').selectAll().where('id', '=', ideaId).where('consultation_id', '=', consultationId).executeTakeFirst();
  if (!idea) return null;
  const [extracts, children, parent] = await Promise.all([
    db
      .selectFrom('extracts')
      .leftJoin('posts', 'posts.id', 'extracts.post_id')
      .leftJoin('users', 'users.id', 'posts.author_id')
      .select([
        'extracts.id',
        'extracts.quote',
        'extracts.nature',
        'extracts.next_step',
        'extracts.important',
        'extracts.created_at',
        'extracts.post_id',
        'posts.instance_id',
        'posts.status as post_status',
        'posts.created_at as post_created_at',
        'users.display_name',
        'users.pseudonym',
        'users.is_anonymous',
      ])
      .where('extracts.idea_id', '=', ideaId)
      .orderBy('extracts.important', 'desc')
      .orderBy('extracts.created_at')
      .execute(),
    db.selectFrom('ideas').select(['id', 'title']).where('parent_id', '=', ideaId).orderBy('created_at').execute(),
    idea.parent_id ? db.selectFrom('ideas').select(['id', 'title']).where('id', '=', idea.parent_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return { idea, extracts, children, parent: parent ?? null };
}
