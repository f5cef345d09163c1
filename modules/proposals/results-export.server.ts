import { voterPseudonyms } from '../../platform/auth/card-keys.server';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext, ModuleDownload } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import type { ProposalsConfig } from './manifest';
import { qualifications, type Estimate, type EmergenceResults, type Scores } from './results-data';
import { readResults } from './results.server';

/*
 * The results' downloads (`/export?download=<kind>`, as CSV or Excel): the figures of every
 * accepted proposal with their bounds, the votes (pseudonymised), the figures per segment value
 * and per opinion group. For the team only (results.view): a client viewer gets them, never an
 * identity. Column names are English snake_case and never change, so that scripts can rely on
 * them; numbers stay numbers. Everything but the votes comes from the stored snapshot, so that
 * the file matches what the results pages show.
 */

type Context = ModuleContext<ProposalsConfig>;
type Row = Record<string, string | number | null>;

export const downloadKinds = ['proposals', 'votes', 'segments', 'groups'] as const;
export type DownloadKind = (typeof downloadKinds)[number];

/** Votes read per query: a million votes never sit in one result set. */
const votesBatch = 5000;

/** likeIt → like_it: stable column names for scripts. */
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** An estimate as three columns: `<name>`, `<name>_low`, `<name>_high`. */
function estimateColumns(name: string, estimate: Estimate | undefined): Row {
  return { [name]: estimate?.value ?? null, [`${name}_low`]: estimate?.low ?? null, [`${name}_high`]: estimate?.high ?? null };
}

function scoreColumns(scores: Scores, prefix = ''): Row {
  return {
    ...estimateColumns(`${prefix}agree_rate`, scores.agree),
    ...estimateColumns(`${prefix}disagree_rate`, scores.disagree),
    ...estimateColumns(`${prefix}neutral_rate`, scores.neutral),
    ...Object.assign({}, ...qualifications.map((key) => estimateColumns(`${prefix}${snake(key)}_rate`, scores.qualifications[key]))),
    ...estimateColumns(`${prefix}top_score`, scores.topScore),
    ...estimateColumns(`${prefix}controversy`, scores.controversy),
    ...estimateColumns(`${prefix}rejection`, scores.rejection),
    ...estimateColumns(`${prefix}adhesion`, scores.adhesion),
    ...estimateColumns(`${prefix}realism`, scores.realism),
    ...estimateColumns(`${prefix}engagement`, scores.engagement),
  };
}

async function snapshotOf(context: Context): Promise<EmergenceResults> {
  return (await readResults(context)) ?? refuse('download', 'results.notComputed', 409);
}

async function themeTitles({ db, consultation, locale }: Context): Promise<Map<string, string>> {
  const themes = await db.selectFrom('themes').select(['id', 'title']).where('consultation_id', '=', consultation.id).execute();
  return new Map(themes.map((theme) => [theme.id, pickLanguage(theme.title as LocalizedText, locale, consultation.default_language).text]));
}

async function proposalRows(context: Context): Promise<Row[]> {
  const results = await snapshotOf(context);
  const themes = await themeTitles(context);
  const { config } = context.instance;
  const weighted = results.weighting !== null;
  return results.proposals.map((proposal) => {
    const prefix = pickLanguage(config.prefix, proposal.language, context.consultation.default_language).text;
    return {
      id: proposal.id,
      text: prefix ? `${prefix} ${proposal.body}` : proposal.body,
      language: proposal.language,
      theme: proposal.themeId ? (themes.get(proposal.themeId) ?? null) : null,
      tags: proposal.tags.join('|'),
      idea: proposal.ideaId,
      impressions: proposal.impressions,
      votes: proposal.counts.votes,
      agree: proposal.counts.agree,
      disagree: proposal.counts.disagree,
      neutral: proposal.counts.neutral,
      ...Object.fromEntries(qualifications.map((key) => [snake(key), proposal.counts.qualifications[key] ?? 0])),
      untrusted_votes: proposal.untrustedVotes,
      ...scoreColumns(proposal.scores),
      zone: proposal.zone,
      ...(weighted
        ? {
            ...estimateColumns('weighted_agree_rate', proposal.weighted?.scores.agree),
            ...estimateColumns('weighted_top_score', proposal.weighted?.scores.topScore),
            weighted_zone: proposal.weighted?.zone ?? null,
            effective_votes: proposal.weighted?.effectiveVotes ?? null,
          }
        : {}),
      group_consensus: proposal.groupConsensus,
      carried_by: proposal.carriedBy,
      computed_at: results.computedAt,
    };
  });
}

/**
 * Every vote on the instance's proposals, trusted or not, read in batches along the primary key
 * and sent as they are read. The voter is a pseudonym (the same in every file of the
 * consultation); segment answers are those the voter held when voting.
 */
function voteColumns(context: Context): string[] {
  const segmentFields = [...context.consultation.segment_fields, 'source'];
  return ['voter', 'proposal_id', 'proposal_status', 'vote', 'qualifications', 'source', 'trusted', ...segmentFields.map((field) => `segment_${field}`), 'created_at'];
}

async function* voteBatches(context: Context): AsyncGenerator<Row[]> {
  const { db, consultation, instance } = context;
  const pseudonym = await voterPseudonyms(db, consultation.id);
  const segmentFields = [...consultation.segment_fields, 'source'];
  let after: { proposalId: string; userId: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('proposal_votes as v')
      .innerJoin('proposals as p', 'p.id', 'v.proposal_id')
      .select(['v.proposal_id', 'v.user_id', 'v.vote', 'v.qualifications', 'v.source', 'v.trusted', 'v.segments', 'v.created_at', 'p.status'])
      .where('p.instance_id', '=', instance.id);
    if (after) {
      const { proposalId, userId } = after;
      query = query.where((eb) => eb.or([eb('v.proposal_id', '>', proposalId), eb.and([eb('v.proposal_id', '=', proposalId), eb('v.user_id', '>', userId)])]));
    }
    const batch = await query.orderBy('v.proposal_id').orderBy('v.user_id').limit(votesBatch).execute();
    yield batch.map((vote) => ({
      voter: pseudonym(vote.user_id),
      proposal_id: vote.proposal_id,
      proposal_status: vote.status,
      vote: vote.vote,
      qualifications: vote.qualifications.join('|'),
      source: vote.source,
      trusted: vote.trusted ? 'yes' : 'no',
      ...Object.fromEntries(segmentFields.map((field) => [`segment_${field}`, vote.segments?.[field] ?? null])),
      created_at: vote.created_at.toISOString(),
    }));
    if (batch.length < votesBatch) return;
    const last = batch[batch.length - 1]!;
    after = { proposalId: last.proposal_id, userId: last.user_id };
  }
}

/** Per segment field, value and proposal; values held by too few voters are not in the snapshot. */
async function segmentRows(context: Context): Promise<Row[]> {
  const results = await snapshotOf(context);
  const rows: Row[] = [];
  for (const segment of results.segments) {
    for (const value of segment.values) {
      for (const [proposalId, figures] of Object.entries(value.proposals)) {
        rows.push({
          field: segment.field,
          value: value.value,
          value_voters: value.voters,
          value_votes: value.votes,
          proposal_id: proposalId,
          votes: figures.counts.votes,
          agree: figures.counts.agree,
          disagree: figures.counts.disagree,
          neutral: figures.counts.neutral,
          ...estimateColumns('agree_rate', figures.agree),
          ...estimateColumns('top_score', figures.topScore),
          zone: figures.zone,
          computed_at: results.computedAt,
        });
      }
    }
  }
  return rows;
}

/** Per opinion group and proposal, with the significance of what sets the group apart. */
async function groupRows(context: Context): Promise<Row[]> {
  const results = await snapshotOf(context);
  const groups = results.groups;
  if (!groups) return [];
  const sizes = new Map(groups.groups.map((group) => [group.id, group.size]));
  const representative = new Map(groups.groups.flatMap((group) => group.representative.map((entry) => [`${group.id}:${entry.proposalId}`, entry] as const)));
  const rows: Row[] = [];
  for (const [proposalId, perGroup] of Object.entries(groups.agreement)) {
    for (const figures of perGroup) {
      const marked = representative.get(`${figures.groupId}:${proposalId}`);
      rows.push({
        group_id: figures.groupId,
        group_size: sizes.get(figures.groupId) ?? null,
        proposal_id: proposalId,
        seen: figures.seen,
        agree: figures.agree,
        disagree: figures.disagree,
        ...estimateColumns('agree_rate', figures.rate),
        representative: marked ? 'yes' : 'no',
        direction: marked?.direction ?? null,
        z: marked?.z ?? null,
        p_value: marked?.pValue ?? null,
        computed_at: results.computedAt,
      });
    }
  }
  return rows.sort((a, b) => Number(a.group_id) - Number(b.group_id));
}

const rowsOf: Record<Exclude<DownloadKind, 'votes'>, (context: Context) => Promise<Row[]>> = {
  proposals: proposalRows,
  segments: segmentRows,
  groups: groupRows,
};

/** The module's download hook: `?download=proposals` (the default), `votes`, `segments` or `groups`. */
export async function resultsDownload(context: Context, query: URLSearchParams): Promise<ModuleDownload> {
  if (!can(context.actor, 'results.view', context.consultation)) refuse('download', 'notAllowed', 403);
  const kind = (query.get('download') ?? 'proposals') as DownloadKind;
  if (!downloadKinds.includes(kind)) refuse('download', 'download.unknownKind');
  const filename = `${context.consultation.slug}-${kind}-${new Date().toISOString().slice(0, 10)}.csv`;
  if (kind === 'votes') {
    if (!can(context.actor, 'votes.export', context.consultation)) refuse('download', 'notAllowed', 403);
    return { filename, columns: voteColumns(context), batches: voteBatches(context) };
  }
  return { filename, rows: await rowsOf[kind](context) };
}
