import type { Kysely } from 'kysely';
import { catchPassage, writePost } from '../platform/contributions/posts.server';
import type { ThreadConfig } from '../modules/thread/manifest';
import type { Database } from '../platform/db/schema';
import type { ModuleContext } from '../platform/modules/server';
import type { Actor } from '../platform/policy';
import type { ConsultationRole } from '../platform/roles';
import { demoAuthors, demoCatches, demoThreads, type DemoAuthor, type DemoPost } from './conversations';


/**
 * Writes the demo conversations into the ideation threads of a consultation, through the thread
 * module's own functions, then catches the demo passages into ideas.
 */
export async function seedConversations(db: Kysely<Database>, slug: string): Promise<void> {
  const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const threads = await db
    .selectFrom('module_instances')
    .innerJoin('themes', 'themes.id', 'module_instances.theme_id')
    .select(['module_instances.id', 'module_instances.phase', 'module_instances.config', 'module_instances.theme_id', 'themes.slug as theme'])
    .where('module_instances.consultation_id', '=', consultation.id)
    .where('module_instances.kind', '=', 'thread')
    .execute();

  const actors = new Map<DemoAuthor | 'catcher', Actor>();
  const enrol = async (key: DemoAuthor | 'catcher', user: { name: string; email: string | null; anonymous: boolean }, role: ConsultationRole) => {
    const { id } = await db
      .insertInto('users')
      .values({ email: user.email, display_name: user.name, is_anonymous: user.anonymous, preferred_language: 'fr' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ consultation_id: consultation.id, user_id: id, role, source: 'demo' }).execute();
    actors.set(key, { userId: id, isAnonymous: user.anonymous, isPlatformAdmin: false, roles: new Set([role]) });
  };
  for (const [key, author] of Object.entries(demoAuthors) as [DemoAuthor, (typeof demoAuthors)[DemoAuthor]][]) {
    await enrol(key, { name: author.name, email: author.anonymous ? null : `${key}@demo.plenum.test`, anonymous: author.anonymous ?? false }, author.role);
  }
  // Demo accounts have no password: nobody signs in as them.
  await enrol('catcher', { name: 'Léa Capteuse', email: 'catcher@demo.plenum.test', anonymous: false }, 'idea_catcher');

  const contextFor = (thread: (typeof threads)[number], actor: Actor): ModuleContext<ThreadConfig> => ({
    db,
    actor,
    consultation,
    instance: { id: thread.id, phase: thread.phase, config: thread.config as ThreadConfig, themeId: thread.theme_id },
    open: true,
    locale: consultation.default_language,
    emit: () => {},
  });
  const postIn = new Map<string, { instance: (typeof threads)[number]; ids: string[] }>();
  const write = async (thread: (typeof threads)[number], post: DemoPost, parentId: string | null) => {
    const form = new FormData();
    form.set('body', post.text);
    if (parentId) form.set('parentId', parentId);
    const { postId } = await writePost(contextFor(thread, actors.get(post.author)!), form);
    postIn.get(thread.theme)!.ids.push(postId);
    for (const reply of post.replies ?? []) await write(thread, reply, postId);
  };
  for (const thread of threads) {
    postIn.set(thread.theme, { instance: thread, ids: [] });
    for (const post of demoThreads[thread.theme] ?? []) await write(thread, post, null);
  }

  const ideaIds = new Map<string, string>();
  for (const caught of demoCatches) {
    const thread = postIn.get(caught.theme);
    if (!thread) continue;
    const posts = await db.selectFrom('posts').select(['id', 'body_text']).where('id', 'in', thread.ids).execute();
    const source = posts.find((post) => post.body_text.replace(/\s+/g, ' ').includes(caught.quote));
    if (!source) throw new Error(`demo catch not found in its thread: ${caught.quote}`);
    const form = new FormData();
    for (const [name, value] of Object.entries({ postId: source.id, quote: caught.quote, nature: caught.nature, nextStep: caught.nextStep })) form.set(name, value);
    if (caught.important) form.set('important', 'on');
    const known = ideaIds.get(caught.idea);
    if (known) form.set('ideaId', known);
    else {
      form.set('title', caught.idea);
      form.set('description', caught.description);
      form.set('themeId', thread.instance.theme_id ?? '');
    }
    const { ideaId } = await catchPassage(contextFor(thread.instance, actors.get('catcher')!), form);
    ideaIds.set(caught.idea, ideaId);
  }
}
