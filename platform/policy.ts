import type { AnonymityPolicy } from './db/schema';
import type { LifecycleState } from './phases';
import type { ConsultationRole } from './roles';

/**
 * Who is asking: nobody (a visitor), a pseudonymous participant, or an account, with the roles
 * they hold in the consultation at hand.
 */
export interface Actor {
  userId: string | null;
  isAnonymous: boolean;
  isPlatformAdmin: boolean;
  roles: ReadonlySet<ConsultationRole>;
}

export const visitor: Actor = { userId: null, isAnonymous: false, isPlatformAdmin: false, roles: new Set() };

/** What a consultation-level permission depends on. */
export interface ConsultationResource {
  anonymity: AnonymityPolicy;
  lifecycle_state: LifecycleState;
}

/** For actions that concern no consultation in particular (creating one, one's own profile). */
const noConsultation: ConsultationResource = { anonymity: 'forbidden', lifecycle_state: 'closed' };

/** Roles of the team running a consultation: they see it while it is still a draft. */
const teamRoles: ConsultationRole[] = ['strategist', 'moderator', 'idea_catcher', 'synthesizer', 'expert', 'client_viewer'];

const contributorRoles: ConsultationRole[] = ['participant', 'expert', 'moderator', 'idea_catcher', 'synthesizer', 'strategist'];
const isOpen = (consultation: ConsultationResource) => consultation.lifecycle_state !== 'draft' && consultation.lifecycle_state !== 'closed';

const has = (actor: Actor, ...roles: ConsultationRole[]) => actor.isPlatformAdmin || roles.some((role) => actor.roles.has(role));
const isAccount = (actor: Actor) => actor.userId !== null && !actor.isAnonymous;

/**
 * Every action of the platform and who may do it. The server asks `can` before every loader
 * and action; the authorisation matrix test (app/authorisation.test.ts) drives each row
 * through HTTP. Adding an action is one line here and one line there.
 */
const rules = {
  'consultation.view': (actor, consultation) => consultation.lifecycle_state !== 'draft' || has(actor, ...teamRoles),
  'consultation.join': (actor, consultation) =>
    consultation.lifecycle_state !== 'draft' &&
    consultation.lifecycle_state !== 'closed' &&
    (isAccount(actor) || consultation.anonymity === 'allowed'),
  'consultation.create': (actor) => isAccount(actor),
  'consultation.configure': (actor) => has(actor, 'strategist'),
  'phase.switch': (actor) => has(actor, 'strategist'),
  'consultation.moderate': (actor) => has(actor, 'moderator', 'strategist'),
  'members.view': (actor) => has(actor, 'strategist', 'moderator', 'client_viewer'),
  'identities.view': (actor) => has(actor, 'strategist', 'moderator'),
  'members.invite': (actor) => has(actor, 'strategist'),
  'members.manage': (actor) => has(actor, 'strategist'),
  // Contributions (posts, replies, reactions) come from participants and from the team, who take
  // part in the conversation too (an expert answers, a moderator explains a rule).
  'contributions.post': (actor, consultation) => isOpen(consultation) && has(actor, ...contributorRoles),
  'contributions.react': (actor, consultation) => isOpen(consultation) && has(actor, ...contributorRoles),
  'contributions.report': (actor) => actor.userId !== null,
  'ideas.catch': (actor) => has(actor, 'idea_catcher', 'strategist'),
  // Reading every contribution at once (all answers to a question, filtered, exported) and
  // writing the summaries participants read: the synthesizers' work.
  'contributions.review': (actor) => has(actor, 'synthesizer', 'strategist'),
  'syntheses.write': (actor) => has(actor, 'synthesizer', 'strategist'),
  // Voting (tokens, agree / disagree on proposals) is taking part; each vote's rules are its module's.
  'votes.cast': (actor, consultation) => isOpen(consultation) && has(actor, ...contributorRoles),
  // Results whatever the module's visibility setting, split by segment and downloaded: the team
  // that writes the deliverable, and the client who ordered the consultation.
  'results.view': (actor) => has(actor, 'strategist', 'synthesizer', 'client_viewer'),
  // Every vote with its voter's segment answers is not an aggregate: a rare combination of
  // answers points at a person. The team that analyses it, not the client.
  'votes.export': (actor) => has(actor, 'strategist', 'synthesizer'),
  'segments.configure': (actor) => has(actor, 'strategist'),
  'segments.answer': (actor) => actor.userId !== null && actor.roles.has('participant'),
  'profile.edit': (actor) => actor.userId !== null,
} satisfies Record<string, (actor: Actor, consultation: ConsultationResource) => boolean>;

export type Action = keyof typeof rules;
export const actions = Object.keys(rules) as Action[];

export function can(actor: Actor, action: Action, consultation: ConsultationResource = noConsultation): boolean {
  return rules[action](actor, consultation);
}
