import type { VoteKind } from '../../platform/db/schema';
import { mulberry32, type Random } from '../../platform/stats/random';
import type { EmergenceInput } from './results-data';
import { qualificationsByVote } from './rules';

/*
 * Synthetic consultations with planted answers, for emergence.test.ts and bench/emergence.ts:
 * proposals of known kinds (a consensus, a controversy…), voters who vote at random according
 * to each kind's distribution, and optionally a brigade. Seeded, so every run is the same.
 */

export type PlantedKind = 'consensus' | 'controversy' | 'rejection' | 'limbo' | 'mixed' | 'brigaded';

/** Each kind's chances of agree / disagree / neutral among ordinary voters. */
export const plantedOpinions: Record<PlantedKind, { agree: number; disagree: number; neutral: number }> = {
  consensus: { agree: 0.8, disagree: 0.1, neutral: 0.1 },
  controversy: { agree: 0.45, disagree: 0.45, neutral: 0.1 },
  rejection: { agree: 0.15, disagree: 0.75, neutral: 0.1 },
  limbo: { agree: 0.2, disagree: 0.2, neutral: 0.6 },
  mixed: { agree: 0.5, disagree: 0.2, neutral: 0.3 },
  // Mildly supported: not a consensus by itself (agreement's lower bound stays under 0.6).
  brigaded: { agree: 0.57, disagree: 0.33, neutral: 0.1 },
};

/** The chance of each qualification given with a vote (independent of each other). */
const qualificationChances: Record<string, number> = { likeIt: 0.4, doable: 0.5, platitudeAgree: 0.1, noWay: 0.4, impossible: 0.3, platitudeDisagree: 0.1, doNotUnderstand: 0.2, noOpinion: 0.5, doNotCare: 0.2 };

export interface PlantedOptions {
  proposals: number;
  /** Ordinary voters (the brigade comes on top). */
  voters: number;
  votesPerVoter: number;
  seed: number;
  /** Share of each planted kind among the proposals that are not brigaded (default: a fifth each of the five kinds). */
  mix?: Partial<Record<Exclude<PlantedKind, 'brigaded'>, number>>;
  /** Extra voters (`share` of the ordinary ones) who all agree with the same proposals and disagree with every other one they see. */
  brigade?: { share: number; proposals: number; votesPerMember: number };
  /** Segment fields and their values' shares; every voter gets one value per field. */
  segments?: Record<string, Record<string, number>>;
  now?: Date;
}

export interface PlantedConsultation {
  input: EmergenceInput;
  planted: Map<string, PlantedKind>;
  brigade?: { voterIds: string[]; proposalIds: string[] };
}

export const defaultSegments: Record<string, Record<string, number>> = {
  region: { Bretagne: 0.2, 'Île-de-France': 0.35, Occitanie: 0.25, Normandie: 0.2 },
  age_band: { '18-34': 0.3, '35-54': 0.4, '55+': 0.3 },
};

const id = (prefix: string, index: number) => `${prefix}${String(index).padStart(6, '0')}`;

export function plantedConsultation(options: PlantedOptions): PlantedConsultation {
  const random = mulberry32(options.seed);
  const now = options.now ?? new Date('2025-03-01T12:00:00Z');
  const brigadeProposals = options.brigade?.proposals ?? 0;
  const kinds = plantedKinds(options.proposals - brigadeProposals, options.mix, random);
  kinds.unshift(...new Array<PlantedKind>(brigadeProposals).fill('brigaded'));
  shuffle(kinds, random);

  const input = emptyInput(now);
  input.segmentFields = Object.keys(options.segments ?? defaultSegments);
  const planted = new Map<string, PlantedKind>();
  kinds.forEach((kind, index) => {
    const proposal = fixtureProposal(id('p', index), { createdAt: new Date(now.getTime() - 4 * 86_400_000 + index * 60_000) });
    input.proposals.push(proposal);
    planted.set(proposal.id, kind);
  });

  const clock = new VoteClock(now, random);
  const order = Int32Array.from(kinds, (_, index) => index);
  for (let v = 0; v < options.voters; v++) {
    const userId = id('v', v);
    input.voterSegments.set(userId, segmentsOf(options.segments ?? defaultSegments, random));
    for (const index of pick(order, options.votesPerVoter, random)) {
      const opinion = plantedOpinions[kinds[index]!];
      const draw = random();
      const vote: VoteKind = draw < opinion.agree ? 'agree' : draw < opinion.agree + opinion.disagree ? 'disagree' : 'neutral';
      input.votes.push({ proposalId: id('p', index), userId, vote, qualifications: qualificationsFor(vote, random), createdAt: clock.next() });
    }
  }

  if (!options.brigade) return { input, planted };
  const targets = kinds.flatMap((kind, index) => (kind === 'brigaded' ? [index] : []));
  const others = Int32Array.from(kinds.flatMap((kind, index) => (kind === 'brigaded' ? [] : [index])));
  const members = Math.round(options.voters * options.brigade.share);
  const voterIds: string[] = [];
  for (let m = 0; m < members; m++) {
    const userId = id('b', m);
    voterIds.push(userId);
    input.voterSegments.set(userId, segmentsOf(options.segments ?? defaultSegments, random));
    for (const index of targets) input.votes.push({ proposalId: id('p', index), userId, vote: 'agree', qualifications: cachedQualifications(['likeIt', 'doable']), createdAt: clock.next() });
    for (const index of pick(others, Math.min(others.length, options.brigade.votesPerMember - targets.length), random)) {
      input.votes.push({ proposalId: id('p', index), userId, vote: 'disagree', qualifications: cachedQualifications(['noWay']), createdAt: clock.next() });
    }
  }
  return { input, planted, brigade: { voterIds, proposalIds: targets.map((index) => id('p', index)) } };
}

/** An input with nothing in it, to build small cases by hand. */
export function emptyInput(now = new Date('2025-03-01T12:00:00Z')): EmergenceInput {
  return { proposals: [], votes: [], voterSegments: new Map(), segmentFields: [], untrustedVotes: 0, now };
}

/** An accepted proposal with plain defaults. */
export function fixtureProposal(proposalId: string, overrides: Partial<EmergenceInput['proposals'][number]> = {}): EmergenceInput['proposals'][number] {
  return { id: proposalId, body: `proposal ${proposalId}`, language: 'fr', status: 'accepted', authorId: null, themeId: null, ideaId: null, tags: [], impressions: 0, untrustedVotes: 0, createdAt: new Date('2025-02-20T10:00:00Z'), ...overrides };
}

function plantedKinds(count: number, mix: PlantedOptions['mix'], random: Random): PlantedKind[] {
  const shares = { consensus: 0.2, controversy: 0.2, rejection: 0.2, limbo: 0.2, mixed: 0.2, ...mix };
  const total = Object.values(shares).reduce((sum, share) => sum + share, 0);
  const kinds: PlantedKind[] = [];
  const entries = Object.entries(shares) as [PlantedKind, number][];
  for (const [kind, share] of entries) kinds.push(...new Array<PlantedKind>(Math.round((count * share) / total)).fill(kind));
  while (kinds.length < count) kinds.push(entries[Math.floor(random() * entries.length)]![0]);
  return kinds.slice(0, count);
}

function segmentsOf(fields: Record<string, Record<string, number>>, random: Random): Record<string, string> {
  const segments: Record<string, string> = {};
  for (const [field, shares] of Object.entries(fields)) {
    let draw = random();
    const values = Object.entries(shares);
    segments[field] = values[values.length - 1]![0];
    for (const [value, share] of values) {
      if (draw < share) {
        segments[field] = value;
        break;
      }
      draw -= share;
    }
  }
  return segments;
}

/** `count` distinct entries of `pool`, by a partial Fisher–Yates shuffle (the pool stays a permutation). */
function pick(pool: Int32Array, count: number, random: Random): number[] {
  const picked: number[] = [];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const chosen = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = chosen;
    picked.push(chosen);
  }
  return picked;
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

// Shared arrays and dates: a million votes must not mean a million extra objects each.
const qualificationCache = new Map<string, readonly string[]>();
function cachedQualifications(names: string[]): readonly string[] {
  const key = names.join(',');
  let cached = qualificationCache.get(key);
  if (!cached) qualificationCache.set(key, (cached = Object.freeze(names)));
  return cached;
}

function qualificationsFor(vote: VoteKind, random: Random): readonly string[] {
  return cachedQualifications(qualificationsByVote[vote].filter((name) => random() < qualificationChances[name]!));
}

/** Vote times over the three days before `now`, one Date per minute. */
class VoteClock {
  private readonly minutes = new Map<number, Date>();
  constructor(
    private readonly now: Date,
    private readonly random: Random,
  ) {}
  next(): Date {
    const minute = Math.floor(this.random() * 3 * 24 * 60) + 1;
    let date = this.minutes.get(minute);
    if (!date) this.minutes.set(minute, (date = new Date(this.now.getTime() - minute * 60_000)));
    return date;
  }
}
