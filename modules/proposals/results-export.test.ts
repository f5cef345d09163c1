import { existsSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { useTestApp, type RunningApp } from '../../test/app';
import { qualifications, type EmergenceResults, type Estimate, type ProposalResult, type Scores } from './results-data';
import { insertProposals, openConsultation, type Person } from './test-factories';

/*
 * The results' downloads and the PDF report, through the real HTTP routes: what each file holds
 * (every figure with its bounds, votes without identities), in CSV and Excel, and who may have
 * them. The figures come from a stored snapshot written here by hand, so that each column can be
 * checked against a known value.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

const estimate = (value: number, low: number, high: number): Estimate => ({ value, low, high });
const noQualifications = () => Object.fromEntries(qualifications.map((key) => [key, 0])) as Record<(typeof qualifications)[number], number>;

function scores(agree: Estimate): Scores {
  return {
    agree,
    disagree: estimate(0.2, 0.1, 0.3),
    neutral: estimate(0.1, 0.05, 0.2),
    qualifications: Object.fromEntries(qualifications.map((key) => [key, estimate(0.05, 0.01, 0.1)])) as Scores['qualifications'],
    topScore: estimate(1.25, 1.1, 1.4),
    controversy: estimate(0.3, 0.2, 0.4),
    rejection: estimate(0.4, 0.3, 0.5),
    adhesion: estimate(0.5, 0.4, 0.6),
    realism: estimate(0.1, 0, 0.2),
    engagement: estimate(0.9, 0.8, 1),
  };
}

function proposalResult(id: string, body: string, overrides: Partial<ProposalResult> = {}): ProposalResult {
  return {
    id,
    body,
    language: 'fr',
    themeId: null,
    ideaId: null,
    tags: [],
    impressions: 250,
    untrustedVotes: 2,
    counts: { votes: 120, agree: 84, disagree: 24, neutral: 12, qualifications: { ...noQualifications(), likeIt: 30, doable: 11 } },
    scores: scores(estimate(0.7, 0.61, 0.77)),
    weighted: null,
    zone: 'consensus',
    groupConsensus: 0.42,
    carriedBy: null,
    ...overrides,
  };
}

/** A computation as results.server.ts stores it. */
async function storeSnapshot(instanceId: string, results: Omit<EmergenceResults, 'computedAt' | 'durationMs' | 'fingerprint' | 'settings' | 'tops' | 'zoneCounts' | 'participation'> & { computedAt?: string }) {
  const full: EmergenceResults = {
    computedAt: '2025-03-14T09:30:00.000Z',
    durationMs: 12,
    fingerprint: `test-${Math.random()}`,
    settings: { minVotes: 30, consensusAgreeLow: 0.6, controversyBothLow: 0.25, rejectionDisagreeLow: 0.6, limboNeutral: 0.5, minSegmentVoters: 5, minGroupShare: 0.1, minVotesPerParticipant: 5 },
    tops: { consensus: [], controversy: [], rejection: [] },
    zoneCounts: { consensus: 0, controversy: 0, rejection: 0, limbo: 0, mixed: 0, untested: 0 },
    participation: { voters: 0, proposers: 0, proposals: { pending: 0, accepted: 0, refused: 0, postponed: 0, archived: 0 }, votes: 0, untrustedVotes: 0, perHour: [], byTheme: [], byTag: [], byIdea: [] },
    ...results,
  };
  await database.db
    .insertInto('proposal_results')
    .values({ instance_id: instanceId, computed_at: new Date(full.computedAt), fingerprint: full.fingerprint, duration_ms: full.durationMs, results: JSON.stringify(full) })
    .onConflict((oc) => oc.column('instance_id').doUpdateSet({ computed_at: new Date(full.computedAt), fingerprint: full.fingerprint, results: JSON.stringify(full) }))
    .execute();
}

/** A download as a script fetches it: its status, headers and bytes. */
async function fetchDownload(slug: string, instanceId: string, person: Person | null, query: Record<string, string>, language = 'en') {
  const response = await fetch(`${app.url}/consultations/${slug}/modules/${instanceId}/export?${new URLSearchParams(query)}`, {
    headers: { 'Accept-Language': language, ...(person ? { Cookie: person.cookie } : {}) },
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', bytes, text: bytes.toString('utf8') };
}

/** RFC 4180 CSV (every field quoted, as platform/csv.ts writes it) as objects by column name. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (char !== '\r') field += char;
  }
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
}

const today = () => new Date().toISOString().slice(0, 10);

async function scene() {
  const consultation = await openConsultation(database.db, app, { segmentFields: ['age_band', 'region'] });
  const [strategist, viewer, participant] = [await consultation.person(['strategist']), await consultation.person(['client_viewer']), await consultation.person()];
  return { ...consultation, strategist, viewer, participant };
}

describe('the proposals file', () => {
  it('holds every accepted proposal with each figure and its bounds, for the team and the client', async () => {
    const { slug, instanceId, consultationId, themes, strategist, viewer } = await scene();
    const [museums, trains] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits', themeId: themes.culture }, { body: 'rouvrir les petites lignes' }]);
    await storeSnapshot(instanceId, {
      proposals: [
        proposalResult(museums!, 'rendre les musées gratuits', { themeId: themes.culture, tags: ['gratuité', 'musées'], carriedBy: 2 }),
        proposalResult(trains!, 'rouvrir les petites lignes', { zone: 'controversy', groupConsensus: null, counts: { votes: 40, agree: 18, disagree: 17, neutral: 5, qualifications: noQualifications() } }),
      ],
      segments: [],
      weighting: null,
      groups: null,
      groupsAbsence: { reason: 'tooFewParticipants', needed: 20, have: 3 },
    });

    const file = await fetchDownload(slug, instanceId, strategist, { download: 'proposals' });
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(file.disposition).toBe(`attachment; filename="${slug}-proposals-${today()}.csv"`);
    const rows = parseCsv(file.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: museums,
      text: 'Il faut rendre les musées gratuits',
      language: 'fr',
      theme: 'Culture',
      tags: 'gratuité|musées',
      impressions: '250',
      votes: '120',
      agree: '84',
      disagree: '24',
      neutral: '12',
      like_it: '30',
      doable: '11',
      no_way: '0',
      untrusted_votes: '2',
      agree_rate: '0.7',
      agree_rate_low: '0.61',
      agree_rate_high: '0.77',
      like_it_rate_low: '0.01',
      top_score: '1.25',
      top_score_low: '1.1',
      top_score_high: '1.4',
      controversy_high: '0.4',
      rejection: '0.4',
      adhesion_low: '0.4',
      realism_high: '0.2',
      engagement: '0.9',
      zone: 'consensus',
      group_consensus: '0.42',
      carried_by: '2',
      computed_at: '2025-03-14T09:30:00.000Z',
    });
    expect(rows[1]).toMatchObject({ id: trains, theme: '', zone: 'controversy', group_consensus: '', carried_by: '' });
    // Without weighting, no weighted column pretends to say something.
    expect(Object.keys(rows[0]!).some((column) => column.startsWith('weighted_'))).toBe(false);

    // The client who ordered the consultation has the same file.
    expect((await fetchDownload(slug, instanceId, viewer, { download: 'proposals' })).text).toBe(file.text);
  });

  it('adds the weighted agreement and the effective votes when the strategist set margins', async () => {
    const { slug, instanceId, consultationId, strategist } = await scene();
    const [id] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'ouvrir les bibliothèques le soir' }]);
    const weightedScores = scores(estimate(0.55, 0.41, 0.68));
    await storeSnapshot(instanceId, {
      proposals: [proposalResult(id!, 'ouvrir les bibliothèques le soir', { weighted: { counts: proposalResult(id!, '').counts, scores: weightedScores, effectiveVotes: 61.5, zone: 'mixed' } })],
      segments: [],
      weighting: { fields: ['region'], effectiveSampleSize: 80.2, voters: 120, iterations: 6, converged: true, unreachable: [] },
      groups: null,
      groupsAbsence: { reason: 'tooFewParticipants', needed: 20, have: 3 },
    });
    const [row] = parseCsv((await fetchDownload(slug, instanceId, strategist, {})).text);
    expect(row).toMatchObject({ weighted_agree_rate: '0.55', weighted_agree_rate_low: '0.41', weighted_agree_rate_high: '0.68', weighted_zone: 'mixed', effective_votes: '61.5', zone: 'consensus' });
  });

  it('is an Excel workbook with ?format=xlsx, numbers stored as numbers', async () => {
    const { slug, instanceId, consultationId, strategist } = await scene();
    const [id] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }]);
    await storeSnapshot(instanceId, { proposals: [proposalResult(id!, 'rendre les musées gratuits')], segments: [], weighting: null, groups: null, groupsAbsence: { reason: 'disabled' } });

    const file = await fetchDownload(slug, instanceId, strategist, { download: 'proposals', format: 'xlsx' });
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.disposition).toBe(`attachment; filename="${slug}-proposals-${today()}.xlsx"`);
    const files = unzipSync(new Uint8Array(file.bytes));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const strings = strFromU8(files['xl/sharedStrings.xml']!);
    expect(strings).toContain('<t>agree_rate_low</t>');
    expect(strings).toContain('<t>Il faut rendre les musées gratuits</t>');
    // The votes (120) and the agreement's lower bound (0.61) are number cells (no t="s").
    expect(sheet).toMatch(/<c r="[A-Z]+2"><v>120<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="[A-Z]+2"><v>0.61<\/v><\/c>/);
  });

  it('says the results are not computed yet rather than giving an empty file', async () => {
    const { slug, instanceId, strategist } = await scene();
    expect((await fetchDownload(slug, instanceId, strategist, { download: 'proposals' })).status).toBe(409);
    expect((await fetchDownload(slug, instanceId, strategist, { download: 'segments' })).status).toBe(409);
  });

  it('refuses participants and visitors, an unknown kind and an unknown format', async () => {
    const { slug, instanceId, consultationId, strategist, participant } = await scene();
    const [id] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }]);
    await storeSnapshot(instanceId, { proposals: [proposalResult(id!, 'rendre les musées gratuits')], segments: [], weighting: null, groups: null, groupsAbsence: { reason: 'disabled' } });
    for (const download of ['proposals', 'votes', 'segments', 'groups']) {
      expect((await fetchDownload(slug, instanceId, participant, { download })).status, download).toBe(403);
      expect((await fetchDownload(slug, instanceId, null, { download })).status, download).toBe(403);
    }
    expect((await fetchDownload(slug, instanceId, strategist, { download: 'identities' })).status).toBe(400);
    const pdfAsFormat = await fetchDownload(slug, instanceId, strategist, { format: 'pdf' });
    expect(pdfAsFormat.status).toBe(400);
    expect(pdfAsFormat.text).toContain('format=xlsx');
  });
});

describe('the votes file', () => {
  it('has one row per vote, trusted or not, with a stable pseudonym and never a name, an e-mail or an account id; only for the team that analyses it', async () => {
    const { slug, instanceId, consultationId, strategist, viewer, person } = await scene();
    const [museums, trains] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }, { body: 'rouvrir les petites lignes', status: 'refused' }]);
    const camille = await person(['participant'], { name: 'Camille Dupont', segments: { region: 'Bretagne', age_band: '25-34' }, source: 'newsletter' });
    const dominique = await person(['participant'], { name: 'Dominique Martin' });
    await database.db
      .insertInto('proposal_votes')
      .values([
        { proposal_id: museums!, user_id: camille.id, vote: 'agree', qualifications: ['likeIt', 'doable'], source: 'sequence', trusted: true, segments: JSON.stringify({ region: 'Bretagne', age_band: '25-34', source: 'newsletter' }) },
        { proposal_id: trains!, user_id: camille.id, vote: 'disagree', qualifications: [], source: 'proposal', trusted: true, segments: JSON.stringify({ region: 'Bretagne', age_band: '25-34', source: 'newsletter' }) },
        { proposal_id: museums!, user_id: dominique.id, vote: 'neutral', qualifications: ['noOpinion'], source: 'widget', trusted: false, segments: JSON.stringify({}) },
      ])
      .execute();
    // A vote in another consultation stays out of this file.
    const other = await openConsultation(database.db, app);
    const [elsewhere] = await insertProposals(database.db, other.instanceId, other.consultationId, [{ body: 'planter des arbres' }]);
    await database.db.insertInto('proposal_votes').values({ proposal_id: elsewhere!, user_id: camille.id, vote: 'agree', source: 'sequence', trusted: true }).execute();

    // Every vote with its voter's answers is not an aggregate: the client viewer does not get it.
    expect((await fetchDownload(slug, instanceId, viewer, { download: 'votes' })).status).toBe(403);
    const file = await fetchDownload(slug, instanceId, strategist, { download: 'votes' });
    expect(file.status).toBe(200);
    expect(file.disposition).toBe(`attachment; filename="${slug}-votes-${today()}.csv"`);
    const rows = parseCsv(file.text);
    expect(rows).toHaveLength(3);
    for (const secret of ['Camille', 'Dupont', 'Dominique', '@example.org', camille.id, dominique.id]) expect(file.text).not.toContain(secret);

    const byProposalAndVote = (proposalId: string, vote: string) => rows.find((row) => row.proposal_id === proposalId && row.vote === vote)!;
    const agree = byProposalAndVote(museums!, 'agree');
    expect(agree).toEqual({
      voter: agree.voter,
      proposal_id: museums,
      proposal_status: 'accepted',
      vote: 'agree',
      qualifications: 'likeIt|doable',
      source: 'sequence',
      trusted: 'yes',
      segment_age_band: '25-34',
      segment_region: 'Bretagne',
      segment_source: 'newsletter',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The same voter has the same pseudonym on every row and in every download; two voters differ.
    expect(byProposalAndVote(trains!, 'disagree')).toMatchObject({ voter: agree.voter, proposal_status: 'refused', trusted: 'yes' });
    const neutral = byProposalAndVote(museums!, 'neutral');
    expect(neutral).toMatchObject({ trusted: 'no', source: 'widget', qualifications: 'noOpinion', segment_region: '' });
    expect(neutral.voter).not.toBe(agree.voter);
    expect(agree.voter).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const again = parseCsv((await fetchDownload(slug, instanceId, strategist, { download: 'votes' })).text);
    expect(again.find((row) => row.vote === 'agree')?.voter).toBe(agree.voter);
    // Another consultation never gets the same pseudonym for the same person.
    const otherStrategist = await other.person(['strategist']);
    const elsewhereRows = parseCsv((await fetchDownload(other.slug, other.instanceId, otherStrategist, { download: 'votes' })).text);
    expect(elsewhereRows).toHaveLength(1);
    expect(elsewhereRows[0]!.voter).not.toBe(agree.voter);
  });

  it('holds every vote when there are more than one batch of them', async () => {
    const { slug, instanceId, consultationId, strategist } = await scene();
    const proposals = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }, { body: 'rouvrir les petites lignes' }]);
    const voters = await database.db
      .insertInto('users')
      .values(Array.from({ length: 2600 }, (_, index) => ({ email: null, display_name: `Votant ${index}`, is_anonymous: true })))
      .returning('id')
      .execute();
    for (const proposalId of proposals) {
      await database.db
        .insertInto('proposal_votes')
        .values(voters.map(({ id }, index) => ({ proposal_id: proposalId, user_id: id, vote: index % 3 === 0 ? ('disagree' as const) : ('agree' as const), source: 'sequence' as const, trusted: true })))
        .execute();
    }
    const rows = parseCsv((await fetchDownload(slug, instanceId, strategist, { download: 'votes' })).text);
    expect(rows).toHaveLength(5200);
    expect(new Set(rows.map((row) => `${row.voter} ${row.proposal_id}`)).size).toBe(5200);
    expect(rows.filter((row) => row.vote === 'disagree')).toHaveLength(2 * 867);
  });
});

describe('the segments and groups files', () => {
  it('give each shown segment value’s figures per proposal, and each group’s agreement with what sets it apart', async () => {
    const { slug, instanceId, consultationId, strategist } = await scene();
    const [museums, trains] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }, { body: 'rouvrir les petites lignes' }]);
    const counts = { votes: 30, agree: 21, disagree: 6, neutral: 3, qualifications: noQualifications() };
    await storeSnapshot(instanceId, {
      proposals: [proposalResult(museums!, 'rendre les musées gratuits'), proposalResult(trains!, 'rouvrir les petites lignes')],
      segments: [
        {
          field: 'region',
          values: [
            { value: 'Bretagne', voters: 12, votes: 45, proposals: { [museums!]: { counts, agree: estimate(0.69, 0.52, 0.83), topScore: estimate(1.1, 0.8, 1.4), zone: 'consensus' } } },
            { value: 'Occitanie', voters: 9, votes: 20, proposals: { [trains!]: { counts: { ...counts, votes: 20 }, agree: estimate(0.3, 0.15, 0.5), topScore: estimate(-0.2, -0.6, 0.2), zone: 'mixed' } } },
          ],
          hiddenVoters: 3,
          unansweredVoters: 40,
        },
      ],
      weighting: null,
      groups: {
        k: 2,
        silhouette: 0.41,
        explained: [0.3, 0.12],
        grouped: 80,
        ungrouped: 5,
        groups: [
          { id: 1, size: 50, centroid: [0.5, 0.1], representative: [{ proposalId: trains!, direction: 'agree', inGroup: estimate(0.8, 0.7, 0.9), rest: estimate(0.2, 0.1, 0.3), z: 4.2, pValue: 0.00003 }] },
          { id: 2, size: 30, centroid: [-0.6, 0], representative: [] },
        ],
        agreement: {
          [museums!]: [
            { groupId: 1, seen: 40, agree: 30, disagree: 6, rate: estimate(0.74, 0.6, 0.85) },
            { groupId: 2, seen: 25, agree: 17, disagree: 5, rate: estimate(0.67, 0.48, 0.82) },
          ],
          [trains!]: [
            { groupId: 1, seen: 44, agree: 35, disagree: 5, rate: estimate(0.79, 0.65, 0.88) },
            { groupId: 2, seen: 22, agree: 4, disagree: 16, rate: estimate(0.2, 0.08, 0.39) },
          ],
        },
        points: [],
      },
      groupsAbsence: null,
    });

    const segments = parseCsv((await fetchDownload(slug, instanceId, strategist, { download: 'segments' })).text);
    expect(segments).toHaveLength(2);
    expect(segments[0]).toMatchObject({ field: 'region', value: 'Bretagne', value_voters: '12', value_votes: '45', proposal_id: museums, votes: '30', agree: '21', agree_rate: '0.69', agree_rate_low: '0.52', agree_rate_high: '0.83', top_score: '1.1', top_score_low: '0.8', top_score_high: '1.4', zone: 'consensus' });
    expect(segments[1]).toMatchObject({ value: 'Occitanie', proposal_id: trains, top_score_low: '-0.6', zone: 'mixed' });

    const groups = parseCsv((await fetchDownload(slug, instanceId, strategist, { download: 'groups', format: 'csv' })).text);
    expect(groups).toHaveLength(4);
    expect(groups.find((row) => row.group_id === '1' && row.proposal_id === trains)).toMatchObject({
      group_size: '50',
      seen: '44',
      agree: '35',
      disagree: '5',
      agree_rate: '0.79',
      agree_rate_low: '0.65',
      agree_rate_high: '0.88',
      representative: 'yes',
      direction: 'agree',
      z: '4.2',
      p_value: '0.00003',
    });
    expect(groups.find((row) => row.group_id === '2' && row.proposal_id === trains)).toMatchObject({ group_size: '30', representative: 'no', direction: '', z: '', p_value: '' });
  });
});

describe('the PDF report', () => {
  const pdfOf = (slug: string, instanceId: string, person: Person | null, language = 'fr') =>
    fetch(`${app.url}/consultations/${slug}/modules/${instanceId}/report.pdf`, { headers: { 'Accept-Language': language, ...(person ? { Cookie: person.cookie } : {}) }, redirect: 'manual' });

  async function withChromiumAt<T>(path: string | undefined, run: () => Promise<T>): Promise<T> {
    const before = process.env.CHROMIUM_PATH;
    if (path === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = path;
    try {
      return await run();
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  }

  it('tells the team to print from the report when the server has no Chromium', async () => {
    const { slug, instanceId, viewer } = await scene();
    const response = await withChromiumAt('/nonexistent/chromium', () => pdfOf(slug, instanceId, viewer));
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Le rendu PDF n’est pas disponible sur ce serveur : utilisez Imprimer › Enregistrer en PDF depuis le rapport.');
    const english = await withChromiumAt('/nonexistent/chromium', () => pdfOf(slug, instanceId, viewer, 'en'));
    expect(await english.text()).toContain('use Print › Save as PDF from the report');
  });

  it('is for the team only', async () => {
    const { slug, instanceId, participant, strategist } = await scene();
    expect((await pdfOf(slug, instanceId, participant)).status).toBe(403);
    const visitor = await pdfOf(slug, instanceId, null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toMatch(/^\/login/);
    expect((await pdfOf(slug, '00000000-0000-4000-8000-000000000000', strategist)).status).toBe(404);
  });

  // Where the server has Chromium (CI, the browser tests' machine) the report is a real PDF;
  // elsewhere the same request must say how to print instead.
  it('renders the report as an A4 PDF where Chromium is installed, and says how to print otherwise', async () => {
    const { slug, instanceId, consultationId, strategist } = await scene();
    const [id] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits' }]);
    await storeSnapshot(instanceId, { proposals: [proposalResult(id!, 'rendre les musées gratuits')], segments: [], weighting: null, groups: null, groupsAbsence: { reason: 'disabled' } });
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    const response = await pdfOf(slug, instanceId, strategist);
    if (existsSync(chromium)) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${slug}-report-${today()}.pdf"`);
      const pdf = Buffer.from(await response.arrayBuffer()).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
      // A4 is 595 × 842 points (Chromium rounds to its own pixel grid).
      expect(pdf).toMatch(/\/MediaBox\s*\[\s*0 0 59[56](\.\d+)? 84[12](\.\d+)?\s*\]/);
    } else {
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('Imprimer › Enregistrer en PDF');
    }
  });
});
