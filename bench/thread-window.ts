/**
 * How fast a thread of 10,000 posts opens: the thread page's data (first window, a jump to a
 * deep post by link, the next window, the reader's "new since last visit") and the catch-up a
 * browser asks for when it comes back online.
 *
 *   npx tsx bench/thread-window.ts                      # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://… npx tsx bench/thread-window.ts   # a real PostgreSQL (own schema)
 *
 * Posts are inserted in bulk (the shape a real thread takes: 2,000 conversations with replies
 * nested up to 6 deep), with the same sort paths as writePost gives them.
 */
import { sql } from 'kysely';
import { threadServer } from '../modules/thread/manifest.server';
import type { ThreadConfig } from '../modules/thread/manifest';
import type { ModuleContext } from '../platform/modules/server';
import { renderRichText, plainTextToDoc } from '../platform/rich-text/rich-text.server';
import { createTestDatabase } from '../test/database';
import { measure } from './measure';

const totalPosts = 10_000;
const rounds = 30;

const database = await createTestDatabase();
const { db } = database;
try {
  const { id: organisationId } = await db.insertInto('organisations').values({ slug: 'bench', name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const consultation = await db
    .insertInto('consultations')
    .values({ organisation_id: organisationId, slug: 'bench', question: { fr: 'Banc d’essai ?' }, languages: ['fr'], default_language: 'fr', lifecycle_state: 'ideation' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'ideation', kind: 'thread', config: JSON.stringify({ title: {} }) })
    .returningAll()
    .executeTakeFirstOrThrow();
  const authors = await db
    .insertInto('users')
    .values(Array.from({ length: 200 }, (_, i) => ({ email: `reader${i}@bench.test`, display_name: `Lecteur ${i}` })))
    .returning('id')
    .execute();
  const reader = authors[0]!.id;

  const doc = plainTextToDoc('Il faudrait des transports en commun réguliers entre les villages et la gare la plus proche, le matin et le soir.\n\nEt un service à la demande le reste de la journée.');
  const html = renderRichText(doc);
  const started = performance.now();
  type Row = { id: string; path: string; depth: number };
  let seq = 0;
  const rows: { id: string; parent_id: string | null; depth: number; seq: number; sort_path: string }[] = [];
  const open: Row[] = [];
  while (rows.length < totalPosts) {
    seq++;
    // One post in five starts a conversation; the others answer a recent post, up to 6 deep.
    const parent = seq % 5 === 1 || open.length === 0 ? null : open[(seq * 7919) % open.length]!;
    const id = crypto.randomUUID();
    const path = (parent ? `${parent.path}/` : '') + String(seq).padStart(12, '0');
    const depth = parent ? parent.depth + 1 : 0;
    rows.push({ id, parent_id: parent?.id ?? null, depth, seq, sort_path: path });
    if (depth < 6) open.push({ id, path, depth });
    if (open.length > 50) open.shift();
  }
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('posts')
      .values(
        rows.slice(i, i + 500).map((row, j) => ({
          ...row,
          consultation_id: consultation.id,
          instance_id: instance.id,
          author_id: authors[(i + j) % authors.length]!.id,
          body: JSON.stringify(doc),
          body_html: html,
          body_text: 'Il faudrait des transports en commun réguliers.',
          status: 'published' as const,
          published_at: new Date(),
        })),
      )
      .execute();
  }
  await sql`select setval('post_order', ${seq})`.execute(db);
  await db.insertInto('post_reactions').values(rows.slice(0, 3000).map((row, i) => ({ post_id: row.id, user_id: authors[i % authors.length]!.id, kind: 'like' as const }))).execute();
  await sql`analyze`.execute(db);
  console.log(`inserted ${rows.length} posts in ${Math.round(performance.now() - started)} ms`);

  const context: ModuleContext<ThreadConfig> = {
    db,
    actor: { userId: reader, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['participant']) },
    consultation,
    instance: { id: instance.id, phase: 'ideation', config: { title: {} }, themeId: null },
    open: true,
    locale: 'fr',
    emit: () => {},
  };
  const deep = rows.filter((row) => row.depth >= 4)[Math.floor(rows.length / 40)]!;
  const middle = rows[Math.floor(rows.length / 2)]!;
  const cases: [string, () => Promise<unknown>][] = [
    ['first window (page data)', () => threadServer.page!(context, new URLSearchParams())],
    ['jump to a deep post by link', () => threadServer.page!(context, new URLSearchParams({ post: deep.id }))],
    ['window after the middle of the thread', () => threadServer.page!(context, new URLSearchParams({ after: middle.sort_path }))],
    ['catch-up after 100 changes', () => threadServer.changesSince!(context, String(Number(rows.length) - 100))],
  ];
  await measure(cases, rounds);
} finally {
  await database.close();
}
