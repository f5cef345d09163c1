import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { GeographySection, GroupsSection, SegmentsSection } from './results-analysis';
import { qualifications, type Estimate, type OpinionGroups, type ProposalResult, type Scores, type SegmentResult, type VoteCounts, type Weighting } from './results-data';

function render(element: ReactElement, lng: 'fr' | 'en' = 'fr'): string {
  const instance = i18next.createInstance();
  const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('locales', lang, `${ns}.json`), 'utf8')) as object;
  const resources = Object.fromEntries(
    ['fr', 'en'].map((lang) => [
      lang,
      {
        charts: read(lang, 'charts'),
        'proposals-analysis': read(lang, 'proposals-analysis'),
      },
    ])
  );
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'fr',
    ns: ['charts', 'proposals-analysis'],
    resources,
    initImmediate: false,
    interpolation: { escapeValue: false },
  });
  return renderToStaticMarkup(<I18nextProvider i18n={instance}>{element}</I18nextProvider>);
}

const estimate = (value: number, spread = 0.05): Estimate => ({
  value,
  low: Math.max(0, value - spread),
  high: Math.min(1, value + spread),
});
const counts = (votes: number, agree: number): VoteCounts => ({
  votes,
  agree,
  disagree: votes - agree,
  neutral: 0,
  qualifications: Object.fromEntries(qualifications.map((name) => [name, 0])) as VoteCounts['qualifications'],
});
const scores = (agree: number, top: number, controversy = 0.1): Scores => ({
  agree: estimate(agree),
  disagree: estimate(1 - agree),
  neutral: estimate(0.02),
  qualifications: Object.fromEntries(qualifications.map((name) => [name, estimate(0.1)])) as Scores['qualifications'],
  topScore: { value: top, low: top - 0.2, high: top + 0.2 },
  controversy: estimate(controversy),
  rejection: estimate(1 - agree),
  adhesion: estimate(agree),
  realism: estimate(0.3),
  engagement: estimate(0.8),
});

/** A proposal with `votes` votes, `agree` share agreeing, ranked by `top`. */
function sampleProposal(
  id: string,
  agree: number,
  top: number,
  options: {
    controversy?: number;
    carriedBy?: number | null;
    weighted?: boolean;
  } = {}
): ProposalResult {
  return {
    id,
    body: id,
    language: 'fr',
    themeId: null,
    ideaId: null,
    tags: [],
    impressions: 500,
    untrustedVotes: 0,
    counts: counts(200, Math.round(200 * agree)),
    scores: scores(agree, top, options.controversy),
    weighted: options.weighted
      ? {
          counts: counts(200, Math.round(200 * agree)),
          scores: scores(agree - 0.04, top - 0.1),
          effectiveVotes: 143.4,
          zone: 'mixed',
        }
      : null,
    zone: agree > 0.7 ? 'consensus' : 'mixed',
    groupConsensus: null,
    carriedBy: options.carriedBy ?? null,
  };
}

const texts: Record<string, string> = {
  p1: 'Il faut des bus la nuit',
  p2: 'Il faut des pistes cyclables séparées',
  p3: 'Il faut rendre les musées gratuits le dimanche',
  p4: 'Il faut fermer le centre-ville aux voitures',
};
const label = (id: string) => ({ text: texts[id] ?? id, lang: 'fr' });
const proposals = [
  sampleProposal('p1', 0.8, 1.4, { weighted: true }),
  sampleProposal('p2', 0.6, 0.9, {
    controversy: 0.4,
    // Group ids are the numbers people read: group 2 (92 % agree) carries p2, group 1 (40 %) does not.
    carriedBy: 2,
    weighted: true,
  }),
  sampleProposal('p3', 0.5, 1.1, { controversy: 0.2, weighted: true }),
  sampleProposal('p4', 0.45, 0.2, { controversy: 0.45, weighted: true }),
];

const segmentValue = (value: string, voters: number, agreeOf: Record<string, number>) => ({
  value,
  voters,
  votes: voters * 6,
  proposals: Object.fromEntries(
    Object.entries(agreeOf).map(([id, agree]) => [
      id,
      {
        counts: counts(voters, Math.round(voters * agree)),
        agree: estimate(agree, 0.1),
        topScore: estimate(agree),
        zone: agree > 0.7 ? ('consensus' as const) : ('mixed' as const),
      },
    ])
  ),
});

const sampleSegments: SegmentResult[] = [
  {
    field: 'region',
    values: [
      segmentValue('Île-de-France', 120, { p1: 0.82, p2: 0.4 }),
      segmentValue('Bretagne', 45, { p1: 0.7 }),
      segmentValue('Occitanie', 60, { p1: 0.75, p2: 0.66 }),
      segmentValue('Atlantide', 8, { p1: 0.5 }),
    ],
    hiddenVoters: 3,
    unansweredVoters: 12,
  },
  {
    field: 'age_band',
    values: [segmentValue('18-24', 40, { p1: 0.9 }), segmentValue('65+', 70, { p1: 0.6 })],
    hiddenVoters: 0,
    unansweredVoters: 0,
  },
];

const sampleWeighting: Weighting = {
  fields: ['region', 'age_band'],
  effectiveSampleSize: 812.6,
  voters: 1200,
  iterations: 14,
  converged: true,
  unreachable: [{ field: 'region', value: 'Corse' }],
};

const sampleGroups: OpinionGroups = {
  k: 2,
  silhouette: 0.41,
  explained: [0.32, 0.14],
  grouped: 400,
  ungrouped: 25,
  groups: [
    {
      id: 1,
      size: 300,
      centroid: [-0.6, 0.1],
      representative: [
        {
          proposalId: 'p4',
          direction: 'disagree',
          inGroup: estimate(0.3),
          rest: estimate(0.75),
          z: -4.2,
          pValue: 0.00002,
        },
      ],
    },
    {
      id: 2,
      size: 100,
      centroid: [1.4, -0.2],
      representative: [
        {
          proposalId: 'p2',
          direction: 'agree',
          inGroup: estimate(0.92),
          rest: estimate(0.4),
          z: 3.1,
          pValue: 0.002,
        },
      ],
    },
  ],
  agreement: {
    p1: [
      { groupId: 1, seen: 250, agree: 200, disagree: 50, rate: estimate(0.8) },
      { groupId: 2, seen: 90, agree: 70, disagree: 20, rate: estimate(0.78) },
    ],
    p2: [
      { groupId: 1, seen: 240, agree: 96, disagree: 144, rate: estimate(0.4) },
      { groupId: 2, seen: 95, agree: 87, disagree: 8, rate: estimate(0.92) },
    ],
    p4: [
      { groupId: 1, seen: 200, agree: 60, disagree: 140, rate: estimate(0.3) },
      {
        groupId: 2,
        seen: 0,
        agree: 0,
        disagree: 0,
        rate: { value: 0.33, low: 0, high: 1 },
      },
    ],
  },
  points: Array.from({ length: 60 }, (_, index) => ({
    x: (index % 2 === 0 ? -0.6 : 1.4) + Math.sin(index) * 0.5,
    y: Math.cos(index * 1.7) * 0.6,
    group: index % 2 === 0 ? 1 : 2,
  })),
};

const rowsOf = (html: string) => [...html.matchAll(/<tbody>(.*?)<\/tbody>/gs)].map((match) => [...match[1]!.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => row[1]!));
const text = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('SegmentsSection', () => {
  const html = render(
    <SegmentsSection
      segments={sampleSegments}
      weighting={sampleWeighting}
      field="region"
      fieldHref={(field) => `?tab=segments&field=${field}`}
      proposals={proposals}
      label={label}
      locale="fr"
      minSegmentVoters={5}
    />
  );

  it('offers every field, marking the one shown', () => {
    expect(html).toContain('<a href="?tab=segments&amp;field=region" aria-current="page">Région</a>');
    expect(html).toContain('<a href="?tab=segments&amp;field=age_band">Tranche d’âge</a>');
  });

  it('says in plain words who is not shown', () => {
    expect(html).toContain('3 votants ne sont pas montrés à part : leur réponse est partagée par moins de 5 votants');
    expect(html).toContain('12 votants n’ont pas répondu à cette question.');
  });

  it('charts the voters per value, most first', () => {
    const [voters] = rowsOf(html);
    expect(voters!.map(text)).toEqual(['Île-de-France 120', 'Occitanie 60', 'Bretagne 45', 'Atlantide 8']);
  });

  it('compares the best proposals across values, raw and weighted, with bounds and zones', () => {
    const table = rowsOf(html)[1]!;
    // Ranked by the lower bound of the top score: p1, p3, p2, p4.
    expect(table.map((row) => text(row).slice(0, 20))).toEqual(['Il faut des bus la n', 'Il faut rendre les m', 'Il faut des pistes c', 'Il faut fermer le ce']);
    expect(text(table[0]!)).toContain('80 % (75 % – 85 %) 200 votes Consensus');
    expect(text(table[0]!)).toContain('76 % (71 % – 81 %) ≈ 143 votes effectifs Avis partagés');
    expect(text(table[0]!)).toContain('82 % (72 % – 92 %) 120 votes Consensus');
    expect(text(table[1]!)).toContain('Aucun vote');
    expect(html).toContain('les 1 200 votants pèsent alors comme 813 votants tirés au hasard'.replace(/ /g, ' ').replace('1 200', new Intl.NumberFormat('fr').format(1200)));
    expect(html).toContain('Région : Corse');
  });

  it('does not claim the figures were weighted when no voter holds the target values', () => {
    const unapplied: Weighting = { fields: ['region'], effectiveSampleSize: 1200, voters: 1200, iterations: 0, converged: true, unreachable: [{ field: 'region', value: 'Corse' }] };
    const html = render(<SegmentsSection segments={sampleSegments} weighting={unapplied} field="region" fieldHref={String} proposals={proposals} label={label} locale="fr" />);
    const note = text(html);
    expect(note).toContain('Le redressement sur « Région » n’a pas pu être appliqué : aucun votant n’a l’une des valeurs visées.');
    expect(note).toContain('Région : Corse');
    expect(note).not.toContain('pèsent alors comme');
    // Nor a weighted column repeating the raw figures.
    expect(note).not.toContain('(redressé)');
  });

  it('leaves the weighted column out without weighting', () => {
    const raw = render(<SegmentsSection segments={sampleSegments} weighting={null} field="age_band" fieldHref={(field) => field} proposals={proposals} label={label} locale="en" />, 'en');
    expect(raw).not.toContain('All (weighted)');
    expect(raw).toContain('<th scope="col">All voters</th>');
    expect(raw).toContain('aria-current="page">Age band</a>');
  });

  it('says so when there is no segment', () => {
    expect(text(render(<SegmentsSection segments={[]} weighting={null} field={null} fieldHref={String} proposals={proposals} label={label} locale="fr" />))).toContain('Aucun segment');
  });
});

describe('GeographySection', () => {
  it('maps the regions’ voters, with votes and the answers off the map', () => {
    const html = render(<GeographySection segments={sampleSegments} locale="fr" />);
    expect(html).toContain('Participation par région');
    expect(html).toContain('<title>Île-de-France — Votants : 120 (Votes : 720)</title>');
    expect(html).toContain('Atlantide : 8 (Votes : 48)');
    expect(html).toContain('15 votants n’apparaissent pas sur la carte');
  });

  it('draws nothing without a field that has a map', () => {
    expect(render(<GeographySection segments={sampleSegments.filter((segment) => segment.field !== 'region')} locale="fr" />)).toBe('');
  });
});

describe('GroupsSection', () => {
  const html = render(<GroupsSection groups={sampleGroups} absence={null} proposals={proposals} label={label} locale="fr" />);

  it('explains why there are no groups', () => {
    const absent = render(<GroupsSection groups={null} absence={{ reason: 'tooFewParticipants', needed: 20, have: 7 }} proposals={proposals} label={label} locale="fr" />);
    expect(text(absent)).toContain('au moins 20 participants ont voté sur assez de propositions ; ils sont 7 pour l’instant');
    const alone = render(<GroupsSection groups={null} absence={{ reason: 'tooFewParticipants', needed: 20, have: 1 }} proposals={proposals} label={label} locale="fr" />);
    expect(text(alone)).toContain('pour l’instant, 1 participant l’a fait.');
  });

  it('shows each group’s size and what sets it apart, with the certainty in words', () => {
    expect(text(html)).toContain('Groupe 1 300 participants (75 % des participants placés)');
    expect(text(html)).toContain(
      'Moins d’accord que les autres : Il faut fermer le centre-ville aux voitures d’accord à 30 % (25 % – 35 %) dans le groupe, contre 75 % (70 % – 80 %) ailleurs. Une telle différence aurait moins d’une chance sur mille'
    );
    expect(text(html)).toContain('moins d’une chance sur cent');
    expect(text(html)).toContain('Axe 1 (32 % des différences)');
  });

  it('compares every group on the most controversial proposals, flagging those one group carries', () => {
    const table = rowsOf(html).at(-1)!;
    expect(table.map((row) => text(row).slice(0, 20))).toEqual(['Il faut fermer le ce', 'Il faut des pistes c', 'Il faut des bus la n']);
    expect(text(table[1]!)).toContain('Portée par un seul groupe d’opinion : Groupe 2');
    expect(text(table[1]!)).not.toContain('Groupe 3');
    // The carrying group's own cell is the one highlighted.
    expect(table[1]).toMatch(/<td class="data-highlight">\s*<strong>92\s%<\/strong>/);
    expect(text(table[0]!)).toContain('Aucun vote');
  });
});
