import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { contrastWithWhite, minContrast } from '../colors';

/*
 * Maps of engagement as tile grids: each region of France (metropolitan and overseas) or each
 * European country is one equal square placed where it lies, so that small places (Luxembourg,
 * Malta, the overseas regions) are as readable as large ones, with no map data to licence.
 * Decision record: docs/decisions/010-tile-maps.md.
 */

export type TileMapKind = 'franceRegions' | 'europe';

interface Tile {
  /** ISO 3166-2 (French regions) or ISO 3166-1 alpha-2 (countries). */
  id: string;
  /** What the tile says (IDF, DE…). */
  short: string;
  column: number;
  row: number;
  names: { fr: string; en: string };
  /** Other ways people type it (short forms, native names, former regions that now lie wholly inside it). */
  aliases: string[];
}

const tile = (id: string, short: string, column: number, row: number, fr: string, en: string, aliases: string[] = []): Tile => ({ id, short, column, row, names: { fr, en }, aliases });

/*
 * The 13 metropolitan regions as France's outline (Hauts-de-France on top, Corsica at the
 * bottom right), the 5 overseas regions in a row below. Corsica's ISO code has been FR-20R since 2019.
 */
const franceRegions: Tile[] = [
  tile('FR-HDF', 'HDF', 2, 0, 'Hauts-de-France', 'Hauts-de-France', ['Nord-Pas-de-Calais', 'Nord Pas de Calais', 'Picardie', 'Picardy', 'Nord-Pas-de-Calais-Picardie']),
  tile('FR-BRE', 'BRE', 0, 1, 'Bretagne', 'Brittany', ['BZH', 'Breizh']),
  tile('FR-NOR', 'NOR', 1, 1, 'Normandie', 'Normandy', ['Basse-Normandie', 'Haute-Normandie', 'Lower Normandy', 'Upper Normandy']),
  tile('FR-IDF', 'IDF', 2, 1, 'Île-de-France', 'Île-de-France', ['Ile de France', 'Région parisienne', 'Paris region']),
  tile('FR-GES', 'GES', 3, 1, 'Grand Est', 'Grand Est', ['Alsace', 'Lorraine', 'Champagne-Ardenne', 'Champagne', 'Alsace-Champagne-Ardenne-Lorraine', 'ACAL']),
  tile('FR-PDL', 'PDL', 1, 2, 'Pays de la Loire', 'Pays de la Loire', []),
  tile('FR-CVL', 'CVL', 2, 2, 'Centre-Val de Loire', 'Centre-Val de Loire', ['Centre', 'Région Centre', 'Val de Loire']),
  tile('FR-BFC', 'BFC', 3, 2, 'Bourgogne-Franche-Comté', 'Bourgogne-Franche-Comté', ['Bourgogne', 'Burgundy', 'Franche-Comté', 'Burgundy-Franche-Comté']),
  tile('FR-NAQ', 'NAQ', 1, 3, 'Nouvelle-Aquitaine', 'Nouvelle-Aquitaine', ['Aquitaine', 'Limousin', 'Poitou-Charentes', 'Aquitaine-Limousin-Poitou-Charentes', 'ALPC']),
  tile('FR-ARA', 'ARA', 2, 3, 'Auvergne-Rhône-Alpes', 'Auvergne-Rhône-Alpes', ['AURA', 'Auvergne', 'Rhône-Alpes', 'Rhone Alpes']),
  tile('FR-OCC', 'OCC', 1, 4, 'Occitanie', 'Occitania', ['Languedoc-Roussillon', 'Midi-Pyrénées', 'Languedoc-Roussillon-Midi-Pyrénées', 'LRMP']),
  tile('FR-PAC', 'PAC', 2, 4, 'Provence-Alpes-Côte d’Azur', 'Provence-Alpes-Côte d’Azur', ['PACA', 'Région Sud', 'Sud', 'Provence', 'Côte d’Azur', 'Provence-Alpes-Côte-d’Azur']),
  tile('FR-20R', 'COR', 3, 4, 'Corse', 'Corsica', ['FR-COR', 'Collectivité de Corse', 'Corse-du-Sud', 'Haute-Corse']),
  tile('FR-971', 'GUA', 0, 6, 'Guadeloupe', 'Guadeloupe', ['971', 'FR-GP', 'GP']),
  tile('FR-972', 'MTQ', 1, 6, 'Martinique', 'Martinique', ['972', 'FR-MQ', 'MQ']),
  tile('FR-973', 'GUF', 2, 6, 'Guyane', 'French Guiana', ['973', 'FR-GF', 'GF', 'Guyane française', 'Guiana']),
  tile('FR-974', 'RÉU', 3, 6, 'La Réunion', 'Réunion', ['974', 'FR-RE', 'RE', 'Réunion', 'Île de la Réunion', 'Reunion Island']),
  tile('FR-976', 'MAY', 4, 6, 'Mayotte', 'Mayotte', ['976', 'FR-YT', 'YT']),
];

/* The EU's 27, the United Kingdom, EFTA's mainland members, the Western Balkans and the eastern neighbours, as Europe's outline. */
const europe: Tile[] = [
  tile('IS', 'IS', 0, 0, 'Islande', 'Iceland', ['Ísland']),
  tile('NO', 'NO', 5, 0, 'Norvège', 'Norway', ['Norge']),
  tile('SE', 'SE', 6, 0, 'Suède', 'Sweden', ['Sverige']),
  tile('FI', 'FI', 7, 0, 'Finlande', 'Finland', ['Suomi']),
  tile('IE', 'IE', 1, 1, 'Irlande', 'Ireland', ['Éire', 'Eire', 'Republic of Ireland', 'République d’Irlande']),
  tile('GB', 'UK', 2, 1, 'Royaume-Uni', 'United Kingdom', [
    'UK',
    'U.K.',
    'Great Britain',
    'Britain',
    'Grande-Bretagne',
    'Angleterre',
    'England',
    'Écosse',
    'Scotland',
    'Pays de Galles',
    'Wales',
    'Irlande du Nord',
    'Northern Ireland',
  ]),
  tile('DK', 'DK', 4, 1, 'Danemark', 'Denmark', ['Danmark']),
  tile('EE', 'EE', 7, 1, 'Estonie', 'Estonia', ['Eesti']),
  tile('NL', 'NL', 3, 2, 'Pays-Bas', 'Netherlands', ['The Netherlands', 'Holland', 'Hollande', 'Nederland']),
  tile('DE', 'DE', 4, 2, 'Allemagne', 'Germany', ['Deutschland']),
  tile('PL', 'PL', 5, 2, 'Pologne', 'Poland', ['Polska']),
  tile('LT', 'LT', 6, 2, 'Lituanie', 'Lithuania', ['Lietuva']),
  tile('LV', 'LV', 7, 2, 'Lettonie', 'Latvia', ['Latvija']),
  tile('BE', 'BE', 3, 3, 'Belgique', 'Belgium', ['België', 'Belgien']),
  tile('LU', 'LU', 4, 3, 'Luxembourg', 'Luxembourg', ['Lëtzebuerg', 'Luxemburg']),
  tile('CZ', 'CZ', 5, 3, 'Tchéquie', 'Czechia', ['Czech Republic', 'République tchèque', 'Česko']),
  tile('SK', 'SK', 6, 3, 'Slovaquie', 'Slovakia', ['Slovensko']),
  tile('BY', 'BY', 7, 3, 'Biélorussie', 'Belarus', ['Bélarus', 'Belarus']),
  tile('FR', 'FR', 3, 4, 'France', 'France', []),
  tile('CH', 'CH', 4, 4, 'Suisse', 'Switzerland', ['Schweiz', 'Svizzera']),
  tile('AT', 'AT', 5, 4, 'Autriche', 'Austria', ['Österreich']),
  tile('HU', 'HU', 6, 4, 'Hongrie', 'Hungary', ['Magyarország']),
  tile('UA', 'UA', 7, 4, 'Ukraine', 'Ukraine', ['Україна']),
  tile('PT', 'PT', 1, 5, 'Portugal', 'Portugal', []),
  tile('ES', 'ES', 2, 5, 'Espagne', 'Spain', ['España']),
  tile('IT', 'IT', 4, 5, 'Italie', 'Italy', ['Italia']),
  tile('SI', 'SI', 5, 5, 'Slovénie', 'Slovenia', ['Slovenija']),
  tile('HR', 'HR', 6, 5, 'Croatie', 'Croatia', ['Hrvatska']),
  tile('RO', 'RO', 7, 5, 'Roumanie', 'Romania', ['România']),
  tile('MD', 'MD', 8, 5, 'Moldavie', 'Moldova', ['République de Moldavie', 'Republic of Moldova']),
  tile('MT', 'MT', 4, 6, 'Malte', 'Malta', []),
  tile('BA', 'BA', 6, 6, 'Bosnie-Herzégovine', 'Bosnia and Herzegovina', ['Bosnie', 'Bosnia', 'Bosnia-Herzegovina']),
  tile('RS', 'RS', 7, 6, 'Serbie', 'Serbia', ['Srbija']),
  tile('BG', 'BG', 8, 6, 'Bulgarie', 'Bulgaria', ['България']),
  tile('ME', 'ME', 6, 7, 'Monténégro', 'Montenegro', ['Crna Gora']),
  tile('XK', 'XK', 7, 7, 'Kosovo', 'Kosovo', []),
  tile('MK', 'MK', 8, 7, 'Macédoine du Nord', 'North Macedonia', ['Macédoine', 'Macedonia']),
  tile('TR', 'TR', 9, 7, 'Turquie', 'Turkey', ['Türkiye', 'Turkiye']),
  tile('AL', 'AL', 6, 8, 'Albanie', 'Albania', ['Shqipëria']),
  tile('GR', 'GR', 7, 8, 'Grèce', 'Greece', ['Hellas', 'Ελλάδα']),
  tile('CY', 'CY', 9, 8, 'Chypre', 'Cyprus', ['Κύπρος']),
];

export const tileGrids: Record<TileMapKind, readonly Tile[]> = {
  franceRegions,
  europe,
};

/** The map a segment field's values belong on (region → France's regions, country → Europe), or null. */
export function mapKindFor(field: string): TileMapKind | null {
  if (field === 'region') return 'franceRegions';
  if (field === 'country') return 'europe';
  return null;
}

/** Lower case, no accents, every run of punctuation or spaces as one space: "Île-de-France" and "ile de france" meet. */
function normalise(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const lookups = new Map<TileMapKind, Map<string, string>>();

function lookupFor(kind: TileMapKind): Map<string, string> {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const entry of tileGrids[kind]) {
      for (const name of [entry.id, entry.short, entry.names.fr, entry.names.en, ...entry.aliases]) {
        const key = normalise(name);
        // Kinds keep their own names: "France" is a country, not a region.
        if (key) lookup.set(key, entry.id);
      }
      if (kind === 'franceRegions') lookup.set(normalise(entry.id.slice(3)), entry.id);
    }
    lookups.set(kind, lookup);
  }
  return lookup;
}

/** The tile a typed value names ("Île-de-France", "ile de france", "IDF"; "Allemagne", "Germany", "DE"), or null. */
export function tileFor(kind: TileMapKind, value: string): string | null {
  const key = normalise(value);
  if (!key) return null;
  const lookup = lookupFor(kind);
  const direct = lookup.get(key);
  if (direct) return direct;
  // "Région Bretagne", "la Réunion", "the Netherlands", "République de Pologne": drop the leading word.
  const trimmed = key.replace(/^(region|la|le|les|l|the|republique de|republic of)\s+/, '');
  return trimmed !== key ? lookup.get(trimmed) ?? null : null;
}

/** Sequential blues, lightest first: the two darkest take white labels (4.5:1), the others dark ink. */
export const sequentialScale = ['#deebf7', '#9ecae1', '#4292c6', '#2166ac', '#08306b'] as const;
const ink = '#1b1f24';

/** The label colour for a tile filled with `fill`: white when white reaches 4.5:1, else the page's ink. */
export function labelColorOn(fill: string): string {
  return contrastWithWhite(fill) >= minContrast ? '#ffffff' : ink;
}

/**
 * Classes by rank (quantiles), so a capital with ten times the others does not leave every
 * other tile in the palest step; equal figures always share a class. Returns, per class, the
 * palette step and the range of figures it holds.
 */
function classify(figures: number[]): { step: number; low: number; high: number }[] {
  const sorted = [...new Set(figures)].sort((a, b) => a - b);
  const count = Math.min(sequentialScale.length, sorted.length);
  if (count === 0) return [];
  const classes: { step: number; low: number; high: number }[] = [];
  for (let index = 0; index < count; index++) {
    const from = Math.floor((index * sorted.length) / count);
    const to = Math.floor(((index + 1) * sorted.length) / count) - 1;
    const step = count === 1 ? sequentialScale.length - 1 : Math.round((index * (sequentialScale.length - 1)) / (count - 1));
    classes.push({ step, low: sorted[from]!, high: sorted[to]! });
  }
  return classes;
}

/** A choropleth of `values` with a legend, and the same figures as a table. */
export function TileMap(props: {
  kind: TileMapKind;
  caption: string;
  /** Figures per tile id or per value as people typed it ("Bretagne", "bretagne"): values naming the same tile are added up. */
  values: Record<string, number>;
  format: (value: number) => string;
  valueHeader: string;
  locale: string;
  /** A second figure per value (votes beside voters), shown in the tiles' titles and the table. */
  secondary?: { header: string; values: Record<string, number> };
  dataOpen?: boolean;
}): JSX.Element {
  const { t } = useTranslation('charts');
  const hatchId = useId();
  const { kind, format, locale } = props;
  const grid = tileGrids[kind];
  const language: 'fr' | 'en' = locale.startsWith('en') ? 'en' : 'fr';

  const perTile = new Map<string, number>();
  const others: { value: string; figure: number }[] = [];
  for (const [value, figure] of Object.entries(props.values)) {
    const id = tileFor(kind, value);
    if (id) perTile.set(id, (perTile.get(id) ?? 0) + figure);
    else others.push({ value, figure });
  }
  const secondPerTile = new Map<string, number>();
  for (const [value, figure] of Object.entries(props.secondary?.values ?? {})) {
    const id = tileFor(kind, value);
    if (id) secondPerTile.set(id, (secondPerTile.get(id) ?? 0) + figure);
  }
  const secondOf = (key: string, id: string | null) => (id ? secondPerTile.get(id) : props.secondary?.values[key]);
  others.sort((a, b) => b.figure - a.figure || a.value.localeCompare(b.value, locale));
  const classes = classify([...perTile.values()]);
  const classOf = (figure: number) => classes.find((entry) => figure >= entry.low && figure <= entry.high) ?? classes[classes.length - 1]!;
  const nameOf = (entry: Tile) => entry.names[language];
  const rows = grid
    .filter((entry) => perTile.has(entry.id))
    .map((entry) => ({ entry, figure: perTile.get(entry.id)! }))
    .sort((a, b) => b.figure - a.figure || nameOf(a.entry).localeCompare(nameOf(b.entry), locale));

  const size = kind === 'europe' ? 50 : 64;
  const gap = 3;
  const columns = Math.max(...grid.map((entry) => entry.column)) + 1;
  const gridRows = Math.max(...grid.map((entry) => entry.row)) + 1;
  const mapWidth = columns * size;
  const mapHeight = gridRows * size;
  const highest = rows[0];
  const summary =
    highest === undefined
      ? t('map.empty', { caption: props.caption })
      : t('map.summary', {
          caption: props.caption,
          count: rows.length,
          name: nameOf(highest.entry),
          value: format(highest.figure),
        });

  return (
    <figure className={`chart chart--map chart--map-${kind}`}>
      <figcaption className="chart__caption">{props.caption}</figcaption>
      <ul className="chart__legend chart__legend--scale" aria-label={t('map.legend')}>
        {classes.map((entry) => (
          <li key={entry.step}>
            <span className="chart__scale-swatch" style={{ background: sequentialScale[entry.step] }} aria-hidden="true" />
            {entry.low === entry.high
              ? format(entry.low)
              : t('range', {
                  low: format(entry.low),
                  high: format(entry.high),
                })}
          </li>
        ))}
        <li>
          <svg className="chart__swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <NoDataPattern id={`${hatchId}-legend`} />
            <rect x="1" y="1" width="14" height="14" fill={`url(#${hatchId}-legend)`} stroke="#8a94a3" />
          </svg>
          {t('map.noData')}
        </li>
      </ul>
      <svg className="chart__svg chart__svg--map" viewBox={`0 0 ${mapWidth} ${mapHeight}`} role="img" aria-label={summary}>
        <NoDataPattern id={hatchId} />
        {kind === 'franceRegions' ? (
          <text x={0} y={5 * size + size * 0.62} fontSize="12" fill={ink}>
            {t('map.overseas')}
          </text>
        ) : null}
        {grid.map((entry) => {
          const figure = perTile.get(entry.id);
          const x = entry.column * size + gap / 2;
          const y = entry.row * size + gap / 2;
          const inner = size - gap;
          const fill = figure === undefined ? `url(#${hatchId})` : sequentialScale[classOf(figure).step]!;
          const label = figure === undefined ? ink : labelColorOn(fill);
          return (
            <g key={entry.id} className="chart__tile">
              <title>
                {figure === undefined
                  ? t('map.tileNoData', { name: nameOf(entry) })
                  : [
                      t('map.tile', {
                        name: nameOf(entry),
                        header: props.valueHeader,
                        value: format(figure),
                      }),
                      ...(props.secondary
                        ? [
                            t('map.tileSecondary', {
                              header: props.secondary.header,
                              value: format(secondOf('', entry.id) ?? 0),
                            }),
                          ]
                        : []),
                    ].join(' ')}
              </title>
              <rect x={x} y={y} width={inner} height={inner} rx="3" fill={fill} stroke={figure === undefined ? '#8a94a3' : 'none'} />
              <text x={x + inner / 2} y={y + inner * (figure === undefined ? 0.58 : 0.44)} fontSize={size > 55 ? 17 : 15} fontWeight="700" textAnchor="middle" fill={label}>
                {entry.short}
              </text>
              {figure !== undefined ? (
                <text x={x + inner / 2} y={y + inner * 0.78} fontSize={size > 55 ? 14 : 12} textAnchor="middle" fill={label}>
                  {format(figure)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {others.length > 0 ? (
        <div className="chart__others">
          <p className="chart__others-title">{t('map.others')}</p>
          <ul>
            {others.map((other) => (
              <li key={other.value}>
                {t('map.other', {
                  value: other.value,
                  figure: format(other.figure),
                })}
                {props.secondary
                  ? ` ${t('map.otherSecondary', {
                      header: props.secondary.header,
                      value: format(secondOf(other.value, null) ?? 0),
                    })}`
                  : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="chart__data" open={props.dataOpen}>
        <summary>{t('showData')}</summary>
        <div className="chart__table-scroll">
          <table className="chart__table">
            <thead>
              <tr>
                <th scope="col">{t(`map.place.${kind}`)}</th>
                <th scope="col">{props.valueHeader}</th>
                {props.secondary ? <th scope="col">{props.secondary.header}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entry, figure }) => (
                <tr key={entry.id}>
                  <th scope="row">
                    {nameOf(entry)} <span className="chart__code">({entry.short})</span>
                  </th>
                  <td className="chart__number">{format(figure)}</td>
                  {props.secondary ? <td className="chart__number">{format(secondOf('', entry.id) ?? 0)}</td> : null}
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={props.secondary ? 3 : 2}>{t('map.noRows')}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Tiles without figures: light grey with grey hatching, so "no data" never reads as "zero". */
function NoDataPattern(props: { id: string }) {
  return (
    <defs>
      <pattern id={props.id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f3f5f8" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#b3bcc8" strokeWidth="1.5" />
      </pattern>
    </defs>
  );
}
