import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { assessLanguage, flagsOf, suggestTheme, type ThemeText } from './assistance';
import type { Assistance, DuplicateCandidate } from './moderation-data';

/*
 * The part of the moderators' assistance that needs the database: existing proposals that look
 * like the one being moderated (pg_trgm trigram similarity, served by the proposals_body_trgm
 * index), and the assembly of every suggestion shown beside a proposal.
 */

/** Below this similarity two proposals rarely say the same thing (pg_trgm's own default). */
export const duplicateThreshold = 0.3;
const duplicateCount = 5;

/**
 * Accepted or pending proposals of the instance whose text looks like `body`, most similar
 * first, `proposalId` itself left out.
 */
export async function duplicateCandidates(db: Kysely<Database>, instanceId: string, proposal: { id: string; body: string }): Promise<DuplicateCandidate[]> {
  const rows = await db
    .selectFrom('proposals')
    .select(['id', 'body', 'status', 'idea_id', sql<number>`similarity(body, ${proposal.body})`.as('score')])
    .where('instance_id', '=', instanceId)
    .where('id', '<>', proposal.id)
    .where('status', 'in', ['accepted', 'pending'])
    // `%` lets PostgreSQL use the trigram index (its threshold is pg_trgm's, 0.3 by default);
    // the explicit bound keeps the answer the same whatever that setting says.
    .where(sql<boolean>`body % ${proposal.body}`)
    .where(sql<number>`similarity(body, ${proposal.body})`, '>=', duplicateThreshold)
    .orderBy('score', 'desc')
    .orderBy('created_at')
    .limit(duplicateCount)
    .execute();
  return rows.map((row) => ({ id: row.id, body: row.body, status: row.status, ideaId: row.idea_id, score: Math.round(Number(row.score) * 100) / 100 }));
}

/** The consultation's themes with their texts in every language, for theme suggestions. */
export async function themeTexts(db: Kysely<Database>, consultationId: string): Promise<ThemeText[]> {
  const rows = await db.selectFrom('themes').select(['id', 'title', 'description']).where('consultation_id', '=', consultationId).orderBy('position').orderBy('created_at').execute();
  return rows.map((row) => ({ id: row.id, title: row.title, description: row.description ?? {} }));
}

/** Everything the machine suggests beside one proposal. */
export async function assistanceFor(
  db: Kysely<Database>,
  { instanceId, languages, themes }: { instanceId: string; languages: readonly string[]; themes: readonly ThemeText[] },
  proposal: { id: string; body: string; language: string },
): Promise<Assistance> {
  const language = assessLanguage(proposal.body, proposal.language, languages);
  return {
    duplicates: await duplicateCandidates(db, instanceId, proposal),
    language,
    flags: flagsOf(proposal.body, languages, language.detected),
    suggestedThemeId: suggestTheme(proposal.body, themes),
  };
}
