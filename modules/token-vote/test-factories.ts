import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { LifecycleState } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import { configureInstance, createPerson, createTestConsultation, moduleClient, moveConsultationTo, type Person, type PersonOptions } from '../../test/modules';
import { defaultTokenVoteConfig, type TokenVoteConfig } from './manifest';
import type { Ballot, TokenVotePageData } from './token-vote-data';

/*
 * Test data for the token-vote module: a consultation in prioritisation with ideas and an
 * instance, and a client with the voting screen's actions (people and the HTTP client itself are
 * test/modules.ts's).
 */

export type { Answer, Person } from '../../test/modules';

export interface Prioritisation {
  consultationId: string;
  slug: string;
  instanceId: string;
  /** Ideas voted on, then one left out of the vote. */
  ideas: { fiscal: string; blank: string; transport: string; leftOut: string };
  /** Somebody with these roles (a participant by default), with a session; `segments` as they consented to give them. */
  person(roles?: ConsultationRole[], options?: PersonOptions): Promise<Person>;
  /** Writes another configuration straight into the instance (what the settings form would save). */
  configure(config: Partial<TokenVoteConfig>): Promise<void>;
  /** Moves the consultation to another state (the phase closing…), as the lifecycle would. */
  moveTo(state: LifecycleState): Promise<void>;
}

/**
 * A consultation in `lifecycleState` (prioritisation by default) with four ideas and a token-vote
 * instance on the first three, with the default categories (a: 5 tokens "for", at most 3 per
 * item; b: 3 tokens "against", at most 1 per item; a and b exclusive) unless `config` says otherwise.
 */
export async function openPrioritisation(
  db: Kysely<Database>,
  app: RunningApp,
  { lifecycleState = 'prioritisation', config = {} }: { lifecycleState?: LifecycleState; config?: Partial<TokenVoteConfig> } = {},
): Promise<Prioritisation> {
  const { consultationId, slug } = await createTestConsultation(db, { lifecycle_state: lifecycleState, phases: ['ideation', 'deepening', 'prioritisation'], segment_fields: ['age_band', 'region'] });
  const idea = async (title: string) =>
    (await db.insertInto('ideas').values({ consultation_id: consultationId, title, description: `${title}, en détail.` }).returning('id').executeTakeFirstOrThrow()).id;
  const ideas = {
    fiscal: await idea('Renforcer le contrôle fiscal'),
    blank: await idea('Compter le vote blanc'),
    transport: await idea('Des transports gratuits'),
    leftOut: await idea('Supprimer le Sénat'),
  };
  const items = [ideas.fiscal, ideas.blank, ideas.transport].map((id) => ({ kind: 'idea' as const, id }));
  const { id: instanceId } = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase: 'prioritisation', kind: 'token-vote', config: JSON.stringify({ ...defaultTokenVoteConfig, items, ...config }), theme_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    consultationId,
    slug,
    instanceId,
    ideas,
    person: (roles = ['participant'], options = {}) => createPerson(db, app, consultationId, roles, options),
    configure: (next) => configureInstance(db, instanceId, next),
    moveTo: (state) => moveConsultationTo(db, consultationId, state),
  };
}

/** A browser's view of one token-vote instance, through the real HTTP routes. */
export function tokenVoteClient(app: RunningApp, slug: string, instanceId: string) {
  const client = moduleClient<TokenVotePageData, TokenVoteConfig>(app, slug, instanceId);
  return {
    ...client,
    act: <Result = Ballot>(person: Person | null, intent: string, fields: Record<string, string> = {}) => client.act<Result>(person, intent, fields),
    /** Adds (or removes) one token of `category` on an item: the voting screen's + and − buttons. */
    tokens: (person: Person | null, itemId: string, category: string, op: 'add' | 'remove' = 'add') => client.act<Ballot>(person, 'tokens', { itemId, category, op }),
    /** Answers a gauge of an item ('' withdraws the answer). */
    gauge: (person: Person | null, itemId: string, gauge: string, value: string) => client.act<Ballot>(person, 'gauge', { itemId, gauge, value }),
  };
}
