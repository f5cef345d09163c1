import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { useTestApp, type RunningApp } from '../../test/app';
import { defaultResultsConfig, type ProposalsConfig, type ResultsConfig } from './manifest';
import type { ProposalsPageData } from './proposals-data';
import { qualifications, type EmergenceResults, type Estimate, type OpinionGroups, type ProposalResult, type Scores, type SegmentResult, type VoteCounts, type Zone } from './results-data';
import { refreshResults } from './results.server';
import { insertProposals, openConsultation, proposalsClient, type MassiveConsultation, type Person } from './test-factories';

/*
 * The results pages through the real HTTP routes: participants see the public results only when
 * the strategist's choice allows it (and nothing of them leaks before), the team reads the
 * dashboard (tabs, a sortable paginated table, one proposal in focus) and the printable report,
 * and every page stays small however many proposals there are.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

const estimate = (value: number, spread = 0.05): Estimate => ({ value, low: Math.max(0, value - spread), high: Math.min(1, value + spread) });
const score = (value: number, spread = 0.2): Estimate => ({ value, low: value - spread, high: value + spread });

/** One proposal's figures, with an agreement of `agree` out of `votes` and the rest split between disagreement and neutrality. */
function proposalResult(id: string, body: string, { votes, agree, zone = 'mixed', themeId = null, carriedBy = null }: { votes: number; agree: number; zone?: Zone; themeId?: string | null; carriedBy?: number | null }): ProposalResult {
  const agreeVotes = Math.round(votes * agree);
  const disagreeVotes = Math.round((votes - agreeVotes) * 0.7);
  const counts: VoteCounts = {
    votes,
    agree: agreeVotes,
    disagree: disagreeVotes,
    neutral: votes - agreeVotes - disagreeVotes,
    qualifications: Object.fromEntries(qualifications.map((name) => [name, 0])) as VoteCounts['qualifications'],
  };
  const rate = (k: number) => estimate((k + 0.33) / (votes + 1));
  const scores: Scores = {
    agree: rate(counts.agree),
    disagree: rate(counts.disagree),
    neutral: rate(counts.neutral),
    qualifications: Object.fromEntries(qualifications.map((name) => [name, estimate(0.01)])) as Scores['qualifications'],
    topScore: score(agree * 2 - 1),
    controversy: score(Math.min(agree, 1 - agree), 0.05),
    rejection: score(1 - agree, 0.1),
    adhesion: score(agree * 2 - 1),
    realism: score(0),
    engagement: score(1),
  };
  return { id, body, language: 'fr', themeId, ideaId: null, tags: [], impressions: votes * 2, untrustedVotes: 0, counts, scores, weighted: null, zone, groupConsensus: null, carriedBy };
}

/** A stored computation as the background job writes it, from the given proposals (in any order). */
function snapshotOf(proposals: ProposalResult[], { segments = [], groups = null }: { segments?: SegmentResult[]; groups?: OpinionGroups | null } = {}): EmergenceResults {
  const ordered = [...proposals].sort((a, b) => b.scores.topScore.low - a.scores.topScore.low);
  const top = (zone: Zone, by: keyof Pick<Scores, 'topScore' | 'controversy' | 'rejection'>) =>
    ordered
      .filter((proposal) => proposal.zone === zone)
      .sort((a, b) => b.scores[by].low - a.scores[by].low)
      .slice(0, 10)
      .map((proposal, index) => ({ proposalId: proposal.id, rank: index + 1, score: proposal.scores[by], carriedBy: proposal.carriedBy }));
  const zoneCounts = { consensus: 0, controversy: 0, rejection: 0, limbo: 0, mixed: 0, untested: 0 };
  for (const proposal of proposals) zoneCounts[proposal.zone] += 1;
  const votes = proposals.reduce((sum, proposal) => sum + proposal.counts.votes, 0);
  return {
    computedAt: new Date(Date.now() - 4 * 60_000).toISOString(),
    durationMs: 12,
    fingerprint: 'fixture',
    settings: { ...defaultResultsConfig },
    proposals: ordered,
    tops: { consensus: top('consensus', 'topScore'), controversy: top('controversy', 'controversy'), rejection: top('rejection', 'rejection') },
    zoneCounts,
    participation: {
      voters: 412,
      proposers: 37,
      proposals: { pending: 3, accepted: proposals.length, refused: 2, postponed: 0, archived: 0 },
      votes,
      untrustedVotes: 5,
      perHour: [{ hour: new Date(Date.now() - 3_600_000).toISOString().slice(0, 13) + ':00:00.000Z', votes, proposals: proposals.length }],
      byTheme: [{ themeId: null, proposals: proposals.length, votes }],
      byTag: [],
      byIdea: [],
    },
    segments,
    weighting: null,
    groups,
    groupsAbsence: groups ? null : { reason: 'tooFewParticipants', needed: 20, have: 3 },
  };
}

/** Stores a computation for the instance, as the background job would. */
async function storeSnapshot(consultation: MassiveConsultation, results: EmergenceResults): Promise<void> {
  const row = { computed_at: new Date(results.computedAt), fingerprint: results.fingerprint, duration_ms: results.durationMs, results: JSON.stringify(results) };
  await database.db
    .insertInto('proposal_results')
    .values({ instance_id: consultation.instanceId, ...row })
    .onConflict((conflict) => conflict.column('instance_id').doUpdateSet(row))
    .execute();
}

/** Lets the background job compute the instance's emergence from its stored votes. */
async function compute(consultation: MassiveConsultation): Promise<void> {
  const { config } = await database.db.selectFrom('module_instances').select('config').where('id', '=', consultation.instanceId).executeTakeFirstOrThrow();
  await refreshResults(database.db, { id: consultation.instanceId, consultationId: consultation.consultationId, config: config as ProposalsConfig }, { force: true });
}

/**
 * A consultation whose results configuration is `results`, with `count` accepted proposals and a
 * stored computation of them: the first ten a consensus, the next five controversies, the next
 * five rejections, the rest mixed; votes decrease with the index (ties every other proposal).
 */
async function sceneWithResults({ count = 30, results = {} }: { count?: number; results?: Partial<ResultsConfig> } = {}) {
  const consultation = await openConsultation(database.db, app, { config: { results: { ...defaultResultsConfig, ...results } } });
  const bodies = Array.from({ length: count }, (_, index) => `développer la proposition témoin numéro ${index} partout`);
  const ids = await insertProposals(database.db, consultation.instanceId, consultation.consultationId, bodies.map((body) => ({ body })));
  const zoneOf = (index: number): Zone => (index < 10 ? 'consensus' : index < 15 ? 'controversy' : index < 20 ? 'rejection' : 'mixed');
  const agreeOf = (index: number) => (index < 10 ? 0.9 - index * 0.01 : index < 15 ? 0.5 : index < 20 ? 0.1 : 0.4 - (index % 7) * 0.01);
  const proposals = ids.map((id, index) =>
    proposalResult(id, bodies[index]!, { votes: 1000 - 2 * Math.floor(index / 2), agree: agreeOf(index), zone: zoneOf(index), themeId: index % 2 === 0 ? consultation.themes.culture : null, carriedBy: index === 3 ? 1 : null }),
  );
  const segments: SegmentResult[] = [
    {
      field: 'region',
      hiddenVoters: 2,
      unansweredVoters: 10,
      values: ['Bretagne', 'Normandie'].map((value) => ({ value, voters: 100, votes: 2000, proposals: Object.fromEntries(proposals.map((p) => [p.id, { counts: p.counts, agree: p.scores.agree, topScore: p.scores.topScore, zone: p.zone }])) })),
    },
    {
      field: 'age_band',
      hiddenVoters: 0,
      unansweredVoters: 4,
      values: ['18-24', '25-34'].map((value) => ({ value, voters: 90, votes: 1800, proposals: Object.fromEntries(proposals.map((p) => [p.id, { counts: p.counts, agree: p.scores.agree, topScore: p.scores.topScore, zone: p.zone }])) })),
    },
  ];
  // Two groups that differ most on the proposals of highest index.
  const groups: OpinionGroups = {
    k: 2,
    silhouette: 0.4,
    explained: [0.3, 0.1],
    grouped: 300,
    ungrouped: 112,
    groups: [
      { id: 0, size: 200, centroid: [-1, 0], representative: [{ proposalId: ids[0]!, direction: 'agree', inGroup: estimate(0.9), rest: estimate(0.5), z: 4, pValue: 0.0001 }] },
      { id: 1, size: 100, centroid: [1, 0], representative: [] },
    ],
    agreement: Object.fromEntries(
      ids.map((id, index) => [
        id,
        [
          { groupId: 0, seen: 100, agree: 50, disagree: 40, rate: estimate(0.5) },
          { groupId: 1, seen: 50, agree: 25, disagree: 20, rate: estimate(0.5 - index / (2 * count)) },
        ],
      ]),
    ),
    points: [
      { x: -1, y: 0.1, group: 0 },
      { x: 1, y: -0.1, group: 1 },
    ],
  };
  const snapshot = snapshotOf(proposals, { segments, groups });
  await storeSnapshot(consultation, snapshot);
  return { ...consultation, ids, bodies, snapshot, client: proposalsClient(app, consultation.slug, consultation.instanceId) };
}

async function readResults(client: ReturnType<typeof proposalsClient>, person: Person | null, query: Record<string, string>): Promise<ProposalsPageData> {
  const { status, page } = await client.read(person, query);
  expect(status).toBe(200);
  return page;
}

describe('the public results', () => {
  it('shows participants nothing while the phase runs when the results are published after it closes', async () => {
    const scene = await sceneWithResults();
    const participant = await scene.person(['participant']);
    const page = await readResults(scene.client, participant, { view: 'results' });
    expect(page.view).toBe('results');
    expect(page.results?.hidden).toBe('afterClose');
    expect(page.results?.results).toBeNull();
    const { status, html } = await scene.client.html(participant, { view: 'results' });
    expect(status).toBe(200);
    expect(html).toContain('Results will be published when this phase closes');
    for (const body of scene.bodies.slice(0, 20)) expect(html).not.toContain(body);
    expect(html).not.toContain('Calculated on');
  });

  it('sends nothing of a phase still to come', async () => {
    const scene = await sceneWithResults({ results: { visibility: 'live' } });
    await database.db.updateTable('module_instances').set({ phase: 'deepening' }).where('id', '=', scene.instanceId).execute();
    const { status, html } = await scene.client.html(await scene.person(['participant']), { view: 'results' });
    expect(status).toBe(404);
    expect(html).not.toContain(scene.bodies[0]);
  });

  it('shows participants the tops, zones, themes and participation while the phase runs when results are live', async () => {
    const scene = await sceneWithResults({ results: { visibility: 'live' } });
    const page = await readResults(scene.client, await scene.person(['participant']), { view: 'results' });
    const data = page.results!;
    expect(data.audience).toBe('public');
    expect(data.hidden).toBeNull();
    const results = data.results!;
    expect(results.tops.consensus.map((entry) => entry.proposalId)).toEqual(scene.ids.slice(0, 10));
    expect(results.zoneCounts).toEqual(scene.snapshot.zoneCounts);
    expect(results.participation.voters).toBe(412);
    // Each top's proposals, written whole.
    for (const entry of [...results.tops.consensus, ...results.tops.controversy, ...results.tops.rejection]) expect(results.proposals.some((proposal) => proposal.id === entry.proposalId)).toBe(true);
    expect(data.prefixes.fr).toBe('Il faut');
    expect(data.themeTitles[scene.themes.culture]).toBe('Culture');
    expect(data.downloads).toEqual([]);
    expect(data.pdfAvailable).toBe(false);
  });

  it('never sends participants the segments, the opinion groups, the weighting nor every proposal', async () => {
    const scene = await sceneWithResults({ count: 60, results: { visibility: 'live' } });
    const participant = await scene.person(['participant']);
    const results = (await readResults(scene.client, participant, { view: 'results' })).results!.results!;
    expect(results.segments).toEqual([]);
    expect(results.groups).toBeNull();
    expect(results.weighting).toBeNull();
    expect(results.proposals.every((proposal) => proposal.weighted === null)).toBe(true);
    // The tops (20 proposals) and each theme's three best: nothing of the 40 others.
    expect(results.proposals.length).toBeLessThan(30);
    // Asking for the team's views changes nothing.
    for (const view of ['dashboard', 'report']) {
      const page = await readResults(scene.client, participant, { view, tab: 'segments' });
      expect(page.view).toBe('results');
      expect(page.results!.results!.segments).toEqual([]);
      expect(page.results!.results!.groups).toBeNull();
    }
  });

  it('shows the results to everyone once the phase is over', async () => {
    const scene = await sceneWithResults();
    await scene.moveTo('closed');
    const page = await readResults(scene.client, await scene.person(['participant']), { view: 'results' });
    expect(page.results?.hidden).toBeNull();
    expect(page.results?.results?.tops.consensus).toHaveLength(10);
  });

  it('says the results are being calculated before the first computation', async () => {
    const consultation = await openConsultation(database.db, app, { config: { results: { ...defaultResultsConfig, visibility: 'live' } } });
    const client = proposalsClient(app, consultation.slug, consultation.instanceId);
    const participant = await consultation.person(['participant']);
    const page = await readResults(client, participant, { view: 'results' });
    expect(page.results?.hidden).toBeNull();
    expect(page.results?.results).toBeNull();
    expect((await client.html(participant, { view: 'results' })).html).toContain('Results are being calculated');
    const strategist = await consultation.person(['strategist']);
    const dashboard = await readResults(client, strategist, { view: 'dashboard' });
    expect(dashboard.results?.results).toBeNull();
    expect((await client.html(strategist, { view: 'dashboard' })).html).toContain('Results are being calculated');
  });

  it('renders in French and in English', async () => {
    const scene = await sceneWithResults({ results: { visibility: 'live' } });
    const participant = await scene.person(['participant']);
    const french = await proposalsClient(app, scene.slug, scene.instanceId, { language: 'fr' }).html(participant, { view: 'results' });
    expect(french.status).toBe(200);
    expect(french.html).toContain('Calculé le');
    expect(french.html).toContain('il y a 4 minutes');
    expect(french.html).toContain(`Il faut ${scene.bodies[0]}`);
    expect(french.html).toContain('portée par un seul groupe d’opinion');
    const english = await scene.client.html(participant, { view: 'results' });
    expect(english.html).toContain('Calculated on');
    expect(english.html).toContain('4 minutes ago');
    expect(english.html).toContain('carried by a single opinion group');
  });
});

describe('the dashboard', () => {
  it('is for client viewers, strategists and synthesizers', async () => {
    const scene = await sceneWithResults({ count: 60 });
    for (const role of ['client_viewer', 'strategist', 'synthesizer'] as const) {
      const page = await readResults(scene.client, await scene.person([role]), { view: 'dashboard' });
      expect(page.view).toBe('dashboard');
      expect(page.viewer.mayAnalyse).toBe(true);
      const data = page.results!;
      expect(data.audience).toBe('team');
      expect(data.hidden).toBeNull();
      expect(data.tab).toBe('overview');
      // Every vote with its voter's answers is for the team that analyses it, not the client.
      expect(data.downloads).toEqual(role === 'client_viewer' ? ['proposals', 'segments', 'groups'] : ['proposals', 'votes', 'segments', 'groups']);
      // The overview: participation and the tops, not the 60 proposals.
      expect(data.results!.participation.votes).toBe(scene.snapshot.participation.votes);
      expect(data.results!.proposals).toHaveLength(20);
    }
    const moderator = await scene.person(['moderator']);
    const page = await readResults(scene.client, moderator, { view: 'dashboard' });
    expect(page.view).toBe('results');
  });

  it('shows the team its links: tabs, report, downloads', async () => {
    const scene = await sceneWithResults();
    const { status, html } = await scene.client.html(await scene.person(['strategist']), { view: 'dashboard' });
    expect(status).toBe(200);
    expect(html).toContain('Dashboard');
    expect(html).toContain('view=report');
    expect(html).toContain(`/export?download=proposals&amp;format=xlsx`);
    expect(html).toContain('Calculated on');
    const french = await proposalsClient(app, scene.slug, scene.instanceId, { language: 'fr' }).html(await scene.person(['client_viewer']), { view: 'dashboard', tab: 'proposals' });
    expect(french.html).toContain('Propositions triées par score');
  });

  it('pages and sorts the proposals table', async () => {
    const scene = await sceneWithResults({ count: 120 });
    const viewer = await scene.person(['client_viewer']);
    const first = (await readResults(scene.client, viewer, { view: 'dashboard', tab: 'proposals', sort: 'votes' })).results!;
    expect(first.page).toEqual({ number: 1, size: 50, total: 120, sort: 'votes', rows: 50 });
    // Votes from the most; equal votes by id.
    const expected = [...scene.snapshot.proposals].sort((a, b) => b.counts.votes - a.counts.votes || a.id.localeCompare(b.id)).map((proposal) => proposal.id);
    expect(first.results!.proposals.map((proposal) => proposal.id)).toEqual(expected.slice(0, 50));
    const third = (await readResults(scene.client, viewer, { view: 'dashboard', tab: 'proposals', sort: 'votes', page: '3' })).results!;
    expect(third.results!.proposals.map((proposal) => proposal.id)).toEqual(expected.slice(100));
    // A page beyond the last is the last; an unknown order is the top score's.
    const beyond = (await readResults(scene.client, viewer, { view: 'dashboard', tab: 'proposals', sort: 'nonsense', page: '99' })).results!;
    expect(beyond.page).toMatchObject({ number: 3, sort: 'topScore', rows: 20 });
    const byRejection = (await readResults(scene.client, viewer, { view: 'dashboard', tab: 'proposals', sort: 'rejection' })).results!;
    const lows = byRejection.results!.proposals.map((proposal) => proposal.scores.rejection.low);
    expect(lows).toEqual([...lows].sort((a, b) => b - a));
    expect(byRejection.results!.segments).toEqual([]);
  });

  it('focuses one proposal with every figure, its segments and its groups', async () => {
    const scene = await sceneWithResults({ count: 120 });
    const strategist = await scene.person(['strategist']);
    const focus = scene.ids[110]!;
    const data = (await readResults(scene.client, strategist, { view: 'dashboard', tab: 'proposals', focus })).results!;
    expect(data.focus).toBe(focus);
    expect(data.page!.rows).toBe(50);
    expect(data.results!.proposals).toHaveLength(51);
    expect(data.results!.proposals[50]!.id).toBe(focus);
    for (const segment of data.results!.segments) for (const value of segment.values) expect(Object.keys(value.proposals)).toEqual([focus]);
    expect(Object.keys(data.results!.groups!.agreement)).toEqual([focus]);
    const { html } = await scene.client.html(strategist, { view: 'dashboard', tab: 'proposals', focus });
    expect(html).toContain('Scores and margins of uncertainty');
    expect(html).toContain('Region: Bretagne');
    // An unknown proposal is no focus.
    const unknown = (await readResults(scene.client, strategist, { view: 'dashboard', tab: 'proposals', focus: 'nope' })).results!;
    expect(unknown.focus).toBeNull();
    expect(unknown.results!.proposals).toHaveLength(50);
  });

  it('sends the segments tab one field’s figures for the leading proposals only', async () => {
    const scene = await sceneWithResults({ count: 60 });
    const data = (await readResults(scene.client, await scene.person(['strategist']), { view: 'dashboard', tab: 'segments', field: 'age_band' })).results!;
    expect(data.field).toBe('age_band');
    const results = data.results!;
    expect(results.proposals).toHaveLength(15);
    const byField = Object.fromEntries(results.segments.map((segment) => [segment.field, segment]));
    expect(byField.region!.values.map((value) => value.voters)).toEqual([100, 100]);
    expect(byField.region!.values.every((value) => Object.keys(value.proposals).length === 0)).toBe(true);
    expect(byField.age_band!.values.every((value) => Object.keys(value.proposals).length === 15)).toBe(true);
    expect(results.groups).toBeNull();
    // An unknown field is the first one.
    expect((await readResults(scene.client, await scene.person(['strategist']), { view: 'dashboard', tab: 'segments', field: 'shoe_size' })).results!.field).toBe('region');
  });

  it('sends the groups tab the agreement on the most divisive proposals', async () => {
    const scene = await sceneWithResults({ count: 60 });
    const data = (await readResults(scene.client, await scene.person(['client_viewer']), { view: 'dashboard', tab: 'groups' })).results!;
    const groups = data.results!.groups!;
    const ids = Object.keys(groups.agreement);
    // The 20 of highest index differ most between the groups; the first one represents group 0.
    expect(ids.sort()).toEqual([...scene.ids.slice(40), scene.ids[0]!].sort());
    expect(groups.points).toHaveLength(2);
    expect(data.results!.proposals.map((proposal) => proposal.id).sort()).toEqual(ids.sort());
  });
});

describe('the report', () => {
  it('holds everything it prints, bounded', async () => {
    const scene = await sceneWithResults({ count: 120 });
    const viewer = await scene.person(['client_viewer']);
    const page = await readResults(scene.client, viewer, { view: 'report' });
    expect(page.view).toBe('report');
    const results = page.results!.results!;
    expect(results.tops.consensus).toHaveLength(10);
    expect(results.proposals.length).toBeLessThan(70);
    for (const segment of results.segments) for (const value of segment.values) expect(Object.keys(value.proposals).length).toBeLessThanOrEqual(15);
    expect(results.groups!.groups).toHaveLength(2);
    const { html } = await scene.client.html(viewer, { view: 'report' });
    expect(html).toContain('<h2 id="report-heading" lang="en">How can we make culture accessible to everyone?</h2>');
    expect(html).toContain('Print');
    expect(html).toContain('The method in brief');
  });
});

describe('a computation by the background job', () => {
  it('reaches the results page', async () => {
    const consultation = await openConsultation(database.db, app, { config: { results: { ...defaultResultsConfig, visibility: 'live', minVotes: 3 } } });
    const [proposalId] = await insertProposals(database.db, consultation.instanceId, consultation.consultationId, [{ body: 'ouvrir les musées le soir une fois par semaine' }]);
    const voters = await Promise.all(Array.from({ length: 6 }, () => consultation.person(['participant'])));
    await database.db
      .insertInto('proposal_votes')
      .values(voters.map((voter, index) => ({ proposal_id: proposalId!, user_id: voter.id, vote: index < 5 ? ('agree' as const) : ('disagree' as const), source: 'sequence' as const, trusted: true })))
      .execute();
    await database.db.updateTable('proposals').set({ agree: 5, disagree: 1, sequence_votes: 6 }).where('id', '=', proposalId!).execute();
    await compute(consultation);
    const client = proposalsClient(app, consultation.slug, consultation.instanceId);
    const results = (await readResults(client, voters[0]!, { view: 'results' })).results!.results!;
    expect(results.participation.voters).toBe(6);
    expect(results.participation.votes).toBe(6);
  });
});
