import { rake } from '../../platform/stats/raking';
import type { ResultsConfig } from './manifest';
import type { EmergenceInput, EmergenceResults, EmergenceState, Participation, ProposalResult, TopEntry, Tops, Weighting, Zone } from './results-data';
import { zones } from './results-data';
import { carrierOf, groupConsensusOf, groupGate, opinionGroups, type IndexedVotes } from './emergence-groups';
import { Tally, agreeBit, voteCode, zoneOf } from './emergence-scores';
import { answerOf, segmentResults } from './emergence-segments';

/*
 * The emergence of a massive consultation, as pure functions: from trusted votes to scores with
 * bounds, zones, tops, segments, weighting and opinion groups. No database here (results.server.ts
 * loads the input and stores the output), so that every formula is tested against hand-computed
 * values and the whole is tested on planted data (emergence.test.ts). Formulas: docs/emergence.md.
 */

type InputProposal = EmergenceInput['proposals'][number];
const hour = 3_600_000;
const hoursShown = 168;

/**
 * Computes an instance's emergence. `previous` is what the last computation kept (k, centroids,
 * axes) so that groups stay stable between updates; the returned state replaces it.
 */
export function computeEmergence(input: EmergenceInput, config: ResultsConfig, previous: EmergenceState | null): { results: Omit<EmergenceResults, 'fingerprint' | 'durationMs'>; state: EmergenceState } {
  const accepted = input.proposals.filter((proposal) => proposal.status === 'accepted');
  const columnIds = accepted.map((proposal) => proposal.id);
  const { votes, voterIds, participation } = indexVotes(input, accepted);

  const ideaIds = [...new Set(accepted.flatMap((proposal) => (proposal.ideaId ? [proposal.ideaId] : [])))];
  const ideaIndex = new Map(ideaIds.map((id, index) => [id, index]));
  const ideaOf = Int32Array.from(accepted, (proposal) => (proposal.ideaId ? ideaIndex.get(proposal.ideaId)! : -1));
  const weights = config.weighting.length > 0 ? weightVoters(votes, voterIds, input.voterSegments, config) : null;

  const tally = new Tally(accepted.length);
  const ideaTally = new Tally(ideaIds.length);
  const weightedTally = weights ? new Tally(accepted.length) : null;
  for (let i = 0; i < votes.length; i++) {
    const column = votes.column[i]!;
    const code = votes.code[i]!;
    tally.add(column, code);
    const idea = ideaOf[column]!;
    if (idea >= 0) ideaTally.add(idea, code);
    if (weightedTally) weightedTally.add(column, code, weights!.weights[votes.voter[i]!]!);
  }

  const grouping = opinionGroups(votes, columnIds, config, previous);
  const tallies = grouping.tallies;
  const proposals: ProposalResult[] = accepted.map((proposal, column) => {
    const scores = tally.scores(column);
    const count = tally.votes(column);
    const carriedBy = tallies ? carrierOf(votes, tallies, column, config) : null;
    let weighted: ProposalResult['weighted'] = null;
    if (weightedTally) {
      const weightedScores = weightedTally.scores(column, true);
      weighted = { counts: weightedTally.counts(column), scores: weightedScores, effectiveVotes: weightedTally.effectiveVotes(column), zone: groupGate(zoneOf(weightedScores, count, config), tallies, column, carriedBy) };
    }
    return {
      id: proposal.id,
      body: proposal.body,
      language: proposal.language,
      themeId: proposal.themeId,
      ideaId: proposal.ideaId,
      tags: proposal.tags,
      impressions: proposal.impressions,
      untrustedVotes: proposal.untrustedVotes,
      counts: tally.counts(column),
      scores,
      weighted,
      zone: groupGate(zoneOf(scores, count, config), tallies, column, carriedBy),
      groupConsensus: tallies ? groupConsensusOf(tallies, column) : null,
      carriedBy,
    };
  });
  proposals.sort((a, b) => b.scores.topScore.low - a.scores.topScore.low || b.counts.votes - a.counts.votes || compareText(a.id, b.id));

  const zoneCounts = Object.fromEntries(zones.map((zone) => [zone, 0])) as Record<Zone, number>;
  for (const proposal of proposals) zoneCounts[proposal.zone]++;

  participation.byIdea = ideaIds
    .map((ideaId, index) => ({ ideaId, proposals: accepted.filter((proposal) => proposal.ideaId === ideaId).map((proposal) => proposal.id), counts: ideaTally.counts(index), scores: ideaTally.scores(index) }))
    .sort((a, b) => b.counts.votes - a.counts.votes || compareText(a.ideaId, b.ideaId));

  return {
    results: {
      computedAt: input.now.toISOString(),
      settings: {
        minVotes: config.minVotes,
        consensusAgreeLow: config.consensusAgreeLow,
        controversyBothLow: config.controversyBothLow,
        rejectionDisagreeLow: config.rejectionDisagreeLow,
        limboNeutral: config.limboNeutral,
        minSegmentVoters: config.minSegmentVoters,
        minGroupShare: config.minGroupShare,
        minVotesPerParticipant: config.minVotesPerParticipant,
      },
      proposals,
      tops: topsOf(proposals, config),
      zoneCounts,
      participation,
      segments: segmentResults(votes, voterIds, input.voterSegments, input.segmentFields, columnIds, config),
      weighting: weights?.summary ?? null,
      groups: grouping.groups,
      groupsAbsence: grouping.absence,
    },
    state: grouping.state,
  };
}

/**
 * One pass over the votes: the counted ones (accepted proposals) become typed arrays, and the
 * participation figures (every status) are counted on the way.
 */
function indexVotes(input: EmergenceInput, accepted: InputProposal[]): { votes: IndexedVotes; voterIds: string[]; participation: Participation } {
  const proposalIndex = new Map(input.proposals.map((proposal, index) => [proposal.id, index]));
  const columnOfProposal = new Int32Array(input.proposals.length).fill(-1);
  accepted.forEach((proposal, column) => (columnOfProposal[proposalIndex.get(proposal.id)!] = column));
  const votesOnProposal = new Int32Array(input.proposals.length);

  const nowHour = Math.floor(input.now.getTime() / hour) * hour;
  const firstHour = nowHour - (hoursShown - 1) * hour;
  const votesPerHour = new Int32Array(hoursShown);
  const proposalsPerHour = new Int32Array(hoursShown);
  const hourOf = (date: Date) => {
    const slot = Math.floor((date.getTime() - firstHour) / hour);
    return slot >= 0 && slot < hoursShown ? slot : -1;
  };

  const voterIndex = new Map<string, number>();
  const voterIds: string[] = [];
  const column = new Int32Array(input.votes.length);
  const voter = new Int32Array(input.votes.length);
  const code = new Uint16Array(input.votes.length);
  let length = 0;
  let allVotes = 0;
  for (const vote of input.votes) {
    const index = proposalIndex.get(vote.proposalId);
    if (index === undefined) continue;
    allVotes++;
    votesOnProposal[index]!++;
    let person = voterIndex.get(vote.userId);
    if (person === undefined) {
      person = voterIds.length;
      voterIndex.set(vote.userId, person);
      voterIds.push(vote.userId);
    }
    const slot = hourOf(vote.createdAt);
    if (slot >= 0) votesPerHour[slot]!++;
    const proposalColumn = columnOfProposal[index]!;
    if (proposalColumn < 0) continue;
    column[length] = proposalColumn;
    voter[length] = person;
    code[length] = voteCode(vote.vote, vote.qualifications);
    length++;
  }

  const votes: IndexedVotes = {
    length,
    column: column.subarray(0, length),
    voter: voter.subarray(0, length),
    code: code.subarray(0, length),
    voters: voterIds.length,
    columns: accepted.length,
    votesOf: new Int32Array(voterIds.length),
    votesOn: new Int32Array(accepted.length),
    agreeOn: new Int32Array(accepted.length),
  };
  for (let i = 0; i < length; i++) {
    votes.votesOf[votes.voter[i]!]!++;
    votes.votesOn[votes.column[i]!]!++;
    if (votes.code[i]! & agreeBit) votes.agreeOn[votes.column[i]!]!++;
  }

  const statuses: Participation['proposals'] = { pending: 0, accepted: 0, refused: 0, postponed: 0, archived: 0 };
  const themes = new Map<string | null, { proposals: number; votes: number }>();
  const tags = new Map<string, { proposals: number; votes: number }>();
  const proposers = new Set<string>();
  input.proposals.forEach((proposal, index) => {
    statuses[proposal.status]++;
    if (proposal.authorId) proposers.add(proposal.authorId);
    const slot = hourOf(proposal.createdAt);
    if (slot >= 0) proposalsPerHour[slot]!++;
    // Themes and tags count what voters see: published proposals (the statuses above count the rest).
    if (proposal.status !== 'accepted') return;
    const received = votesOnProposal[index]!;
    const theme = themes.get(proposal.themeId) ?? { proposals: 0, votes: 0 };
    theme.proposals++;
    theme.votes += received;
    themes.set(proposal.themeId, theme);
    for (const tag of new Set(proposal.tags)) {
      const entry = tags.get(tag) ?? { proposals: 0, votes: 0 };
      entry.proposals++;
      entry.votes += received;
      tags.set(tag, entry);
    }
  });

  let start = 0;
  while (start < hoursShown && votesPerHour[start] === 0 && proposalsPerHour[start] === 0) start++;
  const perHour: Participation['perHour'] = [];
  for (let slot = start; slot < hoursShown; slot++) perHour.push({ hour: new Date(firstHour + slot * hour).toISOString(), votes: votesPerHour[slot]!, proposals: proposalsPerHour[slot]! });

  const byCount = (a: { proposals: number; votes: number }, b: { proposals: number; votes: number }) => b.votes - a.votes || b.proposals - a.proposals;
  return {
    votes,
    voterIds,
    participation: {
      voters: voterIds.length,
      proposers: proposers.size,
      proposals: statuses,
      votes: allVotes,
      untrustedVotes: input.untrustedVotes,
      perHour,
      byTheme: [...themes].map(([themeId, counts]) => ({ themeId, ...counts })).sort((a, b) => byCount(a, b) || compareText(a.themeId ?? '\uffff', b.themeId ?? '\uffff')),
      byTag: [...tags].map(([tag, counts]) => ({ tag, ...counts })).sort((a, b) => byCount(a, b) || compareText(a.tag, b.tag)),
      byIdea: [],
    },
  };
}

/** Rakes the voters with counted votes to the target margins; each voter's weight (0 for the others). */
function weightVoters(votes: IndexedVotes, voterIds: readonly string[], voterSegments: EmergenceInput['voterSegments'], config: ResultsConfig): { weights: Float64Array; summary: Weighting } {
  const fields = config.weighting.map((margin) => margin.field);
  const counted: number[] = [];
  for (let voter = 0; voter < votes.voters; voter++) if (votes.votesOf[voter]! > 0) counted.push(voter);
  const people = counted.map((voter) => Object.fromEntries(fields.map((field) => [field, answerOf(voterSegments.get(voterIds[voter]!), field)])));
  const raked = rake(people, config.weighting);
  const weights = new Float64Array(votes.voters);
  counted.forEach((voter, person) => (weights[voter] = raked.weights[person]!));
  return {
    weights,
    summary: { fields, effectiveSampleSize: raked.effectiveSampleSize, voters: counted.length, iterations: raked.iterations, converged: raked.converged, unreachable: raked.unreachable },
  };
}

/** Each zone's top, by the lower bound of its figure; equal lower bounds share a rank. */
function topsOf(proposals: readonly ProposalResult[], config: ResultsConfig): Tops {
  const top = (zone: Zone, figure: (proposal: ProposalResult) => ProposalResult['scores']['topScore']): TopEntry[] => {
    const ranked = proposals
      .filter((proposal) => proposal.zone === zone && proposal.counts.votes >= config.minVotes)
      .sort((a, b) => figure(b).low - figure(a).low || b.counts.votes - a.counts.votes || compareText(a.id, b.id))
      .slice(0, config.topSize);
    const entries: TopEntry[] = [];
    ranked.forEach((proposal, index) => {
      const before = entries[index - 1];
      const rank = before && figure(ranked[index - 1]!).low === figure(proposal).low ? before.rank : index + 1;
      entries.push({ proposalId: proposal.id, rank, score: figure(proposal), carriedBy: proposal.carriedBy });
    });
    return entries;
  };
  return {
    consensus: top('consensus', (proposal) => proposal.scores.topScore),
    controversy: top('controversy', (proposal) => proposal.scores.controversy),
    rejection: top('rejection', (proposal) => proposal.scores.rejection),
  };
}

/** Code-point order, the same on every machine (localeCompare depends on the ICU data). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
