import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { contrastWithWhite, minContrast } from '../colors';
import { labelColorOn, mapKindFor, sequentialScale, tileFor, tileGrids, TileMap } from './tile-map';

function renderMap(props: Parameters<typeof TileMap>[0], lng: 'fr' | 'en' = 'fr'): string {
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
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: instance }, createElement(TileMap, props)));
}

describe('mapKindFor', () => {
  it('puts regions on France’s map and countries on Europe’s, and nothing else on a map', () => {
    expect(mapKindFor('region')).toBe('franceRegions');
    expect(mapKindFor('country')).toBe('europe');
    for (const field of ['age_band', 'gender', 'postcode', 'source', 'ville']) expect(mapKindFor(field)).toBeNull();
  });
});

describe('tileFor', () => {
  it.each([
    ['Île-de-France', 'FR-IDF'],
    ['ile de france', 'FR-IDF'],
    ['ILE-DE-FRANCE', 'FR-IDF'],
    ['IDF', 'FR-IDF'],
    ['FR-IDF', 'FR-IDF'],
    ['  Bretagne ', 'FR-BRE'],
    ['Brittany', 'FR-BRE'],
    ['Région Bretagne', 'FR-BRE'],
    ['PACA', 'FR-PAC'],
    ["Provence-Alpes-Côte d'Azur", 'FR-PAC'],
    ['provence alpes cote d azur', 'FR-PAC'],
    ['Grand Est', 'FR-GES'],
    ['grand-est', 'FR-GES'],
    ['Alsace', 'FR-GES'],
    ['Lorraine', 'FR-GES'],
    ['Auvergne-Rhône-Alpes', 'FR-ARA'],
    ['AURA', 'FR-ARA'],
    ['Rhône-Alpes', 'FR-ARA'],
    ['Midi-Pyrénées', 'FR-OCC'],
    ['Occitanie', 'FR-OCC'],
    ['Nord-Pas-de-Calais', 'FR-HDF'],
    ['Picardie', 'FR-HDF'],
    ['Basse-Normandie', 'FR-NOR'],
    ['Limousin', 'FR-NAQ'],
    ['Centre', 'FR-CVL'],
    ['Centre-Val de Loire', 'FR-CVL'],
    ['Bourgogne', 'FR-BFC'],
    ['Franche-Comté', 'FR-BFC'],
    ['Corse', 'FR-20R'],
    ['Corsica', 'FR-20R'],
    ['FR-COR', 'FR-20R'],
    ['La Réunion', 'FR-974'],
    ['reunion', 'FR-974'],
    ['Guyane', 'FR-973'],
    ['French Guiana', 'FR-973'],
    ['971', 'FR-971'],
    ['Mayotte', 'FR-976'],
    ['Pays de la Loire', 'FR-PDL'],
  ])('reads the region %j as %s', (value, id) => {
    expect(tileFor('franceRegions', value)).toBe(id);
  });

  it.each(['', '   ', 'France', 'Paris', '75', 'Bavière', 'Autre', 'Belgique', 'Nord Est', 'Alsace-Moselle et Lorraine'])('does not place the region %j', (value) => {
    expect(tileFor('franceRegions', value)).toBeNull();
  });

  it.each([
    ['Allemagne', 'DE'],
    ['Germany', 'DE'],
    ['DE', 'DE'],
    ['de', 'DE'],
    ['Deutschland', 'DE'],
    ['Royaume-Uni', 'GB'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['Scotland', 'GB'],
    ['Pays-Bas', 'NL'],
    ['the Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['Tchéquie', 'CZ'],
    ['Czech Republic', 'CZ'],
    ['République tchèque', 'CZ'],
    ['Espagne', 'ES'],
    ['España', 'ES'],
    ['Suisse', 'CH'],
    ['Norvège', 'NO'],
    ['Islande', 'IS'],
    ['Macédoine du Nord', 'MK'],
    ['Türkiye', 'TR'],
    ['Turquie', 'TR'],
    ['Biélorussie', 'BY'],
    ['Moldavie', 'MD'],
    ['Ukraine', 'UA'],
    ['Kosovo', 'XK'],
    ['Bosnie-Herzégovine', 'BA'],
    ['Malte', 'MT'],
    ['Chypre', 'CY'],
    ['france', 'FR'],
    ['Luxembourg', 'LU'],
  ])('reads the country %j as %s', (value, id) => {
    expect(tileFor('europe', value)).toBe(id);
  });

  it.each(['', 'Russie', 'USA', 'États-Unis', 'Europe', 'Bretagne', 'Canada', 'XX'])('does not place the country %j', (value) => {
    expect(tileFor('europe', value)).toBeNull();
  });

  it('reads every tile’s own code and names as that tile (no name is claimed twice)', () => {
    for (const [kind, grid] of Object.entries(tileGrids) as [keyof typeof tileGrids, (typeof tileGrids)['europe']][]) {
      for (const tile of grid) {
        for (const name of [tile.id, tile.short, tile.names.fr, tile.names.en, ...tile.aliases]) expect(tileFor(kind, name), `${kind} ${name}`).toBe(tile.id);
      }
    }
  });
});

describe('the tile grids', () => {
  it('hold France’s 13 metropolitan and 5 overseas regions, and Europe’s 27 EU members with their neighbours', () => {
    expect(tileGrids.franceRegions).toHaveLength(18);
    const eu = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
    const ids = tileGrids.europe.map((tile) => tile.id);
    for (const id of [...eu, 'GB', 'NO', 'CH', 'IS', 'AL', 'BA', 'ME', 'MK', 'RS', 'UA', 'MD', 'BY', 'TR']) expect(ids).toContain(id);
  });

  it('never put two tiles on the same square', () => {
    for (const grid of Object.values(tileGrids)) {
      const squares = grid.map((tile) => `${tile.column},${tile.row}`);
      expect(new Set(squares).size).toBe(squares.length);
    }
  });

  it('label every step of the colour scale at 4.5:1 or more', () => {
    const ink = '#1b1f24';
    for (const step of sequentialScale) {
      const label = labelColorOn(step);
      // contrast(a, b) = contrastWithWhite(b) / contrastWithWhite(a) for a darker than b.
      const contrast = label === '#ffffff' ? contrastWithWhite(step) : contrastWithWhite(ink) / contrastWithWhite(step);
      expect(contrast, step).toBeGreaterThanOrEqual(minContrast);
    }
    expect(labelColorOn(sequentialScale[4])).toBe('#ffffff');
    expect(labelColorOn(sequentialScale[0])).toBe(ink);
  });
});

describe('TileMap', () => {
  const values = {
    'Île-de-France': 900,
    Bretagne: 40,
    bretagne: 20,
    Occitanie: 300,
    'Grand Est': 150,
    'Pays de la Loire': 100,
    Atlantide: 7,
  };
  const html = renderMap({
    kind: 'franceRegions',
    caption: 'Votants par région',
    values,
    format: (value) => String(value),
    valueHeader: 'Votants',
    locale: 'fr',
  });

  it('names each tile and its figure, and says which tiles have no data', () => {
    expect(html).toContain('<title>Île-de-France — Votants : 900</title>');
    expect(html).toContain('<title>Bretagne — Votants : 60</title>');
    expect(html).toContain('<title>Corse : pas de données</title>');
    expect(html).toContain('>IDF</text>');
    expect(html).toMatch(/<li>.*Pas de données<\/li>/);
  });

  it('lists the answers that match no tile under the map', () => {
    expect(html).toContain('Autres réponses');
    expect(html).toContain('<li>Atlantide : 7</li>');
  });

  it('tabulates every tile’s figure from the highest', () => {
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]+) <span[^>]*>\(\w+\)<\/span><\/th><td[^>]*>(\d+)<\/td><\/tr>/g)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual([
      ['Île-de-France', '900'],
      ['Occitanie', '300'],
      ['Grand Est', '150'],
      ['Pays de la Loire', '100'],
      ['Bretagne', '60'],
    ]);
  });

  it('gives the highest figure the darkest step, with a white label, and a legend of ranges', () => {
    expect(html).toMatch(new RegExp(`<title>Île-de-France[^<]*</title><rect[^>]*fill="${sequentialScale[4]}"[^>]*></rect><text[^>]*fill="#ffffff"`));
    expect(html).toMatch(new RegExp(`<title>Bretagne[^<]*</title><rect[^>]*fill="${sequentialScale[0]}"`));
    expect(html).toContain('aria-label="Légende"');
    expect(/<svg[^>]*role="img"[^>]*aria-label="([^"]*)"/.exec(html)?.[1]).toBe('Votants par région : 5 cases renseignées ; la plus forte : Île-de-France, 900.');
  });

  it('writes the countries’ names in the reader’s language', () => {
    const english = renderMap(
      {
        kind: 'europe',
        caption: 'Voters',
        values: { Allemagne: 12, DE: 3, Espagne: 5 },
        format: String,
        valueHeader: 'Voters',
        locale: 'en',
      },
      'en'
    );
    expect(english).toContain('<title>Germany — Voters: 15</title>');
    expect(english).toContain('<title>Italy: no data</title>');
    expect(english).toContain('Show the data');
  });
});
