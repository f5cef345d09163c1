import type { Kysely } from 'kysely';
import type { AnonymityPolicy, Database, ProposalStatus, RefusalReason, SegmentField, VoteSource } from '../../platform/db/schema';
import type { LifecycleState } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import { configureInstance, createPerson, createTestConsultation, moduleClient, moveConsultationTo, unique, type Person, type PersonOptions } from '../../test/modules';
import { defaultProposalsConfig, defaultSequenceConfig, type ProposalsConfig } from './manifest';
import type { ProposalsPageData } from './proposals-data';

/*
 * Test data for the proposals module: a massive consultation in its ideation phase with two
 * themes and a proposals instance, the people who take part (accounts or pseudonyms), many
 * proposals at once, and a client that speaks to the module through the real HTTP routes, as a
 * browser's fetchers do. Shared by the module's test files.
 */

export type { Answer, Person, PersonOptions } from '../../test/modules';

export interface MassiveConsultation {
  consultationId: string;
  slug: string;
  instanceId: string;
  /** Two themes of the consultation (a proposer may pick one when the configuration asks). */
  themes: { culture: string; transport: string };
  /** Somebody with these roles (a participant by default), with a session cookie. */
  person(roles?: ConsultationRole[], options?: PersonOptions): Promise<Person>;
  /** Writes another configuration straight into the instance (what the settings form would save). */
  configure(config: Partial<ProposalsConfig>): Promise<void>;
  /** Moves the consultation to another state (the phase closing…), as the lifecycle would. */
  moveTo(state: LifecycleState): Promise<void>;
}

/**
 * A consultation in `lifecycleState` (ideation by default) asking one question in French and
 * English, with a proposals instance in its ideation phase (the default configuration: "Il
 * faut" / "We should", 12 to 140 characters, a theme asked) unless `config` says otherwise.
 */
export async function openConsultation(
  db: Kysely<Database>,
  app: RunningApp,
  {
    lifecycleState = 'ideation',
    anonymity = 'forbidden',
    config = {},
    segmentFields = ['age_band', 'region'],
  }: { lifecycleState?: LifecycleState; anonymity?: AnonymityPolicy; config?: Partial<ProposalsConfig>; segmentFields?: SegmentField[] } = {},
): Promise<MassiveConsultation> {
  const { consultationId, slug } = await createTestConsultation(db, {
    organisationName: 'Ministère de la Culture',
    slug: unique('grande-consultation'),
    question: { fr: 'Comment rendre la culture accessible à tous ?', en: 'How can we make culture accessible to everyone?' },
    moderation: 'pre',
    anonymity,
    lifecycle_state: lifecycleState,
    phases: ['ideation', 'deepening', 'prioritisation'],
    segment_fields: segmentFields,
  });
  const theme = async (slugText: string, title: { fr: string; en: string }, position: number) =>
    (await db.insertInto('themes').values({ consultation_id: consultationId, parent_id: null, slug: slugText, title, position }).returning('id').executeTakeFirstOrThrow()).id;
  const themes = {
    culture: await theme('culture', { fr: 'Culture', en: 'Culture' }, 0),
    transport: await theme('transport', { fr: 'Transports', en: 'Transport' }, 1),
  };
  const fullConfig: ProposalsConfig = { ...defaultProposalsConfig, ...config, sequence: { ...defaultSequenceConfig, ...config.sequence } };
  const { id: instanceId } = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase: 'ideation', kind: 'proposals', config: JSON.stringify(fullConfig), theme_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    consultationId,
    slug,
    instanceId,
    themes,
    person: (roles = ['participant'], options = {}) => createPerson(db, app, consultationId, roles, options),
    configure: (next) => configureInstance(db, instanceId, next),
    moveTo: (state) => moveConsultationTo(db, consultationId, state),
  };
}

/** One proposal to store directly (bulk data for the sequence, moderation and similarity tests). */
export interface ProposalRow {
  body: string;
  authorId?: string | null;
  status?: ProposalStatus;
  refusalReason?: RefusalReason | null;
  language?: string;
  themeId?: string | null;
  ideaId?: string | null;
  source?: VoteSource;
  createdAt?: Date;
  agree?: number;
  disagree?: number;
  neutral?: number;
  sequenceVotes?: number;
  qualifications?: Record<string, number>;
}

/**
 * Stores proposals straight into the database (accepted by default), a thousand rows per
 * statement, and returns their ids in the order given. Counters given here are taken as is: no
 * vote rows stand behind them.
 */
export async function insertProposals(db: Kysely<Database>, instanceId: string, consultationId: string, rows: ProposalRow[]): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 1000;
  for (let start = 0; start < rows.length; start += chunk) {
    const values = rows.slice(start, start + chunk).map((row) => {
      const status = row.status ?? 'accepted';
      return {
        consultation_id: consultationId,
        instance_id: instanceId,
        author_id: row.authorId ?? null,
        body: row.body,
        original_body: row.body,
        language: row.language ?? 'fr',
        theme_id: row.themeId ?? null,
        idea_id: row.ideaId ?? null,
        status,
        refusal_reason: status === 'refused' ? (row.refusalReason ?? 'other') : null,
        source: row.source ?? 'proposal',
        ...(row.createdAt ? { created_at: row.createdAt } : {}),
        moderated_at: status === 'pending' ? null : new Date(),
        agree: row.agree ?? 0,
        disagree: row.disagree ?? 0,
        neutral: row.neutral ?? 0,
        sequence_votes: row.sequenceVotes ?? 0,
        qualifications: JSON.stringify(row.qualifications ?? {}),
      };
    });
    const inserted = await db.insertInto('proposals').values(values).returning('id').execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

/** Sets proposals' status as a moderator's decision would (accepted, or refused with a reason). */
export async function setStatus(db: Kysely<Database>, proposalIds: string[], status: ProposalStatus, refusalReason: RefusalReason | null = null): Promise<void> {
  if (proposalIds.length === 0) return;
  await db
    .updateTable('proposals')
    .set({ status, refusal_reason: status === 'refused' ? (refusalReason ?? 'other') : null, moderated_at: new Date(), updated_at: new Date() })
    .where('id', 'in', proposalIds)
    .execute();
}

/** Each proposal's counters as a recount of its trusted votes would give them, against what is stored. */
export async function recountVotes(db: Kysely<Database>, proposalId: string) {
  const stored = await db
    .selectFrom('proposals')
    .select(['agree', 'disagree', 'neutral', 'sequence_votes', 'untrusted_votes', 'qualifications'])
    .where('id', '=', proposalId)
    .executeTakeFirstOrThrow();
  const votes = await db.selectFrom('proposal_votes').select(['vote', 'qualifications', 'trusted', 'source']).where('proposal_id', '=', proposalId).execute();
  const trusted = votes.filter((vote) => vote.trusted);
  const qualifications: Record<string, number> = {};
  for (const vote of trusted) for (const key of vote.qualifications) qualifications[key] = (qualifications[key] ?? 0) + 1;
  const count = (kind: string) => trusted.filter((vote) => vote.vote === kind).length;
  const clean = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
  return {
    stored: {
      agree: stored.agree,
      disagree: stored.disagree,
      neutral: stored.neutral,
      sequenceVotes: stored.sequence_votes,
      untrusted: stored.untrusted_votes,
      qualifications: clean(stored.qualifications),
    },
    recount: {
      agree: count('agree'),
      disagree: count('disagree'),
      neutral: count('neutral'),
      sequenceVotes: trusted.filter((vote) => vote.source === 'sequence' || vote.source === 'widget').length,
      untrusted: votes.length - trusted.length,
      qualifications: clean(qualifications),
    },
    rows: votes.length,
  };
}

/**
 * A browser's view of one proposals instance, through the real HTTP routes, reading the
 * interface in `language` (English by default).
 */
export function proposalsClient(app: RunningApp, slug: string, instanceId: string, { language = 'en' }: { language?: string } = {}) {
  return moduleClient<ProposalsPageData, ProposalsConfig>(app, slug, instanceId, { language });
}
