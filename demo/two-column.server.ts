import type { Kysely } from 'kysely';
import { writePost } from '../platform/contributions/posts.server';
import type { Database } from '../platform/db/schema';
import type { ModuleContext } from '../platform/modules/server';
import { topicOf } from '../modules/two-column/columns';
import type { TwoColumnConfig } from '../modules/two-column/manifest';

/** The debate whose deepening weighs up ideas caught in its ideation threads. */
const debateSlug = 'grand-debat-national';
const demoIdeas = ['Renforcer les moyens du contrôle fiscal', 'Donner un effet au vote blanc'];

/** A few arguments, so that the columns are not empty: by demo participant e-mail, idea, column. */
const demoArguments: { author: string; idea: string; column: 'a' | 'b'; text: string }[] = [
  {
    author: 'amina@demo.plenum.test',
    idea: demoIdeas[0]!,
    column: 'a',
    text: 'Chaque euro de fraude récupéré est un euro d’impôt en moins pour ceux qui paient déjà. Des contrôleurs mieux équipés rapportent bien plus qu’ils ne coûtent.',
  },
  {
    author: 'bernard@demo.plenum.test',
    idea: demoIdeas[0]!,
    column: 'b',
    text: 'Plus de contrôles, ce sont aussi plus de tracas pour les petites entreprises de bonne foi, qui n’ont pas de service juridique pour se défendre.',
  },
  {
    author: 'chloe@demo.plenum.test',
    idea: demoIdeas[1]!,
    column: 'a',
    text: 'Compter le vote blanc, c’est reconnaître les électeurs qui se déplacent sans se retrouver dans l’offre politique.',
  },
];

/**
 * The debate's deepening: a two-column instance (Pour / Contre, For / Against) on the demo ideas
 * caught in ideation, with a few arguments. Only where none exists yet.
 */
export async function seedTwoColumns(db: Kysely<Database>): Promise<void> {
  const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', debateSlug).executeTakeFirst();
  if (!consultation || !consultation.phases.includes('deepening')) return;
  const existing = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultation.id).where('kind', '=', 'two-column').executeTakeFirst();
  if (existing) return;
  const ideas = await db.selectFrom('ideas').select(['id', 'title']).where('consultation_id', '=', consultation.id).where('title', 'in', demoIdeas).execute();
  const ideaIds = demoIdeas.flatMap((title) => ideas.filter((idea) => idea.title === title).map((idea) => idea.id));
  const config: TwoColumnConfig = {
    columns: [
      { key: 'a', label: { fr: 'Pour', en: 'For' }, color: '#1b7a3d' },
      { key: 'b', label: { fr: 'Contre', en: 'Against' }, color: '#b3261e' },
    ],
    ideaIds,
    sort: 'upvotes',
  };
  const position = await db
    .selectFrom('module_instances')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('consultation_id', '=', consultation.id)
    .where('phase', '=', 'deepening')
    .executeTakeFirst();
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'deepening', kind: 'two-column', config: JSON.stringify(config), theme_id: null, position: Number(position?.last ?? 0) + 1 })
    .returning(['id', 'phase'])
    .executeTakeFirstOrThrow();

  // Arguments go through the shared posts (rendering, order), as participants' would.
  for (const argument of demoArguments) {
    const idea = ideas.find((candidate) => candidate.title === argument.idea);
    const author = await db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id', 'users.is_anonymous'])
      .where('users.email', '=', argument.author)
      .where('memberships.consultation_id', '=', consultation.id)
      .executeTakeFirst();
    if (!idea || !author) continue;
    const context: ModuleContext<TwoColumnConfig> = {
      db,
      actor: { userId: author.id, isAnonymous: author.is_anonymous, isPlatformAdmin: false, roles: new Set(['participant']) },
      consultation,
      instance: { id: instance.id, phase: instance.phase, config, themeId: null },
      open: true,
      locale: consultation.default_language,
      emit: () => {},
    };
    const form = new FormData();
    form.set('body', argument.text);
    await writePost(context, form, { topic: topicOf(idea.id, argument.column) });
  }
}
