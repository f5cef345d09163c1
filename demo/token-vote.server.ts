import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { defaultTokenVoteConfig, type TokenVoteConfig } from '../modules/token-vote/manifest';

/** The debate whose prioritisation weighs the ideas caught in ideation and argued over in deepening. */
const debateSlug = 'grand-debat-national';

/**
 * What the vote weighs: the ideas caught in the demo conversations, and two more the team
 * drew from the debate's themes (created when missing, under their sub-theme).
 */
const demoItems: { title: string; description: string; theme?: string }[] = [
  { title: 'Renforcer les moyens du contrôle fiscal', description: '' },
  { title: 'Donner un effet au vote blanc', description: '' },
  {
    title: 'Baisser la TVA sur les produits de première nécessité',
    description: 'Un taux de TVA réduit, voire nul, sur l’alimentation de base, l’hygiène et l’énergie, pour soutenir le pouvoir d’achat des ménages modestes.',
    theme: 'tva-premiere-necessite',
  },
  {
    title: 'Lutter contre les déserts médicaux',
    description: 'Inciter les médecins à s’installer là où il en manque : maisons de santé, obligation de quelques années en zone sous-dotée après les études, téléconsultation.',
    theme: 'deserts-medicaux',
  },
];

/**
 * The debate's prioritisation: a token vote over the demo ideas, with the default categories
 * (to act on / little potential) and a labelled gauge of urgency. Results are published when the
 * vote closes. Only where none exists yet; the vote opens when the debate reaches prioritisation.
 */
export async function seedTokenVote(db: Kysely<Database>): Promise<void> {
  const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', debateSlug).executeTakeFirst();
  if (!consultation || !consultation.phases.includes('prioritisation')) return;
  const existing = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultation.id).where('kind', '=', 'token-vote').executeTakeFirst();
  if (existing) return;

  const ids: string[] = [];
  for (const item of demoItems) {
    const found = await db.selectFrom('ideas').select('id').where('consultation_id', '=', consultation.id).where('title', '=', item.title).executeTakeFirst();
    if (found) {
      ids.push(found.id);
      continue;
    }
    const theme = item.theme ? await db.selectFrom('themes').select('id').where('consultation_id', '=', consultation.id).where('slug', '=', item.theme).executeTakeFirst() : undefined;
    const created = await db
      .insertInto('ideas')
      .values({ consultation_id: consultation.id, title: item.title, description: item.description, theme_id: theme?.id ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(created.id);
  }

  const config: TokenVoteConfig = {
    ...defaultTokenVoteConfig,
    items: ids.map((id) => ({ kind: 'idea', id })),
    gauges: [
      {
        key: 'a',
        type: 'labelled',
        label: { fr: 'Urgence', en: 'Urgency' },
        choices: [
          { key: 'a', label: { fr: 'Pas prioritaire', en: 'Not a priority' } },
          { key: 'b', label: { fr: 'Prioritaire', en: 'A priority' } },
          { key: 'c', label: { fr: 'Très prioritaire', en: 'Top priority' } },
        ],
      },
    ],
    results: 'afterClose',
  };
  const position = await db
    .selectFrom('module_instances')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('consultation_id', '=', consultation.id)
    .where('phase', '=', 'prioritisation')
    .executeTakeFirst();
  await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase: 'prioritisation', kind: 'token-vote', config: JSON.stringify(config), theme_id: null, position: Number(position?.last ?? 0) + 1 })
    .execute();
}
