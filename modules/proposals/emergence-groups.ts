import { rate, twoProportionTest, wilson, z95 } from '../../platform/stats/intervals';
import { stableClustering } from '../../platform/stats/kmeans';
import { principalAxes, type SparseVotes } from '../../platform/stats/pca';
import { mulberry32 } from '../../platform/stats/random';
import type { ResultsConfig } from './manifest';
import type { EmergenceState, GroupsAbsence, OpinionGroup, OpinionGroups, Zone } from './results-data';
import { agreeBit, disagreeBit } from './emergence-scores';

/*
 * Opinion groups (docs/emergence.md, "Opinion groups"): the participant × proposal matrix reduced
 * to two axes, clustered, then each group's votes on each proposal, the proposals that set it
 * apart, and the group-informed consensus (Small et al. 2021, https://doi.org/10.6035/recerca.5516).
 */

/** Below this many participants with enough votes, groups would be noise. */
export const minGroupedParticipants = 20;
/** Shuffled copies of the matrix the first axis must beat (parallel analysis, Horn 1965). */
const chanceRuns = 5;
/**
 * Power iterations for the comparison with chance: without structure the top eigenvalues are
 * close and the axis never settles, so the real votes and the shuffled copies are both measured
 * after this many iterations from the same start (the clustering itself uses converged axes).
 */
const chanceIterations = 40;
const chanceSeed = 0x85ebca6b;
const maxPoints = 2000;
const maxRepresentative = 5;
const pointsSeed = 0x9e3779b9;

/** The counted votes, indexed once: proposal column, voter index and vote code per vote. */
export interface IndexedVotes {
  length: number;
  column: Int32Array;
  voter: Int32Array;
  code: Uint16Array;
  voters: number;
  columns: number;
  /** Counted votes per voter. */
  votesOf: Int32Array;
  /** Counted votes per proposal column. */
  votesOn: Int32Array;
  agreeOn: Int32Array;
}

/** Each group's counts per proposal column, by group index (the group's id is index + 1). */
export interface GroupTallies {
  /** Group index of each voter, −1 when not grouped. */
  groupOf: Int32Array;
  sizes: number[];
  seen: Int32Array[];
  agree: Int32Array[];
  disagree: Int32Array[];
  /** Groups holding at least minGroupShare of the grouped participants: they may veto. */
  large: boolean[];
}

export type GroupsOutcome =
  | { groups: OpinionGroups; tallies: GroupTallies; absence: null; state: EmergenceState }
  | { groups: null; tallies: null; absence: GroupsAbsence; state: EmergenceState };

export function opinionGroups(votes: IndexedVotes, columnIds: readonly string[], config: ResultsConfig, previous: EmergenceState | null): GroupsOutcome {
  const rowOf = new Int32Array(votes.voters).fill(-1);
  const voterOfRow: number[] = [];
  for (let voter = 0; voter < votes.voters; voter++) {
    if (votes.votesOf[voter]! >= config.minVotesPerParticipant) {
      rowOf[voter] = voterOfRow.length;
      voterOfRow.push(voter);
    }
  }
  const rows = voterOfRow.length;
  if (rows < minGroupedParticipants) {
    return { groups: null, tallies: null, absence: { reason: 'tooFewParticipants', needed: minGroupedParticipants, have: rows }, state: previous ?? { k: null, centroids: [], axes: null } };
  }

  let entries = 0;
  for (let i = 0; i < votes.length; i++) if (rowOf[votes.voter[i]!]! >= 0) entries++;
  const matrix: SparseVotes = { rows, columns: votes.columns, row: new Int32Array(entries), column: new Int32Array(entries), value: new Float64Array(entries) };
  for (let i = 0, e = 0; i < votes.length; i++) {
    const row = rowOf[votes.voter[i]!]!;
    if (row < 0) continue;
    const code = votes.code[i]!;
    matrix.row[e] = row;
    matrix.column[e] = votes.column[i]!;
    matrix.value[e] = code & agreeBit ? 1 : code & disagreeBit ? -1 : 0;
    e++;
  }

  const alignedAxis = (axis: Record<string, number> | undefined) => (axis ? Float64Array.from(columnIds, (id) => axis[id] ?? 0) : null);
  const projection = principalAxes(matrix, previous?.axes ? { previousAxes: [alignedAxis(previous.axes[0]), alignedAxis(previous.axes[1])] } : {});
  // k-means finds groups in any cloud of points, noise included, and groups may veto a
  // consensus: they are kept only when the main axis explains more than it does on the same
  // votes shuffled within each proposal (same voters, same shares, no opinion structure).
  // Both sides are measured the same way (the same number of iterations from the same start), so
  // that a slowly converging noise axis is compared with a slowly converging noise axis.
  const chance = chanceExplained(matrix);
  const explained = principalAxes(matrix, { iterations: chanceIterations }).explained[0];
  if (explained <= chance) {
    return { groups: null, tallies: null, absence: { reason: 'noStructure', explained: round(explained), chance: round(chance) }, state: previous ?? { k: null, centroids: [], axes: null } };
  }
  const previousClustering = previous?.k && previous.centroids.length === previous.k ? { k: previous.k, centroids: previous.centroids } : null;
  const clustering = stableClustering(projection.x, projection.y, { previous: previousClustering, seed: 1 });
  const k = clustering.k;

  const groupOf = new Int32Array(votes.voters).fill(-1);
  const sizes = new Array<number>(k).fill(0);
  for (let row = 0; row < rows; row++) {
    const label = clustering.labels[row]!;
    groupOf[voterOfRow[row]!] = label;
    sizes[label]!++;
  }
  const seen = Array.from({ length: k }, () => new Int32Array(votes.columns));
  const agree = Array.from({ length: k }, () => new Int32Array(votes.columns));
  const disagree = Array.from({ length: k }, () => new Int32Array(votes.columns));
  for (let i = 0; i < votes.length; i++) {
    const group = groupOf[votes.voter[i]!]!;
    if (group < 0) continue;
    const column = votes.column[i]!;
    const code = votes.code[i]!;
    seen[group]![column]!++;
    if (code & agreeBit) agree[group]![column]!++;
    else if (code & disagreeBit) disagree[group]![column]!++;
  }
  const tallies: GroupTallies = { groupOf, sizes, seen, agree, disagree, large: sizes.map((size) => size / rows >= config.minGroupShare) };

  const groups: OpinionGroup[] = sizes.map((size, g) => ({
    id: g + 1,
    size,
    centroid: clustering.centroids[g]!,
    representative: representativeProposals(votes, tallies, g, columnIds),
  }));
  const agreement: OpinionGroups['agreement'] = {};
  columnIds.forEach((id, column) => {
    agreement[id] = sizes.map((_, g) => ({ groupId: g + 1, seen: seen[g]![column]!, agree: agree[g]![column]!, disagree: disagree[g]![column]!, rate: rate(agree[g]![column]!, seen[g]![column]!) }));
  });

  return {
    groups: {
      k,
      silhouette: clustering.silhouette,
      explained: projection.explained,
      grouped: rows,
      ungrouped: countVoters(votes) - rows,
      groups,
      agreement,
      points: samplePoints(rows).map((row) => ({ x: round(projection.x[row]!), y: round(projection.y[row]!), group: clustering.labels[row]! + 1 })),
    },
    tallies,
    absence: null,
    state: {
      k,
      centroids: clustering.centroids,
      axes: [Object.fromEntries(columnIds.map((id, column) => [id, projection.axes[0][column]!])), Object.fromEntries(columnIds.map((id, column) => [id, projection.axes[1][column]!]))],
    },
  };
}

function countVoters(votes: IndexedVotes): number {
  let count = 0;
  for (let voter = 0; voter < votes.voters; voter++) if (votes.votesOf[voter]! > 0) count++;
  return count;
}

/** Agreement in the group against every other vote on the proposal, significant at 5%, largest differences first. */
function representativeProposals(votes: IndexedVotes, tallies: GroupTallies, g: number, columnIds: readonly string[]): OpinionGroup['representative'] {
  const found: (OpinionGroup['representative'][number] & { difference: number; column: number })[] = [];
  for (let column = 0; column < votes.columns; column++) {
    const seen = tallies.seen[g]![column]!;
    const agree = tallies.agree[g]![column]!;
    const restSeen = votes.votesOn[column]! - seen;
    const restAgree = votes.agreeOn[column]! - agree;
    if (seen === 0 || restSeen === 0) continue;
    const test = twoProportionTest(agree, seen, restAgree, restSeen);
    if (!(test.pValue < 0.05)) continue;
    const difference = agree / seen - restAgree / restSeen;
    found.push({ proposalId: columnIds[column]!, direction: difference > 0 ? 'agree' : 'disagree', inGroup: rate(agree, seen), rest: rate(restAgree, restSeen), z: test.z, pValue: test.pValue, difference, column });
  }
  found.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.pValue - b.pValue || a.column - b.column);
  return found.slice(0, maxRepresentative).map(({ difference, column, ...entry }) => entry);
}

/** Π over groups of (agree_g + 1) / (seen_g + 2). */
export function groupConsensusOf(tallies: GroupTallies, column: number): number {
  let product = 1;
  for (let g = 0; g < tallies.sizes.length; g++) product *= (tallies.agree[g]![column]! + 1) / (tallies.seen[g]![column]! + 2);
  return product;
}

/**
 * The group whose support alone carries the proposal (its id), or null. "The rest" is every
 * vote on the proposal outside the group, leaving out groups too small to veto: a small group
 * that disagrees with everything (a brigade) must not make the large group it opposes look
 * like a lone carrier of what everybody else agrees on.
 */
export function carrierOf(votes: IndexedVotes, tallies: GroupTallies, column: number, config: ResultsConfig): number | null {
  const total = votes.votesOn[column]!;
  if (total < config.minVotes) return null;
  let smallSeen = 0;
  let smallAgree = 0;
  tallies.sizes.forEach((_, g) => {
    if (tallies.large[g]) return;
    smallSeen += tallies.seen[g]![column]!;
    smallAgree += tallies.agree[g]![column]!;
  });
  let carrier: number | null = null;
  let strongest = -Infinity;
  tallies.sizes.forEach((_, g) => {
    const seen = tallies.seen[g]![column]!;
    const agree = tallies.agree[g]![column]!;
    if (seen === 0) return;
    const restSeen = total - seen - (tallies.large[g] ? smallSeen : smallSeen - seen);
    const restAgree = votes.agreeOn[column]! - agree - (tallies.large[g] ? smallAgree : smallAgree - agree);
    // Nobody outside the group voted on it while other large groups exist (a camp's own fresh
    // proposal): its support is the group's alone, whatever a test would say on nothing. When
    // every other group is small, an empty rest is no sign of anything.
    if (restSeen === 0) {
      if (!tallies.large.some((large, other) => large && other !== g)) return;
      if (wilson(agree, seen).low >= config.consensusAgreeLow && strongest < Infinity) {
        strongest = Infinity;
        carrier = g + 1;
      }
      return;
    }
    const { z } = twoProportionTest(agree, seen, restAgree, restSeen);
    if (z < z95) return;
    if (wilson(restAgree, restSeen).low >= config.consensusAgreeLow) return;
    if (wilson(agree, seen).low < config.consensusAgreeLow) return;
    if (z > strongest) {
      strongest = z;
      carrier = g + 1;
    }
  });
  return carrier;
}

/**
 * A consensus candidate stays one only if no group carries it alone and no group large enough
 * to veto clearly disagrees: the upper bound of its agreement (Wilson, 95%) below one half.
 * Groups are drawn from the votes themselves, so a group of a few dozen people always looks
 * less agreeing on the proposals that set it apart: a veto asks for evidence, not a lean.
 * A vetoed candidate is a controversy; one carried by a single group is mixed.
 */
export function groupGate(zone: Zone, tallies: GroupTallies | null, column: number, carriedBy: number | null): Zone {
  if (zone !== 'consensus' || !tallies) return zone;
  let vetoed = false;
  tallies.sizes.forEach((_, g) => {
    if (tallies.large[g] && wilson(tallies.agree[g]![column]!, tallies.seen[g]![column]!).high < 0.5) vetoed = true;
  });
  if (vetoed) return 'controversy';
  return carriedBy === null ? 'consensus' : 'mixed';
}

/**
 * The largest share of variance the first axis explains over `chanceRuns` copies of the matrix
 * whose votes are shuffled among each proposal's voters (Horn's parallel analysis,
 * https://doi.org/10.1007/BF02289447): what opinion structure would look like by chance.
 */
function chanceExplained(matrix: SparseVotes): number {
  const random = mulberry32(chanceSeed);
  const entriesOf: number[][] = Array.from({ length: matrix.columns }, () => []);
  for (let e = 0; e < matrix.value.length; e++) entriesOf[matrix.column[e]!]!.push(e);
  const shuffled: SparseVotes = { ...matrix, value: new Float64Array(matrix.value.length) };
  let highest = 0;
  for (let run = 0; run < chanceRuns; run++) {
    for (const entries of entriesOf) {
      const values = entries.map((e) => matrix.value[e]!);
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [values[i], values[j]] = [values[j]!, values[i]!];
      }
      entries.forEach((e, i) => (shuffled.value[e] = values[i]!));
    }
    highest = Math.max(highest, principalAxes(shuffled, { iterations: chanceIterations }).explained[0]);
  }
  return highest;
}

/** A deterministic sample of at most maxPoints rows, in row order. */
function samplePoints(rows: number): number[] {
  const order = Array.from({ length: rows }, (_, row) => row);
  if (rows <= maxPoints) return order;
  const random = mulberry32(pointsSeed);
  for (let i = 0; i < maxPoints; i++) {
    const j = i + Math.floor(random() * (rows - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, maxPoints).sort((a, b) => a - b);
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
