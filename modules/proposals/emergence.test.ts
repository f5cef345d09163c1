import type { VoteKind } from '../../platform/db/schema';
import { computeEmergence } from './emergence';
import { emptyInput, fixtureProposal, plantedConsultation, type PlantedConsultation, type PlantedKind } from './emergence-fixtures';
import { defaultResultsConfig, type ResultsConfig } from './manifest';
import type { EmergenceInput, EmergenceResults, Estimate, ProposalResult } from './results-data';

type Results = Omit<EmergenceResults, 'fingerprint' | 'durationMs'>;

const config = (overrides: Partial<ResultsConfig> = {}): ResultsConfig => ({ ...defaultResultsConfig, ...overrides });
const resultOf = (results: Results, id: string): ProposalResult => results.proposals.find((proposal) => proposal.id === id)!;

function expectEstimate(actual: Estimate, expected: [number, number, number]) {
  expect(actual.value).toBeCloseTo(expected[0], 9);
  expect(actual.low).toBeCloseTo(expected[1], 9);
  expect(actual.high).toBeCloseTo(expected[2], 9);
}

let voterSerial = 0;
/** Votes on one proposal by fresh voters (one vote each, so no opinion groups form). */
function votesOn(input: EmergenceInput, proposalId: string, counts: Partial<Record<VoteKind, number>>, qualifications: readonly string[] = []) {
  for (const [vote, count] of Object.entries(counts) as [VoteKind, number][]) {
    for (let i = 0; i < count; i++) input.votes.push({ proposalId, userId: `u${voterSerial++}`, vote, qualifications, createdAt: new Date('2025-03-01T09:30:00Z') });
  }
}

describe('the scores of a proposal', () => {
  it('match the hand-computed rates, bounds and derived scores', () => {
    const input = emptyInput();
    input.proposals.push(fixtureProposal('p'));
    const vote = (kind: VoteKind, qualifications: string[]) => input.votes.push({ proposalId: 'p', userId: `u${input.votes.length}`, vote: kind, qualifications, createdAt: input.now });
    // 10 votes: A5 D3 N2, likeIt 2, doable 2, platitudeAgree 1, noWay 2, impossible 1, platitudeDisagree 1, doNotUnderstand 1, noOpinion 1, doNotCare 0.
    vote('agree', ['likeIt', 'doable']);
    vote('agree', ['likeIt']);
    vote('agree', ['doable']);
    vote('agree', ['platitudeAgree']);
    vote('agree', ['noWay']); // does not go with agree: ignored
    vote('disagree', ['noWay', 'impossible']);
    vote('disagree', ['noWay']);
    vote('disagree', ['platitudeDisagree']);
    vote('neutral', ['noOpinion']);
    vote('neutral', ['doNotUnderstand']);
    const { results } = computeEmergence(input, config({ minVotes: 5 }), null);
    const { counts, scores } = resultOf(results, 'p');
    expect(counts).toEqual({ votes: 10, agree: 5, disagree: 3, neutral: 2, qualifications: { likeIt: 2, doable: 2, platitudeAgree: 1, noWay: 2, impossible: 1, platitudeDisagree: 1, doNotUnderstand: 1, noOpinion: 1, doNotCare: 0 } });

    // Rates: (k + 0.33) / 11. Wilson, z = 1.959964, z² = 3.841459:
    // low/high = (p + z²/20 ∓ z·√(p(1−p)/10 + z²/400)) / (1 + z²/10).
    // agree 5/10: (0.5 + 0.192073 ∓ 1.959964·√(0.025 + 0.009604)) / 1.384146 = 0.236593 … 0.763407
    expectEstimate(scores.agree, [5.33 / 11, 0.236593090512564, 0.763406909487436]);
    // disagree 3/10: (0.3 + 0.192073 ∓ 1.959964·√(0.021 + 0.009604)) / 1.384146
    expectEstimate(scores.disagree, [3.33 / 11, 0.107791267406301, 0.603221852538855]);
    expectEstimate(scores.neutral, [2.33 / 11, 0.056682151454375, 0.509837528463358]);
    expectEstimate(scores.qualifications.likeIt, [2.33 / 11, 0.056682151454375, 0.509837528463358]);
    expectEstimate(scores.qualifications.platitudeAgree, [1.33 / 11, 0.017876213095073, 0.404150026795239]);
    // doNotCare 0/10: value 0.33/11 = 0.03, Wilson low 0, high z²/10 / (1 + z²/10) = 0.277533
    expectEstimate(scores.qualifications.doNotCare, [0.03, 0, 0.277532799862889]);

    // topScore: value = (A + L + R − W − I − PA − PD) smoothed = (5.33 + 2.33 + 2.33 − 2.33 − 1.33 − 1.33 − 1.33) / 11 = 3.67 / 11.
    // Per vote x = 3, 2, 2, 0, 1, −2, −1, −1, 0, 0: Σx = 4, Σx² = 24, s² = (24 − 16/10) / 9 = 2.488889,
    // margin = 1.959964 · √2.488889 / √10 = 0.977802 → [−0.644165, 1.311438].
    expectEstimate(scores.topScore, [3.67 / 11, 0.3336363636363636 - 0.9778018294086908, 0.3336363636363636 + 0.9778018294086908]);
    // adhesion = A − D = 2/11; x = 1 ×5, −1 ×3, 0 ×2: Σx = 2, Σx² = 8, s² = (8 − 0.4)/9 = 0.844444, margin 0.569552.
    expectEstimate(scores.adhesion, [2 / 11, 2 / 11 - 0.569552329439294, 2 / 11 + 0.569552329439294]);
    // realism = R − I = 1/11; x = 1, 0, 1, 0, 0, −1, 0…: Σx = 1, Σx² = 3, s² = (3 − 0.1)/9 = 0.322222, margin 0.351824.
    expectEstimate(scores.realism, [1 / 11, 1 / 11 - 0.35182430242654, 1 / 11 + 0.35182430242654]);
    // rejection = D + W + I = 6.99/11 = 0.635455; x = 3, 2, 1 for the disagreements: Σx = 6, Σx² = 14,
    // s² = (14 − 3.6)/9 = 1.155556, margin 0.666260; the low bound clips at 0 (the range is 0 … 3).
    expectEstimate(scores.rejection, [6.99 / 11, 0, 0.635454545454545 + 0.666259640207254]);
    // engagement = A + D + L + W = 13.32/11 = 1.210909; x = 2, 2, 1, 1, 1, 2, 2, 1, 0, 0: Σx = 12, Σx² = 20,
    // s² = (20 − 14.4)/9 = 0.622222, margin 0.488901.
    expectEstimate(scores.engagement, [13.32 / 11, 1.210909090909091 - 0.488900914704345, 1.210909090909091 + 0.488900914704345]);
    // controversy = min(A, D) + min(L, W) = 3.33/11 + 2.33/11; low = min(0.236593, 0.107791) + min(0.056682, 0.056682).
    expectEstimate(scores.controversy, [5.66 / 11, 0.107791267406301 + 0.056682151454375, 0.603221852538855 + 0.509837528463358]);
  });

  it('fall back to the whole range with fewer than two votes, and to [0, 1] rates with none', () => {
    const input = emptyInput();
    input.proposals.push(fixtureProposal('one'), fixtureProposal('none'));
    votesOn(input, 'one', { agree: 1 }, ['likeIt']);
    const { results } = computeEmergence(input, config(), null);
    const one = resultOf(results, 'one').scores;
    // 1 vote: A = L = 1.33/2, the others 0.33/2; topScore = (A + L + R − W − I − PA − PD) = (1.33 + 1.33 + 0.33 − 4·0.33)/2 = 0.835, bounds [−3, 3].
    expectEstimate(one.topScore, [0.835, -3, 3]);
    expectEstimate(one.engagement, [(1.33 + 0.33 + 1.33 + 0.33) / 2, 0, 2]);
    const none = resultOf(results, 'none');
    expect(none.counts.votes).toBe(0);
    expectEstimate(none.scores.agree, [0.33, 0, 1]);
    expect(none.zone).toBe('untested');
  });
});

describe('zones', () => {
  const zoneOf = (counts: Partial<Record<VoteKind, number>>, settings: Partial<ResultsConfig> = {}) => {
    const input = emptyInput();
    input.proposals.push(fixtureProposal('p'));
    votesOn(input, 'p', counts);
    return resultOf(computeEmergence(input, config(settings), null).results, 'p').zone;
  };

  it('place a proposal by its votes, one case per zone', () => {
    expect(zoneOf({ agree: 29 })).toBe('untested');
    expect(zoneOf({ agree: 20, disagree: 20, neutral: 60 })).toBe('limbo');
    expect(zoneOf({ agree: 80, disagree: 10, neutral: 10 })).toBe('consensus');
    expect(zoneOf({ agree: 15, disagree: 75, neutral: 10 })).toBe('rejection');
    expect(zoneOf({ agree: 45, disagree: 45, neutral: 10 })).toBe('controversy');
    expect(zoneOf({ agree: 50, disagree: 20, neutral: 30 })).toBe('mixed');
  });

  it('apply the rules in order: untested, limbo, consensus, rejection, controversy', () => {
    // All neutral but below minVotes: untested before limbo.
    expect(zoneOf({ neutral: 29 })).toBe('untested');
    // 60 agree, 40 neutral: agree.low ≈ 0.50 ≥ 0.4 but neutral 0.40 ≥ 0.3: limbo first.
    expect(zoneOf({ agree: 60, neutral: 40 }, { limboNeutral: 0.3, consensusAgreeLow: 0.4 })).toBe('limbo');
    // 50/50 with both thresholds at 0.3: agreement's low (0.40) reaches consensus before disagreement reaches rejection.
    expect(zoneOf({ agree: 50, disagree: 50 }, { consensusAgreeLow: 0.3, rejectionDisagreeLow: 0.3 })).toBe('consensus');
    // 75 disagree, 25 agree with controversyBothLow 0.1: both lows reach 0.1, but rejection comes first.
    expect(zoneOf({ agree: 25, disagree: 75 }, { controversyBothLow: 0.1 })).toBe('rejection');
    // The thresholds are the configured ones: the same votes are a consensus with a lower bar.
    expect(zoneOf({ agree: 60, disagree: 30, neutral: 10 })).toBe('mixed');
    expect(zoneOf({ agree: 60, disagree: 30, neutral: 10 }, { consensusAgreeLow: 0.45 })).toBe('consensus');
  });
});

describe('tops', () => {
  it('rank by the lower bound, equal bounds sharing a rank, and need enough votes', () => {
    const input = emptyInput();
    input.proposals.push(fixtureProposal('a'), fixtureProposal('b'), fixtureProposal('c'), fixtureProposal('few'));
    votesOn(input, 'a', { agree: 80, disagree: 10, neutral: 10 }, ['likeIt']);
    votesOn(input, 'b', { agree: 80, disagree: 10, neutral: 10 }, ['likeIt']);
    votesOn(input, 'c', { agree: 75, disagree: 15, neutral: 10 });
    votesOn(input, 'few', { agree: 29 }, ['likeIt', 'doable']);
    const { results } = computeEmergence(input, config(), null);
    expect(results.tops.consensus.map(({ proposalId, rank }) => [proposalId, rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
    expect(results.zoneCounts).toEqual({ consensus: 3, controversy: 0, rejection: 0, limbo: 0, mixed: 0, untested: 1 });
  });
});

describe('group-informed consensus', () => {
  it('turns a candidate that a large group rejects into a controversy carried by the other group', () => {
    const input = emptyInput();
    for (let p = 0; p < 10; p++) input.proposals.push(fixtureProposal(`p${p}`));
    // Camp A (60 people) agrees with everything; camp B (40) agrees with p0…p4 and rejects p5…p9.
    // Each person stays neutral on one proposal, so that nobody is exactly like another.
    const camp = (name: string, size: number, rejects: (p: number) => boolean) => {
      for (let i = 0; i < size; i++) {
        for (let p = 0; p < 10; p++) {
          const vote: VoteKind = p === i % 10 ? 'neutral' : rejects(p) ? 'disagree' : 'agree';
          input.votes.push({ proposalId: `p${p}`, userId: `${name}${i}`, vote, qualifications: [], createdAt: input.now });
        }
      }
    };
    camp('a', 60, () => false);
    camp('b', 40, (p) => p >= 5);
    const settings = config({ consensusAgreeLow: 0.4, minVotes: 30 });
    const { results } = computeEmergence(input, settings, null);
    expect(results.groups!.k).toBe(2);
    const campA = results.groups!.groups.find((group) => group.size === 60)!;
    expect(campA).toBeDefined();
    for (let p = 0; p < 5; p++) {
      const proposal = resultOf(results, `p${p}`);
      expect(proposal.zone).toBe('consensus');
      expect(proposal.carriedBy).toBeNull();
    }
    for (let p = 5; p < 10; p++) {
      const proposal = resultOf(results, `p${p}`);
      // 54 of 100 agree: agreement's lower bound ≈ 0.443 reaches 0.4, so by raw figures it is a candidate…
      expect(proposal.scores.agree.low).toBeGreaterThanOrEqual(0.4);
      // …but camp B (40% of the grouped participants) tends to disagree: (0 + 1) / (40 + 2) < 0.5.
      expect(proposal.zone).toBe('controversy');
      expect(proposal.carriedBy).toBe(campA.id);
      expect(proposal.groupConsensus).toBeLessThan(0.05);
    }
  });
});

describe('a proposal only one group voted on', () => {
  it('is carried by that group, and never a consensus', () => {
    const input = emptyInput();
    for (let p = 0; p < 11; p++) input.proposals.push(fixtureProposal(`p${p}`));
    // Two camps of 30 split on p0…p9; only camp A votes on p10, and agrees with it.
    const camp = (name: string, agreesWith: (p: number) => boolean, votesOnLast: boolean) => {
      for (let i = 0; i < 30; i++) {
        for (let p = 0; p < 10; p++) {
          const vote: VoteKind = p === i % 10 ? 'neutral' : agreesWith(p) ? 'agree' : 'disagree';
          input.votes.push({ proposalId: `p${p}`, userId: `${name}${i}`, vote, qualifications: [], createdAt: input.now });
        }
        if (votesOnLast) input.votes.push({ proposalId: 'p10', userId: `${name}${i}`, vote: 'agree', qualifications: [], createdAt: input.now });
      }
    };
    camp('a', (p) => p < 5, true);
    camp('b', (p) => p >= 5, false);
    const { results } = computeEmergence(input, config({ minVotes: 30 }), null);
    expect(results.groups!.k).toBe(2);
    const campA = results.groups!.agreement.p10!.find((group) => group.seen === 30)!;
    const last = resultOf(results, 'p10');
    // 30 of 30 agree: by raw figures the strongest consensus there is…
    expect(last.scores.agree.low).toBeGreaterThan(0.85);
    // …but nobody outside camp A has said a word about it.
    expect(last.carriedBy).toBe(campA.groupId);
    expect(last.zone).toBe('mixed');
    expect(results.tops.consensus.map((entry) => entry.proposalId)).not.toContain('p10');
  });
});

describe('participation', () => {
  it('counts every status, while only accepted proposals get results', () => {
    const input = emptyInput(new Date('2025-03-01T12:20:00Z'));
    input.proposals.push(
      fixtureProposal('a', { themeId: 't1', tags: ['x'], ideaId: 'i1', authorId: 'author1', createdAt: new Date('2025-03-01T10:05:00Z') }),
      fixtureProposal('b', { themeId: 't1', ideaId: 'i1', authorId: 'author1' }),
      fixtureProposal('r', { status: 'refused', themeId: null, tags: ['x'], authorId: 'author2' }),
      fixtureProposal('q', { status: 'pending' }),
    );
    votesOn(input, 'a', { agree: 3, disagree: 1 });
    votesOn(input, 'b', { agree: 1, neutral: 1 });
    votesOn(input, 'r', { disagree: 2 });
    const { results } = computeEmergence(input, config(), null);
    expect(results.proposals.map((proposal) => proposal.id).sort()).toEqual(['a', 'b']);
    const { participation } = results;
    expect(participation.proposals).toEqual({ pending: 1, accepted: 2, refused: 1, postponed: 0, archived: 0 });
    expect(participation.votes).toBe(8);
    expect(participation.voters).toBe(8);
    expect(participation.proposers).toBe(2);
    // Themes and tags count what voters see: the refused and the pending proposals are left out.
    expect(participation.byTheme).toEqual([{ themeId: 't1', proposals: 2, votes: 6 }]);
    expect(participation.byTag).toEqual([{ tag: 'x', proposals: 1, votes: 4 }]);
    // The idea sums its proposals' votes, and its scores come from the sums: agree 4 of 6 → (4.33) / 7.
    expect(participation.byIdea).toHaveLength(1);
    expect(participation.byIdea[0]!.counts).toMatchObject({ votes: 6, agree: 4, disagree: 1, neutral: 1 });
    expect(participation.byIdea[0]!.scores.agree.value).toBeCloseTo(4.33 / 7, 12);
    // Hours: from the first active hour (09:00, the votes) to now (12:00), zero-filled; proposals b, r, q are older than 7 days.
    expect(participation.perHour).toEqual([
      { hour: '2025-03-01T09:00:00.000Z', votes: 8, proposals: 0 },
      { hour: '2025-03-01T10:00:00.000Z', votes: 0, proposals: 1 },
      { hour: '2025-03-01T11:00:00.000Z', votes: 0, proposals: 0 },
      { hour: '2025-03-01T12:00:00.000Z', votes: 0, proposals: 0 },
    ]);
  });
});

/** Precision and recall of a set of proposal ids against the planted ones of a kind. */
function precisionRecall(found: readonly string[], planted: Map<string, PlantedKind>, kind: PlantedKind) {
  const expected = [...planted].filter(([, plantedKind]) => plantedKind === kind).map(([id]) => id);
  const hits = found.filter((id) => planted.get(id) === kind).length;
  return { precision: found.length ? hits / found.length : 0, recall: hits / expected.length };
}

describe('on a consultation with planted answers', () => {
  let planted: PlantedConsultation;
  let results: Results;
  beforeAll(() => {
    planted = plantedConsultation({ proposals: 200, voters: 3000, votesPerVoter: 30, seed: 7 });
    results = computeEmergence(planted.input, config({ topSize: 1000 }), null).results;
  });

  it('the tops recover the planted consensus, controversies and rejections (precision and recall above 0.9)', () => {
    const measured = {
      consensus: precisionRecall(results.tops.consensus.map((entry) => entry.proposalId), planted.planted, 'consensus'),
      controversy: precisionRecall(results.tops.controversy.map((entry) => entry.proposalId), planted.planted, 'controversy'),
      rejection: precisionRecall(results.tops.rejection.map((entry) => entry.proposalId), planted.planted, 'rejection'),
      limbo: precisionRecall(results.proposals.filter((proposal) => proposal.zone === 'limbo').map((proposal) => proposal.id), planted.planted, 'limbo'),
    };
    console.info('planted precision/recall', JSON.stringify(measured));
    for (const { precision, recall } of Object.values(measured)) {
      expect(precision).toBeGreaterThan(0.9);
      expect(recall).toBeGreaterThan(0.9);
    }
  });

  it('ranks each top by the lower bound of its figure, ties sharing a rank', () => {
    for (const top of [results.tops.consensus, results.tops.controversy, results.tops.rejection]) {
      expect(top.length).toBeGreaterThan(0);
      expect(top[0]!.rank).toBe(1);
      for (let index = 1; index < top.length; index++) {
        const [before, entry] = [top[index - 1]!, top[index]!];
        expect(entry.score.low).toBeLessThanOrEqual(before.score.low);
        expect(entry.rank).toBe(entry.score.low === before.score.low ? before.rank : index + 1);
      }
    }
    const small = computeEmergence(planted.input, config({ topSize: 3 }), null).results;
    expect(small.tops.consensus.map((entry) => entry.proposalId)).toEqual(results.tops.consensus.slice(0, 3).map((entry) => entry.proposalId));
  });

  it('finds no opinion groups where voters differ only by chance, so that none can veto a consensus', () => {
    // Everybody leans the same way on each proposal: k-means would still cut the cloud, but the
    // main axis explains no more than on the same votes shuffled within each proposal.
    expect(results.groups).toBeNull();
    expect(results.groupsAbsence).toMatchObject({ reason: 'noStructure' });
    const absence = results.groupsAbsence as { explained: number; chance: number };
    expect(absence.explained).toBeLessThanOrEqual(absence.chance);
  });
});

describe('a brigade', () => {
  let planted: PlantedConsultation;
  let results: Results;
  let state: ReturnType<typeof computeEmergence>['state'];
  const brigadeConfig = config({ topSize: 1000 });
  beforeAll(() => {
    planted = plantedConsultation({ proposals: 200, voters: 3000, votesPerVoter: 30, seed: 11, brigade: { share: 0.05, proposals: 10, votesPerMember: 80 } });
    ({ results, state } = computeEmergence(planted.input, brigadeConfig, null));
  });

  it('does not put its proposals in the consensus top, and they are flagged as its group’s', () => {
    const brigade = planted.brigade!;
    // By raw figures several of the ten would be a consensus: agreement's lower bound reaches the bar.
    const rawConsensus = brigade.proposalIds.filter((id) => resultOf(results, id).scores.agree.low >= brigadeConfig.consensusAgreeLow);
    console.info(`brigaded proposals with raw agree.low ≥ ${brigadeConfig.consensusAgreeLow}: ${rawConsensus.length} of 10`);
    expect(rawConsensus.length).toBeGreaterThanOrEqual(5);

    const consensusTop = new Set(results.tops.consensus.map((entry) => entry.proposalId));
    for (const id of brigade.proposalIds) expect(consensusTop.has(id)).toBe(false);

    // Every voter with enough votes is placed, and the plot shows a sample of them.
    expect(results.groups!.grouped).toBe(planted.input.voterSegments.size);
    expect(results.groups!.groups.reduce((sum, group) => sum + group.size, 0)).toBe(results.groups!.grouped);
    expect(results.groups!.points).toHaveLength(2000);
    // The brigade is one group: the group carrying its proposals is about its size and agrees with all ten.
    const carriers = new Set(brigade.proposalIds.map((id) => resultOf(results, id).carriedBy));
    expect(carriers.size).toBe(1);
    const carrier = [...carriers][0]!;
    expect(carrier).not.toBeNull();
    const group = results.groups!.groups.find((candidate) => candidate.id === carrier)!;
    const members = brigade.voterIds.length;
    console.info(`brigade: ${members} members, carrier group ${carrier} of size ${group.size}, k = ${results.groups!.k}`);
    expect(group.size).toBeGreaterThanOrEqual(members * 0.9);
    expect(group.size).toBeLessThanOrEqual(members * 1.1);
    for (const id of brigade.proposalIds) {
      const inGroup = results.groups!.agreement[id]!.find((entry) => entry.groupId === carrier)!;
      expect(inGroup.seen).toBeGreaterThanOrEqual(members * 0.9);
      expect(inGroup.agree / inGroup.seen).toBeGreaterThan(0.95);
      expect(results.tops.consensus.concat(results.tops.controversy, results.tops.rejection).filter((entry) => entry.proposalId === id).every((entry) => entry.carriedBy === carrier)).toBe(true);
    }
    // What sets the brigade apart most: rejecting what everybody else agrees on.
    expect(group.representative).toHaveLength(5);
    for (const entry of group.representative) {
      expect(entry).toMatchObject({ direction: 'disagree' });
      expect(planted.planted.get(entry.proposalId)).toBe('consensus');
      expect(entry.pValue).toBeLessThan(0.05);
    }
  });

  it('cannot veto the real consensus, being smaller than the minimum group share', () => {
    const found = precisionRecall(results.tops.consensus.map((entry) => entry.proposalId), planted.planted, 'consensus');
    console.info('consensus with a brigade', JSON.stringify(found));
    expect(found.recall).toBeGreaterThan(0.9);
    expect(found.precision).toBeGreaterThan(0.9);
    for (const entry of results.tops.consensus) expect(entry.carriedBy).toBeNull();
  });

  it('keeps k and the groups’ ids when the votes grow, given the previous state', () => {
    const earlier = { ...planted.input, votes: planted.input.votes.filter((_, index) => index % 10 !== 3) };
    const first = computeEmergence(earlier, brigadeConfig, null);
    const second = computeEmergence(planted.input, brigadeConfig, first.state);
    expect(second.state.k).toBe(first.state.k);
    expect(second.results.groups!.k).toBe(first.results.groups!.k);
    const carrierOf = (run: Results) => resultOf(run, planted.brigade!.proposalIds[0]!).carriedBy;
    expect(carrierOf(second.results)).toBe(carrierOf(first.results));
    // Each group keeps its number: its centroid is nearest to the one it had.
    for (const group of second.results.groups!.groups) {
      const nearest = first.results.groups!.groups.reduce((best, candidate) =>
        Math.hypot(candidate.centroid[0] - group.centroid[0], candidate.centroid[1] - group.centroid[1]) < Math.hypot(best.centroid[0] - group.centroid[0], best.centroid[1] - group.centroid[1]) ? candidate : best,
      );
      expect(nearest.id).toBe(group.id);
    }
    expect(state.axes).not.toBeNull();
  });
});

describe('segments', () => {
  it('show each value held by enough voters, with figures equal to a recount', () => {
    const { input } = plantedConsultation({ proposals: 40, voters: 400, votesPerVoter: 12, seed: 3 });
    const voters = [...input.voterSegments.keys()];
    voters.slice(0, 4).forEach((id) => (input.voterSegments.get(id)!.region = 'Corse'));
    voters.slice(4, 11).forEach((id) => delete input.voterSegments.get(id)!.region);
    const settings = config({ minVotes: 10 });
    const { results } = computeEmergence(input, settings, null);
    const region = results.segments.find((segment) => segment.field === 'region')!;
    expect(region.values.map((value) => value.value)).not.toContain('Corse');
    // Corse's 4 voters alone would be the totals minus the shown regions: the smallest other
    // region is hidden with them (complementary suppression).
    const held = new Map<string, number>();
    for (const segments of input.voterSegments.values()) if (segments.region && segments.region !== 'Corse') held.set(segments.region, (held.get(segments.region) ?? 0) + 1);
    const [smallest, smallestCount] = [...held].sort((a, b) => a[1] - b[1])[0]!;
    expect(region.values.map((value) => value.value)).not.toContain(smallest);
    expect(region.values).toHaveLength(held.size - 1);
    expect(region.hiddenVoters).toBe(4 + smallestCount);
    expect(region.unansweredVoters).toBe(7);
    expect(region.values.reduce((sum, value) => sum + value.voters, 0) + region.hiddenVoters + 7).toBe(400);
    expect(results.segments.map((segment) => segment.field)).toEqual(['region', 'age_band']);

    for (const value of region.values) {
      const members = new Set(voters.filter((id) => input.voterSegments.get(id)!.region === value.value));
      expect(value.voters).toBe(members.size);
      const own = input.votes.filter((vote) => members.has(vote.userId));
      expect(value.votes).toBe(own.length);
      const recount = new Map<string, { votes: number; agree: number; disagree: number; neutral: number; likeIt: number }>();
      for (const vote of own) {
        const entry = recount.get(vote.proposalId) ?? { votes: 0, agree: 0, disagree: 0, neutral: 0, likeIt: 0 };
        entry.votes++;
        entry[vote.vote]++;
        if (vote.qualifications.includes('likeIt')) entry.likeIt++;
        recount.set(vote.proposalId, entry);
      }
      expect(Object.keys(value.proposals).sort()).toEqual([...recount.keys()].sort());
      for (const [proposalId, expected] of recount) {
        const figures = value.proposals[proposalId]!;
        expect(figures.counts).toMatchObject({ votes: expected.votes, agree: expected.agree, disagree: expected.disagree, neutral: expected.neutral });
        expect(figures.counts.qualifications.likeIt).toBe(expected.likeIt);
        expect(figures.agree.value).toBeCloseTo((expected.agree + 0.33) / (expected.votes + 1), 12);
        if (expected.votes < settings.minVotes) expect(figures.zone).toBe('untested');
      }
    }
  });
});

describe('weighting', () => {
  it('moves the figures toward an under-represented region and leaves the raw ones unchanged', () => {
    const input = emptyInput();
    input.segmentFields = ['region'];
    input.proposals.push(fixtureProposal('x'));
    // 400 voters in the North (80% of the sample), 30% of whom agree; 100 in the South, 90% of whom agree.
    const add = (region: string, voters: number, agreeing: number) => {
      for (let i = 0; i < voters; i++) {
        const userId = `${region}${i}`;
        input.voterSegments.set(userId, { region });
        input.votes.push({ proposalId: 'x', userId, vote: i < agreeing ? 'agree' : 'disagree', qualifications: [], createdAt: input.now });
      }
    };
    add('North', 400, 120);
    add('South', 100, 90);
    const raw = computeEmergence(input, config(), null).results;
    const { results } = computeEmergence(input, config({ weighting: [{ field: 'region', shares: { North: 0.5, South: 0.5 } }] }), null);
    const proposal = resultOf(results, 'x');

    // Raw: 210 of 500 agree → 210.33 / 501.
    expect(proposal.scores).toEqual(resultOf(raw, 'x').scores);
    expect(proposal.counts).toEqual(resultOf(raw, 'x').counts);
    expect(proposal.scores.agree.value).toBeCloseTo(210.33 / 501, 12);
    // Weights 0.5/0.8 = 0.625 (North) and 0.5/0.2 = 2.5 (South): Σw = 500, Σw·agree = 75 + 225 = 300, p̂ = 0.6;
    // Σw² = 400·0.390625 + 100·6.25 = 781.25, n_eff = 500² / 781.25 = 320, k_eff = 192 → (192.33) / 321.
    const weighted = proposal.weighted!;
    expect(weighted.counts.votes).toBeCloseTo(500, 4);
    expect(weighted.counts.agree).toBeCloseTo(300, 4);
    expect(weighted.effectiveVotes).toBeCloseTo(320, 3);
    expect(weighted.scores.agree.value).toBeCloseTo(192.33 / 321, 5);
    expect(weighted.scores.agree.value).toBeGreaterThan(proposal.scores.agree.value + 0.15);
    expect(results.weighting).toMatchObject({ fields: ['region'], voters: 500, converged: true, unreachable: [] });
    expect(results.weighting!.effectiveSampleSize).toBeCloseTo(320, 3);
    expect(raw.weighting).toBeNull();
    expect(resultOf(raw, 'x').weighted).toBeNull();
  });
});

describe('the computation', () => {
  it('gives the same results for the same input and previous state', () => {
    const { input } = plantedConsultation({ proposals: 60, voters: 600, votesPerVoter: 15, seed: 5, brigade: { share: 0.05, proposals: 5, votesPerMember: 30 } });
    const first = computeEmergence(input, config(), null);
    const second = computeEmergence(input, config(), null);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(second.results.computedAt).toBe(input.now.toISOString());
    const again = computeEmergence(input, config(), first.state);
    expect(JSON.stringify(computeEmergence(input, config(), first.state))).toBe(JSON.stringify(again));
  });

  it('reports why there are no groups when too few participants voted enough', () => {
    const { input } = plantedConsultation({ proposals: 10, voters: 19, votesPerVoter: 6, seed: 2 });
    const { results, state } = computeEmergence(input, config(), null);
    expect(results.groups).toBeNull();
    expect(results.groupsAbsence).toEqual({ reason: 'tooFewParticipants', needed: 20, have: 19 });
    expect(results.proposals.every((proposal) => proposal.carriedBy === null && proposal.groupConsensus === null)).toBe(true);
    expect(state).toEqual({ k: null, centroids: [], axes: null });
  });
});
