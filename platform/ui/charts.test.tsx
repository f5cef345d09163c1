import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { contrastWithWhite } from '../colors';
import { BarChart, categoricalPalette, groupColor, ScatterPlot, TimeColumns } from './charts';

function render(element: ReactElement, lng: 'fr' | 'en' = 'fr'): string {
  const instance = i18next.createInstance();
  const charts = (lang: string) => JSON.parse(fs.readFileSync(path.resolve('locales', lang, 'charts.json'), 'utf8')) as object;
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'fr',
    ns: ['charts'],
    resources: { fr: { charts: charts('fr') }, en: { charts: charts('en') } },
    initImmediate: false,
    interpolation: { escapeValue: false },
  });
  return renderToStaticMarkup(<I18nextProvider i18n={instance}>{element}</I18nextProvider>);
}

const percent = (value: number) =>
  new Intl.NumberFormat('fr', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(value);
const coordinate = (value: number) => new Intl.NumberFormat('fr', { minimumFractionDigits: 2 }).format(value);
const rows = (html: string) => [...html.matchAll(/<tbody>(.*?)<\/tbody>/gs)].flatMap((match) => [...match[1]!.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => row[1]!));
const cellTexts = (row: string) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, ''));
const ariaLabel = (html: string) => /<svg[^>]*role="img"[^>]*aria-label="([^"]*)"/.exec(html)?.[1] ?? '';

describe('BarChart', () => {
  const bars = [
    {
      key: 'a',
      label: 'Il faut des bus la nuit',
      value: 0.62,
      low: 0.55,
      high: 0.69,
    },
    {
      key: 'b',
      label: 'We need more trains',
      lang: 'en',
      value: 0.48,
      low: 0.3,
      high: 0.66,
      note: 'porté par le seul groupe 2',
    },
    { key: 'c', label: 'Il faut des pistes cyclables', value: 0.12 },
  ];
  const html = render(<BarChart caption="Accord par proposition" bars={bars} min={0} max={1} format={percent} valueHeader="Accord" labelHeader="Proposition" />);

  it('is a captioned figure whose drawing has a name that sums it up', () => {
    expect(html).toMatch(/^<figure[^>]*><figcaption[^>]*>Accord par proposition<\/figcaption>/);
    expect(ariaLabel(html)).toContain('3 barres');
    expect(ariaLabel(html)).toContain(`Il faut des bus la nuit, ${percent(0.62)}`);
  });

  it('gives every figure and its bounds in a table, in the order given, behind "Voir les données"', () => {
    expect(html).toContain('<details class="chart__data"><summary>Voir les données</summary>');
    expect(rows(html).map(cellTexts)).toEqual([
      ['Il faut des bus la nuit', percent(0.62), `${percent(0.55)} – ${percent(0.69)}`],
      ['We need more trains — porté par le seul groupe 2', percent(0.48), `${percent(0.3)} – ${percent(0.66)}`],
      ['Il faut des pistes cyclables', percent(0.12), ''],
    ]);
    expect(html).toContain('<span lang="en">We need more trains</span>');
  });

  it('draws a whisker for each bar with bounds, from its low to its high end', () => {
    const whiskers = [...html.matchAll(/<g class="chart__whisker"><path d="M([\d.]+),[\d.]+ V[\d.]+ M[\d.]+,[\d.]+ H([\d.]+)/g)];
    expect(whiskers).toHaveLength(2);
    const [first, second] = whiskers.map((match) => [Number(match[1]), Number(match[2])] as const);
    // A shared scale: the wider interval (0.30–0.66) draws the longer whisker.
    expect(second![1] - second![0]).toBeGreaterThan(first![1] - first![0]);
    expect(first![0]).toBeLessThan(first![1]);
  });

  it('labels each bar with its value in the drawing', () => {
    for (const bar of bars) expect(html).toContain(`>${percent(bar.value)}</text>`);
  });

  it('speaks the reader’s language', () => {
    const english = render(<BarChart caption="Votes" bars={bars} format={percent} valueHeader="Agreement" labelHeader="Proposal" />, 'en');
    expect(english).toContain('<summary>Show the data</summary>');
    expect(ariaLabel(english)).toContain('3 bars');
  });

  it('draws negative figures to the left of zero', () => {
    const scored = render(
      <BarChart
        caption="Score"
        bars={[
          { key: 'up', label: 'Up', value: 1 },
          { key: 'down', label: 'Down', value: -1 },
        ]}
        min={-3}
        max={3}
        format={String}
        valueHeader="Score"
        labelHeader="Proposition"
      />
    );
    const fills = [...scored.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="12" fill="#1f5fa8"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(fills).toHaveLength(2);
    const [up, down] = fills as [[number, number], [number, number]];
    expect(down[0] + down[1]).toBeCloseTo(up[0]);
  });
});

describe('TimeColumns', () => {
  const points = [
    { at: '2025-03-12T14:00:00.000Z', values: [120, 4] },
    { at: '2025-03-12T15:00:00.000Z', values: [340, 9] },
    { at: '2025-03-12T16:00:00.000Z', values: [80, 0] },
  ];

  it('draws one column per hour and series, and tabulates every figure', () => {
    const html = render(<TimeColumns caption="Activité par heure" points={points} series={['Votes', 'Propositions']} locale="fr" timeHeader="Heure" />);
    expect(html.match(/<rect class="chart__column"/g)).toHaveLength(6);
    expect(rows(html).map((row) => cellTexts(row).slice(1))).toEqual([
      ['120', '4'],
      ['340', '9'],
      ['80', '0'],
    ]);
    expect(html).toContain('<th scope="col">Propositions</th>');
    // The second series is hatched as well as coloured, and named in a legend.
    expect(html).toContain('<pattern');
    expect(html).toMatch(/<ul class="chart__legend">.*Votes.*Propositions.*<\/ul>/s);
    expect(ariaLabel(html)).toContain('340 (Votes)');
  });

  it('writes times in the reader’s locale', () => {
    const french = render(<TimeColumns caption="Activité" points={points} series={['Votes']} locale="fr" timeHeader="Heure" />);
    const english = render(<TimeColumns caption="Activity" points={points} series={['Votes']} locale="en" timeHeader="Hour" />, 'en');
    expect(french).toMatch(/>14\sh</);
    expect(french).toContain('12 mars');
    expect(english).toMatch(/>2\sPM</);
    expect(english).toContain('Mar 12');
  });
});

describe('ScatterPlot', () => {
  const points = [
    { x: -1, y: 0.5, group: 0 },
    { x: -0.8, y: 0.4, group: 0 },
    { x: 1.2, y: -0.3, group: 1 },
  ];
  const groups = [
    {
      id: 0,
      label: 'Groupe 1',
      centroid: [-0.9, 0.45] as [number, number],
      size: 300,
    },
    {
      id: 1,
      label: 'Groupe 2',
      centroid: [1.2, -0.3] as [number, number],
      size: 100,
    },
  ];
  const html = render(<ScatterPlot caption="Groupes d’opinion" points={points} groups={groups} axisLabels={['Axe 1', 'Axe 2']} locale="fr" />);

  it('draws small see-through dots and labels each group’s centre with its name and size', () => {
    expect(html.match(/fill-opacity="0.45"/g)).toHaveLength(3);
    expect(html).toContain('>Groupe 1 (300)</text>');
    expect(html).toContain('>Groupe 2 (100)</text>');
    expect(html).toContain('>Axe 1</text>');
    expect(html).toContain('>Axe 2</text>');
    expect(ariaLabel(html)).toContain('Groupe 1 (300), Groupe 2 (100)');
  });

  it('tabulates the groups, not the dots', () => {
    expect(rows(html).map(cellTexts)).toEqual([
      ['Groupe 1', '300', percent(0.75), coordinate(-0.9), '0,45'],
      ['Groupe 2', '100', percent(0.25), '1,20', coordinate(-0.3)],
    ]);
  });

  it('tells groups apart by shape as well as colour', () => {
    expect(html).toMatch(/<circle[^>]*fill="#1f5fa8"/);
    expect(html).toMatch(/<rect[^>]*fill="#c2410c"/);
  });
});

describe('groupColor', () => {
  it('gives each of up to six groups its own colour, each at least 3:1 against white', () => {
    const colours = [0, 1, 2, 3, 4, 5].map(groupColor);
    expect(new Set(colours).size).toBe(6);
    for (const colour of categoricalPalette) expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(3);
    expect(groupColor(6)).toBe(groupColor(0));
  });
});
