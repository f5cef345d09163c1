import type { VoteKind } from '../../platform/db/schema';
import { computeEmergence } from './emergence';
import type { ResultsConfig } from './manifest';
import { qualifications, type EmergenceInput, type EmergenceState, type Qualification } from './results-data';

/*
 * The emergence input in columns, as it travels from the loader (results.server.ts) to the
 * worker thread (emergence.worker.ts): a million votes as a million objects would cost the main
 * thread seconds of allocation and garbage collection, and copying them to a worker as many
 * again; as typed arrays they take about 20 MB and are handed over without a copy (their buffers
 * are transferred). The worker rebuilds the objects computeEmergence takes.
 */

export const voteKinds = ['agree', 'disagree', 'neutral'] as const satisfies readonly VoteKind[];
const kindCode = new Map<string, number>(voteKinds.map((kind, code) => [kind, code]));
const qualificationBit = new Map<string, number>(qualifications.map((name, bit) => [name, 1 << bit]));

/** The counted votes, one entry per vote in each array; only the first `length` entries are votes. */
export interface ColumnarVotes {
  length: number;
  /** Index in the input's proposals. */
  proposal: Int32Array;
  /** Index in the input's voterIds. */
  voter: Int32Array;
  /** Index in voteKinds. */
  vote: Int8Array;
  /** Bit i set when qualifications[i] (results-data.ts) was given; other names are never counted and are left out. */
  qualifications: Uint16Array;
  /** Milliseconds since the epoch. */
  createdAt: Float64Array;
}

export interface ColumnarInput extends Omit<EmergenceInput, 'votes' | 'voterSegments'> {
  votes: ColumnarVotes;
  voterIds: string[];
  /** Aligned with voterIds: each voter's segment answers, null when none were loaded. */
  voterSegments: (Record<string, string> | null)[];
}

/** Collects votes into columns, the arrays doubling as they fill; voters are indexed on the way. */
export class ColumnarVotesBuilder {
  readonly voterIds: string[] = [];
  readonly voterSegments: (Record<string, string> | null)[] = [];
  private readonly voterIndex = new Map<string, number>();
  private length = 0;
  private proposal: Int32Array;
  private voter: Int32Array;
  private vote: Int8Array;
  private qualifications: Uint16Array;
  private createdAt: Float64Array;

  constructor(capacity = 1024) {
    const size = Math.max(1, capacity);
    this.proposal = new Int32Array(size);
    this.voter = new Int32Array(size);
    this.vote = new Int8Array(size);
    this.qualifications = new Uint16Array(size);
    this.createdAt = new Float64Array(size);
  }

  /** The voter's index, given on first sight. */
  voterOf(userId: string): number {
    let index = this.voterIndex.get(userId);
    if (index === undefined) {
      index = this.voterIds.length;
      this.voterIndex.set(userId, index);
      this.voterIds.push(userId);
      this.voterSegments.push(null);
    }
    return index;
  }

  add(proposal: number, voter: number, vote: VoteKind, given: readonly string[], createdAt: number): void {
    const code = kindCode.get(vote);
    if (code === undefined) throw new Error(`Unknown vote "${vote}"`);
    if (this.length === this.proposal.length) this.grow();
    let mask = 0;
    for (const name of given) mask |= qualificationBit.get(name) ?? 0;
    const i = this.length++;
    this.proposal[i] = proposal;
    this.voter[i] = voter;
    this.vote[i] = code;
    this.qualifications[i] = mask;
    this.createdAt[i] = createdAt;
  }

  votes(): ColumnarVotes {
    const n = this.length;
    return {
      length: n,
      proposal: this.proposal.subarray(0, n),
      voter: this.voter.subarray(0, n),
      vote: this.vote.subarray(0, n),
      qualifications: this.qualifications.subarray(0, n),
      createdAt: this.createdAt.subarray(0, n),
    };
  }

  private grow(): void {
    const size = this.proposal.length * 2;
    const grown = <T extends Int32Array | Int8Array | Uint16Array | Float64Array>(array: T, make: (size: number) => T) => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.proposal = grown(this.proposal, (n) => new Int32Array(n));
    this.voter = grown(this.voter, (n) => new Int32Array(n));
    this.vote = grown(this.vote, (n) => new Int8Array(n));
    this.qualifications = grown(this.qualifications, (n) => new Uint16Array(n));
    this.createdAt = grown(this.createdAt, (n) => new Float64Array(n));
  }
}

/** The buffers to transfer with a ColumnarInput (they become unusable on the sending side). */
export function transferablesOf(input: ColumnarInput): ArrayBuffer[] {
  const { proposal, voter, vote, qualifications: given, createdAt } = input.votes;
  return [proposal.buffer, voter.buffer, vote.buffer, given.buffer, createdAt.buffer] as ArrayBuffer[];
}

/** An EmergenceInput in columns (tests and the benchmark make theirs as objects). Votes on unknown proposals are left out, as computeEmergence leaves them out. */
export function columnarInputOf(input: EmergenceInput): ColumnarInput {
  const proposalIndex = new Map(input.proposals.map((proposal, index) => [proposal.id, index]));
  const builder = new ColumnarVotesBuilder(input.votes.length);
  for (const vote of input.votes) {
    const proposal = proposalIndex.get(vote.proposalId);
    if (proposal === undefined) continue;
    builder.add(proposal, builder.voterOf(vote.userId), vote.vote, vote.qualifications, vote.createdAt.getTime());
  }
  for (const [userId, segments] of input.voterSegments) builder.voterSegments[builder.voterOf(userId)] = segments;
  const { votes: _votes, voterSegments: _segments, ...rest } = input;
  return { ...rest, votes: builder.votes(), voterIds: builder.voterIds, voterSegments: builder.voterSegments };
}

/** The objects computeEmergence takes; votes with the same qualifications share one array. */
export function emergenceInputOf(columnar: ColumnarInput): EmergenceInput {
  const { votes, voterIds } = columnar;
  const proposalIds = columnar.proposals.map((proposal) => proposal.id);
  const givenByMask = new Map<number, readonly Qualification[]>();
  const namesOf = (mask: number) => {
    let names = givenByMask.get(mask);
    if (!names) {
      names = Object.freeze(qualifications.filter((_, bit) => mask & (1 << bit)));
      givenByMask.set(mask, names);
    }
    return names;
  };
  const list: EmergenceInput['votes'] = new Array(votes.length);
  for (let i = 0; i < votes.length; i++) {
    list[i] = {
      proposalId: proposalIds[votes.proposal[i]!]!,
      userId: voterIds[votes.voter[i]!]!,
      vote: voteKinds[votes.vote[i]!]!,
      qualifications: namesOf(votes.qualifications[i]!),
      createdAt: new Date(votes.createdAt[i]!),
    };
  }
  const voterSegments = new Map<string, Record<string, string>>();
  columnar.voterSegments.forEach((segments, voter) => {
    if (segments) voterSegments.set(voterIds[voter]!, segments);
  });
  return {
    proposals: columnar.proposals,
    votes: list,
    voterSegments,
    segmentFields: columnar.segmentFields,
    untrustedVotes: columnar.untrustedVotes,
    now: columnar.now,
  };
}

/** computeEmergence on a columnar input, its output as the JSON text that is stored (so that the worker, not the main thread, serialises it). */
export function computeEmergenceText(columnar: ColumnarInput, config: ResultsConfig, previous: EmergenceState | null): { results: string; state: string } {
  const { results, state } = computeEmergence(emergenceInputOf(columnar), config, previous);
  return { results: JSON.stringify(results), state: JSON.stringify(state) };
}
