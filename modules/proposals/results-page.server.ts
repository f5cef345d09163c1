import fs from 'node:fs';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import type { ModuleContext } from '../../platform/modules/server';
import { phaseStanding } from '../../platform/phases';
import { can } from '../../platform/policy';
import { resultsConfigOf, type ProposalsConfig } from './manifest';
import type { EmergenceResults, OpinionGroups, Participation, ProposalResult, SegmentResult } from './results-data';
import { dashboardTabs, proposalSorts, proposalsPageSize, resultsDownloads, type DashboardTab, type ProposalSort, type ResultsPageData } from './results-page-data';
import { readResults } from './results.server';

type Context = ModuleContext<ProposalsConfig>;
type View = 'results' | 'dashboard' | 'report';

/** Best proposals shown per theme. */
const bestPerTheme = 3;
/** Proposals whose per-segment figures the segments tab and the report show. */
const segmentTableSize = 15;
/** Proposals whose per-group agreement the groups tab shows (the most divisive). */
const divisiveSize = 20;
/** Ideas and tags listed on the dashboard (the most voted). */
const listedIdeas = 50;
const listedTags = 50;

/**
 * The results views' data from the stored snapshot: the public results (`view = 'results'`:
 * tops, zones, themes, participation; hidden from participants until the phase closes unless
 * the strategist chose `live`), the team's dashboard and the printable report. The caller
 * checked that the team's views are asked by the team.
 */
export async function resultsPage(context: Context, query: URLSearchParams, view: View): Promise<ResultsPageData> {
  const team = can(context.actor, 'results.view', context.consultation);
  const hidden = team ? null : hiddenFor(context);
  const tab = view === 'dashboard' ? pickOne(query.get('tab'), dashboardTabs, 'overview') : null;
  const base: ResultsPageData = {
    audience: team ? 'team' : 'public',
    hidden,
    results: null,
    prefixes: {},
    themeTitles: {},
    ideaTitles: {},
    tab,
    page: null,
    field: null,
    focus: null,
    // Every vote with its voter's answers is for the team that analyses it, not the client.
    downloads: team ? resultsDownloads.filter((kind) => kind !== 'votes' || can(context.actor, 'votes.export', context.consultation)) : [],
    pdfAvailable: team && fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    readAt: new Date().toISOString(),
    topSize: resultsConfigOf(context.instance.config).topSize,
    question: pickLanguage(context.consultation.question as LocalizedText, context.locale, context.consultation.default_language),
    rankings: [],
  };
  // Hidden results are never read: nothing of them can reach the page.
  if (hidden) return base;
  const snapshot = await readResults(context);
  if (!snapshot) return base;

  let trimmed: Trimmed;
  if (view === 'report') trimmed = forReport(snapshot);
  else if (view === 'dashboard') trimmed = forDashboard(snapshot, tab ?? 'overview', query);
  else trimmed = forPublic(snapshot);

  const results = trimmed.results;
  return {
    ...base,
    ...trimmed.extra,
    results,
    // The report gathers the consultation's results: what its other modules ranked (a token vote).
    rankings: view === 'report' && team ? await rankingsFor(context) : [],
    prefixes: prefixesFor(context, results.proposals),
    themeTitles: await themeTitlesFor(context),
    ideaTitles: await ideaTitlesFor(context, results.participation.byIdea.map((idea) => idea.ideaId)),
  };
}

/** Why a participant does not see the results yet, or null when they do. */
function hiddenFor({ consultation, instance }: Context): ResultsPageData['hidden'] {
  const standing = phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases);
  if (standing === 'future') return 'notYet';
  if (standing === 'current' && resultsConfigOf(instance.config).visibility === 'afterClose') return 'afterClose';
  return null;
}

function pickOne<T extends string>(asked: string | null, allowed: readonly T[], fallback: T): T {
  return asked !== null && (allowed as readonly string[]).includes(asked) ? (asked as T) : fallback;
}

interface Trimmed {
  results: EmergenceResults;
  extra: Partial<Pick<ResultsPageData, 'page' | 'field' | 'focus'>>;
}

/** The snapshot's proposals whose id is in `ids`, in the snapshot's order (best top score first). */
function proposalsAmong(snapshot: EmergenceResults, ids: Iterable<string>): ProposalResult[] {
  const wanted = new Set(ids);
  return snapshot.proposals.filter((proposal) => wanted.has(proposal.id));
}

function topIds(snapshot: EmergenceResults): string[] {
  const { consensus, controversy, rejection } = snapshot.tops;
  return [...consensus, ...controversy, ...rejection].map((entry) => entry.proposalId);
}

/** The best proposals of each theme (enough votes to be claimed, best top score first). */
function bestOfThemes(snapshot: EmergenceResults): string[] {
  const taken = new Map<string | null, number>();
  const ids: string[] = [];
  for (const proposal of snapshot.proposals) {
    if (proposal.counts.votes < snapshot.settings.minVotes) continue;
    const count = taken.get(proposal.themeId) ?? 0;
    if (count >= bestPerTheme) continue;
    taken.set(proposal.themeId, count + 1);
    ids.push(proposal.id);
  }
  return ids;
}

/** The first proposals of the snapshot (its order: the lower bound of the top score). */
function leadingIds(snapshot: EmergenceResults, size: number): string[] {
  return snapshot.proposals.slice(0, size).map((proposal) => proposal.id);
}

/** Each segment field's values, with per-proposal figures only for `ids` (and only for `field` when given). */
function segmentsAmong(segments: SegmentResult[], ids: Set<string>, field: string | null = null): SegmentResult[] {
  return segments.map((segment) => ({
    ...segment,
    values: segment.values.map((value) => ({
      ...value,
      proposals: field !== null && segment.field !== field ? {} : Object.fromEntries(Object.entries(value.proposals).filter(([id]) => ids.has(id))),
    })),
  }));
}

/** The groups with their agreement on `ids` only, and their dots when the view draws them. */
function groupsAmong(groups: OpinionGroups | null, ids: Set<string>, withPoints: boolean): OpinionGroups | null {
  if (!groups) return null;
  return {
    ...groups,
    agreement: Object.fromEntries(Object.entries(groups.agreement).filter(([id]) => ids.has(id))),
    points: withPoints ? groups.points : [],
  };
}

function representativeIds(groups: OpinionGroups | null): string[] {
  return groups ? groups.groups.flatMap((group) => group.representative.map((entry) => entry.proposalId)) : [];
}

/** The proposals on which the groups differ most (spread of their agreement), ties by id. */
function mostDivisive(groups: OpinionGroups | null, size: number): string[] {
  if (!groups) return [];
  const spreads: { id: string; spread: number }[] = [];
  for (const [id, rows] of Object.entries(groups.agreement)) {
    const rates = rows.filter((row) => row.seen > 0).map((row) => row.rate.value);
    if (rates.length < 2) continue;
    spreads.push({ id, spread: Math.max(...rates) - Math.min(...rates) });
  }
  spreads.sort((a, b) => b.spread - a.spread || a.id.localeCompare(b.id));
  return spreads.slice(0, size).map((entry) => entry.id);
}

/** The listings of the participation kept bounded: the most voted tags and ideas. */
function boundedParticipation(participation: Participation, withIdeas: boolean): Participation {
  const byVotes = <T extends { votes: number }>(rows: T[], size: number) => [...rows].sort((a, b) => b.votes - a.votes).slice(0, size);
  return {
    ...participation,
    byTag: byVotes(participation.byTag, listedTags),
    byIdea: withIdeas ? [...participation.byIdea].sort((a, b) => b.counts.votes - a.counts.votes).slice(0, listedIdeas) : [],
  };
}

const empty = { segments: [], weighting: null, groups: null } satisfies Partial<EmergenceResults>;

/** Participants: tops, zones, each theme's best proposals and participation; nothing about segments nor groups. */
function forPublic(snapshot: EmergenceResults): Trimmed {
  const proposals = proposalsAmong(snapshot, [...topIds(snapshot), ...bestOfThemes(snapshot)]).map((proposal) => ({ ...proposal, weighted: null, groupConsensus: null }));
  return {
    results: { ...snapshot, ...empty, groupsAbsence: null, proposals, participation: boundedParticipation(snapshot.participation, false) },
    extra: {},
  };
}

const sortValue: Record<ProposalSort, (proposal: ProposalResult) => number> = {
  topScore: (proposal) => proposal.scores.topScore.low,
  controversy: (proposal) => proposal.scores.controversy.low,
  rejection: (proposal) => proposal.scores.rejection.low,
  votes: (proposal) => proposal.counts.votes,
  agree: (proposal) => proposal.scores.agree.low,
};

function positiveInteger(text: string | null): number {
  const number = Number(text);
  return Number.isInteger(number) && number >= 1 ? number : 1;
}

/** The team's dashboard: only what the tab draws. */
function forDashboard(snapshot: EmergenceResults, tab: DashboardTab, query: URLSearchParams): Trimmed {
  const askedFocus = query.get('focus');
  const focused = askedFocus ? (snapshot.proposals.find((proposal) => proposal.id === askedFocus) ?? null) : null;
  const focus = focused?.id ?? null;
  const base = { ...snapshot, ...empty };

  if (tab === 'proposals') {
    const sort = pickOne(query.get('sort'), proposalSorts, 'topScore');
    const value = sortValue[sort];
    const sorted = [...snapshot.proposals].sort((a, b) => value(b) - value(a) || a.id.localeCompare(b.id));
    const total = sorted.length;
    const pages = Math.max(1, Math.ceil(total / proposalsPageSize));
    const number = Math.min(positiveInteger(query.get('page')), pages);
    const rows = sorted.slice((number - 1) * proposalsPageSize, number * proposalsPageSize);
    // The focused proposal comes with its segments' and groups' rows, wherever it is in the table.
    const proposals = focused && !rows.includes(focused) ? [...rows, focused] : rows;
    const focusIds = new Set(focus ? [focus] : []);
    return {
      results: {
        ...base,
        proposals,
        participation: boundedParticipation(snapshot.participation, false),
        segments: focus ? segmentsAmong(snapshot.segments, focusIds) : [],
        groups: focus ? groupsAmong(snapshot.groups, focusIds, false) : null,
      },
      extra: { page: { number, size: proposalsPageSize, total, sort, rows: rows.length }, focus },
    };
  }

  if (tab === 'segments') {
    const field = pickOne(query.get('field'), snapshot.segments.map((segment) => segment.field), snapshot.segments[0]?.field ?? '') || null;
    const ids = leadingIds(snapshot, segmentTableSize);
    return {
      results: {
        ...base,
        proposals: proposalsAmong(snapshot, ids),
        participation: boundedParticipation(snapshot.participation, false),
        segments: segmentsAmong(snapshot.segments, new Set(ids), field),
        weighting: snapshot.weighting,
      },
      extra: { field },
    };
  }

  if (tab === 'groups') {
    const ids = new Set([...mostDivisive(snapshot.groups, divisiveSize), ...representativeIds(snapshot.groups), ...(focus ? [focus] : [])]);
    return {
      results: {
        ...base,
        proposals: proposalsAmong(snapshot, ids),
        participation: boundedParticipation(snapshot.participation, false),
        groups: groupsAmong(snapshot.groups, ids, true),
      },
      extra: { focus },
    };
  }

  return {
    results: { ...base, proposals: proposalsAmong(snapshot, topIds(snapshot)), participation: boundedParticipation(snapshot.participation, true) },
    extra: {},
  };
}

/** The other instances' rankings, in the reader's language. */
async function rankingsFor(context: Context): Promise<ResultsPageData['rankings']> {
  const rankings = (await context.rankings?.()) ?? [];
  const inLanguage = (text: LocalizedText) => pickLanguage(text, context.locale, context.consultation.default_language).text;
  return rankings.map((ranking) => ({ instanceId: ranking.instanceId, phase: ranking.phase, name: inLanguage(ranking.name), valueName: inLanguage(ranking.valueName), items: ranking.items }));
}

/** The printable report: everything it prints, bounded (the tops, each theme's best, the leading proposals per segment, the groups' own). */
function forReport(snapshot: EmergenceResults): Trimmed {
  const leading = leadingIds(snapshot, segmentTableSize);
  const groupIds = [...representativeIds(snapshot.groups), ...mostDivisive(snapshot.groups, divisiveSize)];
  const ids = new Set([...topIds(snapshot), ...bestOfThemes(snapshot), ...leading, ...groupIds]);
  return {
    results: {
      ...snapshot,
      proposals: proposalsAmong(snapshot, ids),
      participation: boundedParticipation(snapshot.participation, false),
      segments: segmentsAmong(snapshot.segments, new Set(leading)),
      groups: groupsAmong(snapshot.groups, new Set(groupIds), true),
    },
    extra: {},
  };
}

/** The prefix in each language the shown proposals are written in (the reader's when a language has none). */
function prefixesFor(context: Context, proposals: ProposalResult[]): Record<string, string> {
  const { prefix } = context.instance.config;
  const languages = new Set([context.locale, ...proposals.map((proposal) => proposal.language)]);
  return Object.fromEntries([...languages].map((lang) => [lang, prefix[lang] || pickLanguage(prefix, context.locale, context.consultation.default_language).text]));
}

async function themeTitlesFor({ db, consultation, locale }: Context): Promise<Record<string, string>> {
  const rows = await db.selectFrom('themes').select(['id', 'title']).where('consultation_id', '=', consultation.id).execute();
  return Object.fromEntries(rows.map((row) => [row.id, pickLanguage(row.title as LocalizedText, locale, consultation.default_language).text]));
}

async function ideaTitlesFor({ db, consultation }: Context, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('ideas').select(['id', 'title']).where('consultation_id', '=', consultation.id).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((row) => [row.id, row.title]));
}
