import type { Kysely } from 'kysely';
import type { Database, ModerationPolicy } from '../../platform/db/schema';
import type { LifecycleState } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import { createPerson, createTestConsultation, moduleClient, unique, type Person } from '../../test/modules';
import { defaultTwoColumnConfig, type TwoColumnConfig } from './manifest';
import type { TwoColumnPageData } from './two-column-data';

/*
 * Test data for the two-column module: a consultation in deepening with ideas and an instance,
 * the people who take part, and a client that speaks to the module through the real HTTP
 * routes, as a browser's fetchers do.
 */

export type { Answer, Person } from '../../test/modules';

export interface Deepening {
  consultationId: string;
  slug: string;
  instanceId: string;
  /** Ideas chosen into the phase, then one left out. */
  ideas: { fiscal: string; blank: string; leftOut: string };
  person(roles?: ConsultationRole[], name?: string): Promise<Person>;
}

/** A consultation in `lifecycleState` (deepening by default) with three ideas and a two-column instance on the first two. */
export async function openDeepening(
  db: Kysely<Database>,
  app: RunningApp,
  { lifecycleState = 'deepening', moderation = 'post', config = {} }: { lifecycleState?: LifecycleState; moderation?: ModerationPolicy; config?: Partial<TwoColumnConfig> } = {},
): Promise<Deepening> {
  const { consultationId, slug } = await createTestConsultation(db, { moderation, lifecycle_state: lifecycleState, phases: ['appropriation', 'ideation', 'deepening', 'prioritisation'] });
  const idea = async (title: string) =>
    (await db.insertInto('ideas').values({ consultation_id: consultationId, title, description: `${title}, en détail.` }).returning('id').executeTakeFirstOrThrow()).id;
  const ideas = { fiscal: await idea('Renforcer le contrôle fiscal'), blank: await idea('Compter le vote blanc'), leftOut: await idea('Supprimer le Sénat') };
  const { id: instanceId } = await db
    .insertInto('module_instances')
    .values({
      consultation_id: consultationId,
      phase: 'deepening',
      kind: 'two-column',
      config: JSON.stringify({ ...defaultTwoColumnConfig, ideaIds: [ideas.fiscal, ideas.blank], ...config }),
      theme_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    consultationId,
    slug,
    instanceId,
    ideas,
    person: (roles = ['participant'], name = unique('Camille')) => createPerson(db, app, consultationId, roles, { name }),
  };
}

/** A browser's view of one two-column instance, through the real HTTP routes. */
export function twoColumnClient(app: RunningApp, slug: string, instanceId: string) {
  const client = moduleClient<TwoColumnPageData, TwoColumnConfig>(app, slug, instanceId);
  return {
    ...client,
    /** An argument (or a reply); fails the test when it is refused. */
    async argue(person: Person, ideaId: string, column: string, body: string, parentId?: string): Promise<string> {
      const answer = await client.act<{ postId: string }>(person, 'argue', { ideaId, column, body, ...(parentId ? { parentId } : {}) });
      if (answer.status !== 200) throw new Error(`arguing was refused (${answer.status}): ${JSON.stringify(answer.errors)}`);
      return answer.result.postId;
    },
    settings: (person: Person | null) => client.settings<{ ideas: { id: string; title: string; extracts: number }[]; columnsInUse: string[] }>(person),
  };
}

/** The settings form's fields for these columns, ideas and order. */
export function settingsFields(columns: { key: string; fr?: string; en?: string; color: string }[], ideaIds: string[], sort = 'upvotes'): [string, string][] {
  return [
    ...columns.flatMap((column): [string, string][] => [
      ['column', column.key],
      [`label_${column.key}_fr`, column.fr ?? ''],
      [`label_${column.key}_en`, column.en ?? ''],
      [`color_${column.key}`, column.color],
    ]),
    ...ideaIds.map((id): [string, string] => ['ideaIds', id]),
    ['sort', sort],
  ];
}
