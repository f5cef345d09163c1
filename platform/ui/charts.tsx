import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * The charts of the UI kit, drawn as SVG by React (no chart library): each is a <figure> with a
 * caption, an accessible name, and the same figures as a table for those who do not read charts
 * (in a "Show the data" disclosure). Marks keep 3:1 contrast with the white background, series
 * and groups differ by pattern or shape as well as by colour, so a black-and-white print reads.
 * The SVG scales to its container (viewBox, width 100%); sizes below are in viewBox units.
 */

/** One bar, with optional bounds drawn as a whisker. */
export interface Bar {
  key: string;
  label: string;
  /** The label's language, when it differs from the page's. */
  lang?: string;
  value: number;
  low?: number;
  high?: number;
  /** A note shown after the label (a flag such as "carried by group 2"). */
  note?: string;
}

/** Colours for categories (groups, series): each at least 3:1 against white (charts.test.tsx checks). */
export const categoricalPalette = ['#1f5fa8', '#c2410c', '#1b7a3e', '#8e3b9e', '#a15c00', '#007f86'] as const;

/** Shapes paired with the palette, so groups differ without colour too. */
const groupShapes = ['circle', 'square', 'triangle', 'diamond', 'cross', 'triangleDown'] as const;
type Shape = (typeof groupShapes)[number];

const ink = '#1b1f24';
const muted = '#4a5461';
const track = '#e8ecf1';
const width = 400;

/** A colour per group (index), shared by the scatter plot and the groups' cards. */
export function groupColor(group: number): string {
  const index = ((group % categoricalPalette.length) + categoricalPalette.length) % categoricalPalette.length;
  return categoricalPalette[index]!;
}

function groupShape(group: number): Shape {
  return groupShapes[((group % groupShapes.length) + groupShapes.length) % groupShapes.length]!;
}

/** A mark of `shape` centred on (x, y) with half-size r. */
function Mark(props: { shape: Shape; x: number; y: number; r: number; fill: string; opacity?: number; stroke?: string }) {
  const { shape, x, y, r, fill, opacity, stroke } = props;
  const common = {
    fill,
    fillOpacity: opacity,
    stroke,
    strokeWidth: stroke ? 1.5 : undefined,
  };
  switch (shape) {
    case 'circle':
      return <circle cx={x} cy={y} r={r} {...common} />;
    case 'square':
      return <rect x={x - r * 0.9} y={y - r * 0.9} width={r * 1.8} height={r * 1.8} {...common} />;
    case 'triangle':
      return <polygon points={`${x},${y - r * 1.15} ${x + r},${y + r * 0.75} ${x - r},${y + r * 0.75}`} {...common} />;
    case 'triangleDown':
      return <polygon points={`${x},${y + r * 1.15} ${x + r},${y - r * 0.75} ${x - r},${y - r * 0.75}`} {...common} />;
    case 'diamond':
      return <polygon points={`${x},${y - r * 1.2} ${x + r * 1.2},${y} ${x},${y + r * 1.2} ${x - r * 1.2},${y}`} {...common} />;
    case 'cross': {
      const a = r * 0.4;
      const b = r * 1.1;
      return (
        <polygon
          points={`${x - a},${y - b} ${x + a},${y - b} ${x + a},${y - a} ${x + b},${y - a} ${x + b},${y + a} ${x + a},${y + a} ${x + a},${y + b} ${x - a},${y + b} ${x - a},${y + a} ${x - b},${
            y + a
          } ${x - b},${y - a} ${x - a},${y - a}`}
          {...common}
        />
      );
    }
  }
}

/** A small key mark for legends (HTML), hidden from screen readers: the table says the same. */
export function LegendSwatch(props: { color: string; shape?: Shape; hatched?: boolean }) {
  const patternId = useId();
  return (
    <svg className="chart__swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {props.hatched ? <Hatch id={patternId} color={props.color} /> : null}
      {props.shape ? (
        <Mark shape={props.shape} x={8} y={8} r={6} fill={props.color} />
      ) : (
        <rect x="1" y="1" width="14" height="14" fill={props.hatched ? `url(#${patternId})` : props.color} stroke={props.color} strokeWidth="1.5" />
      )}
    </svg>
  );
}

/** A group's colour and shape, beside its name wherever the group is named. */
export function GroupSwatch(props: { group: number }) {
  return <LegendSwatch color={groupColor(props.group)} shape={groupShape(props.group)} />;
}

function Hatch(props: { id: string; color: string; background?: string }) {
  return (
    <defs>
      <pattern id={props.id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={props.background ?? '#ffffff'} />
        <line x1="0" y1="0" x2="0" y2="6" stroke={props.color} strokeWidth="3.5" />
      </pattern>
    </defs>
  );
}

/** Roughly how wide a text is in viewBox units (SVG text does not wrap: long labels are cut). */
const textWidth = (text: string, fontSize: number) => text.length * fontSize * 0.56;

function fit(text: string, room: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= room) return text;
  const chars = Math.max(1, Math.floor(room / (fontSize * 0.56)) - 1);
  return `${text.slice(0, chars).trimEnd()}…`;
}

/** The figure around every chart: caption, the drawing, and the data table on demand. */
function ChartFigure(props: { className: string; caption: string; children: ReactNode; legend?: ReactNode; table: ReactNode; note?: ReactNode; dataOpen?: boolean }) {
  const { t } = useTranslation('charts');
  return (
    <figure className={`chart ${props.className}`}>
      <figcaption className="chart__caption">{props.caption}</figcaption>
      {props.legend}
      {props.children}
      {props.note}
      <details className="chart__data" open={props.dataOpen}>
        <summary>{t('showData')}</summary>
        <div className="chart__table-scroll">{props.table}</div>
      </details>
    </figure>
  );
}

/** Horizontal bars on a shared scale [min, max], values formatted with `format`. */
export function BarChart(props: {
  caption: string;
  bars: Bar[];
  min?: number;
  max?: number;
  format: (value: number) => string;
  valueHeader: string;
  labelHeader: string;
  /** Open the data table (the printed report shows the exact figures). */
  dataOpen?: boolean;
}): JSX.Element {
  const { t } = useTranslation('charts');
  const { bars, format } = props;
  const hasBounds = bars.some((bar) => bar.low !== undefined && bar.high !== undefined);
  const figures = bars.flatMap((bar) => [bar.value, bar.low ?? bar.value, bar.high ?? bar.value]);
  const min = props.min ?? Math.min(0, ...figures);
  let max = props.max ?? Math.max(0, ...figures);
  if (max <= min) max = min + 1;

  const pad = 4;
  const rowHeight = 44;
  const fontSize = 15;
  const x = (value: number) => pad + ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * (width - 2 * pad);
  const zero = x(Math.min(max, Math.max(min, 0)));
  const height = Math.max(1, bars.length) * rowHeight + 4;

  const longest = bars.reduce<Bar | null>((best, bar) => (best === null || bar.value > best.value ? bar : best), null);
  const summary =
    longest === null
      ? t('bar.empty', { caption: props.caption })
      : t('bar.summary', {
          caption: props.caption,
          count: bars.length,
          label: longest.label,
          value: format(longest.value),
        });

  return (
    <ChartFigure
      className="chart--bars"
      caption={props.caption}
      dataOpen={props.dataOpen}
      table={
        <table className="chart__table">
          <thead>
            <tr>
              <th scope="col">{props.labelHeader}</th>
              <th scope="col">{props.valueHeader}</th>
              {hasBounds ? <th scope="col">{t('bounds')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">
                  <span lang={bar.lang}>{bar.label}</span>
                  {bar.note ? <span className="chart__note-inline"> — {bar.note}</span> : null}
                </th>
                <td className="chart__number">{format(bar.value)}</td>
                {hasBounds ? (
                  <td className="chart__number">
                    {bar.low !== undefined && bar.high !== undefined
                      ? t('range', {
                          low: format(bar.low),
                          high: format(bar.high),
                        })
                      : ''}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <svg className="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="xMinYMin meet">
        {bars.map((bar, index) => {
          const top = index * rowHeight;
          const valueText = format(bar.value);
          const room = width - 2 * pad - textWidth(valueText, fontSize) - 10;
          const note = bar.note ? ` — ${bar.note}` : '';
          const label = fit(bar.label, Math.max(room - textWidth(note, fontSize - 1), room / 2), fontSize);
          const barY = top + 24;
          const barHeight = 12;
          const end = x(bar.value);
          const hasWhisker = bar.low !== undefined && bar.high !== undefined;
          return (
            <g key={bar.key} className="chart__row">
              <text x={pad} y={top + 16} fontSize={fontSize} fill={ink}>
                <tspan lang={bar.lang}>{label}</tspan>
                {note ? (
                  <tspan fill={muted} fontSize={fontSize - 1} fontStyle="italic">
                    {note}
                  </tspan>
                ) : null}
              </text>
              <text x={width - pad} y={top + 16} fontSize={fontSize} fontWeight="700" fill={ink} textAnchor="end">
                {valueText}
              </text>
              <rect x={pad} y={barY} width={width - 2 * pad} height={barHeight} fill={track} />
              <rect x={Math.min(zero, end)} y={barY} width={Math.abs(end - zero)} height={barHeight} fill={categoricalPalette[0]} />
              {hasWhisker ? <Whisker from={x(bar.low!)} to={x(bar.high!)} y={barY + barHeight / 2} /> : null}
            </g>
          );
        })}
        {min < 0 ? <line x1={zero} x2={zero} y1={0} y2={height} stroke={ink} strokeWidth="1" strokeDasharray="3 2" /> : null}
      </svg>
    </ChartFigure>
  );
}

/** The 95% bounds of a figure: a line with end ticks. */
function Whisker(props: { from: number; to: number; y: number }) {
  const { from, to, y } = props;
  // The ticks reach past the bar's edges, so both ends read against the page, not only over the bar.
  const path = `M${from},${y - 9} V${y + 9} M${from},${y} H${to} M${to},${y - 9} V${y + 9}`;
  return (
    <g className="chart__whisker">
      <path d={path} stroke={ink} strokeWidth="2" fill="none" />
    </g>
  );
}

/** The smallest "round" number (1, 2, 5 × 10^n) at or above `value`, for axis ticks. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= value) ?? 10;
  return step * power;
}

/** Columns over time (votes per hour…), several series stacked side by side. */
export function TimeColumns(props: { caption: string; points: { at: string; values: number[] }[]; series: string[]; locale: string; timeHeader: string; dataOpen?: boolean }): JSX.Element {
  const { t } = useTranslation('charts');
  const patternId = useId();
  const { points, series, locale } = props;
  const number = new Intl.NumberFormat(locale);
  // Hours are shown in UTC, as every date of Plenum, so the server's page and the browser's agree.
  const hourOnly = new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    timeZone: 'UTC',
  });
  const dayOnly = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const full = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });

  const left = 40;
  const right = 6;
  const top = 10;
  const plotHeight = 160;
  const bottom = 40;
  const height = top + plotHeight + bottom;
  const highest = Math.max(0, ...points.flatMap((point) => point.values));
  const ceiling = niceCeiling(highest);
  const y = (value: number) => top + plotHeight - (value / ceiling) * plotHeight;
  const slot = (width - left - right) / Math.max(1, points.length);
  const column = (slot * 0.84) / Math.max(1, series.length);
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));

  let peak: { value: number; series: number; at: string } | null = null;
  for (const point of points) {
    point.values.forEach((value, index) => {
      if (peak === null || value > peak.value) peak = { value, series: index, at: point.at };
    });
  }
  const found = peak as { value: number; series: number; at: string } | null;
  const summary =
    points.length === 0 || found === null
      ? t('time.empty', { caption: props.caption })
      : t('time.summary', {
          caption: props.caption,
          count: points.length,
          from: full.format(new Date(points[0]!.at)),
          to: full.format(new Date(points[points.length - 1]!.at)),
          peak: number.format(found.value),
          series: series[found.series] ?? '',
          at: full.format(new Date(found.at)),
        });
  const fill = (index: number) => (index % 2 === 1 ? `url(#${patternId}-${index})` : categoricalPalette[index % categoricalPalette.length]!);

  return (
    <ChartFigure
      className="chart--time"
      caption={props.caption}
      dataOpen={props.dataOpen}
      legend={
        series.length > 1 ? (
          <ul className="chart__legend">
            {series.map((name, index) => (
              <li key={name}>
                <LegendSwatch color={categoricalPalette[index % categoricalPalette.length]!} hatched={index % 2 === 1} />
                {name}
              </li>
            ))}
          </ul>
        ) : null
      }
      note={<p className="chart__note">{t('time.utc')}</p>}
      table={
        <table className="chart__table">
          <thead>
            <tr>
              <th scope="col">{props.timeHeader}</th>
              {series.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.at}>
                <th scope="row">
                  <time dateTime={point.at}>{full.format(new Date(point.at))}</time>
                </th>
                {series.map((name, index) => (
                  <td className="chart__number" key={name}>
                    {number.format(point.values[index] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <svg className="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        {series.map((_, index) => (index % 2 === 1 ? <Hatch key={index} id={`${patternId}-${index}`} color={categoricalPalette[index % categoricalPalette.length]!} /> : null))}
        {[0, ceiling / 2, ceiling].map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? ink : '#c3cad4'} strokeWidth="1" />
            <text x={left - 4} y={y(tick) + 4} fontSize="13" textAnchor="end" fill={ink}>
              {number.format(tick)}
            </text>
          </g>
        ))}
        {points.map((point, slotIndex) => {
          const date = new Date(point.at);
          const previous = slotIndex >= labelEvery ? new Date(points[slotIndex - labelEvery]!.at) : null;
          const newDay = previous === null || previous.toISOString().slice(0, 10) !== point.at.slice(0, 10);
          const centre = left + slotIndex * slot + slot / 2;
          return (
            <g key={point.at}>
              {point.values.map((value, index) => (
                <rect
                  key={index}
                  className="chart__column"
                  x={left + slotIndex * slot + slot * 0.08 + index * column}
                  y={y(value)}
                  width={Math.max(0.5, column)}
                  height={Math.max(0, y(0) - y(value))}
                  fill={fill(index)}
                  stroke={index % 2 === 1 ? categoricalPalette[index % categoricalPalette.length] : undefined}
                  strokeWidth={index % 2 === 1 ? 0.75 : undefined}
                />
              ))}
              {slotIndex % labelEvery === 0 ? (
                <>
                  <line x1={centre} x2={centre} y1={y(0)} y2={y(0) + 4} stroke={ink} />
                  <text x={centre} y={y(0) + 16} fontSize="13" textAnchor="middle" fill={ink}>
                    {hourOnly.format(date)}
                  </text>
                  {newDay ? (
                    <text x={centre} y={y(0) + 30} fontSize="13" textAnchor="middle" fill={muted}>
                      {dayOnly.format(date)}
                    </text>
                  ) : null}
                </>
              ) : null}
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}

/** Anonymous dots coloured by group, with each group's centre labelled. */
export function ScatterPlot(props: {
  caption: string;
  points: { x: number; y: number; group: number }[];
  groups: {
    id: number;
    label: string;
    centroid: [number, number];
    size: number;
  }[];
  axisLabels: [string, string];
  /** The reader's locale for the table's numbers (the page's language when omitted). */
  locale?: string;
  dataOpen?: boolean;
}): JSX.Element {
  const { t, i18n } = useTranslation('charts');
  const locale = props.locale ?? i18n.language;
  const { points, groups } = props;
  const number = new Intl.NumberFormat(locale);
  const coordinate = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 2,
    minimumFractionDigits: 2,
  });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 0,
  });

  const height = 320;
  const left = 24;
  const bottom = 28;
  const top = 8;
  const right = 8;
  const xs = [...points.map((p) => p.x), ...groups.map((g) => g.centroid[0])];
  const ys = [...points.map((p) => p.y), ...groups.map((g) => g.centroid[1])];
  const extent = (values: number[]): [number, number] => {
    const low = Math.min(0, ...values);
    const high = Math.max(0, ...values);
    const margin = (high - low || 1) * 0.06;
    return [low - margin, high + margin];
  };
  const [xMin, xMax] = extent(xs);
  const [yMin, yMax] = extent(ys);
  const sx = (value: number) => left + ((value - xMin) / (xMax - xMin)) * (width - left - right);
  const sy = (value: number) => top + (1 - (value - yMin) / (yMax - yMin)) * (height - top - bottom);
  const total = groups.reduce((sum, group) => sum + group.size, 0);

  const summary = t('scatter.summary', {
    caption: props.caption,
    count: points.length,
    groups: groups
      .map((group) =>
        t('scatter.groupSummary', {
          label: group.label,
          size: number.format(group.size),
        })
      )
      .join(', '),
  });

  return (
    <ChartFigure
      className="chart--scatter"
      caption={props.caption}
      dataOpen={props.dataOpen}
      legend={
        <ul className="chart__legend">
          {groups.map((group) => (
            <li key={group.id}>
              <LegendSwatch color={groupColor(group.id)} shape={groupShape(group.id)} />
              {group.label}
            </li>
          ))}
        </ul>
      }
      note={<p className="chart__note">{t('scatter.note')}</p>}
      table={
        <table className="chart__table">
          <thead>
            <tr>
              <th scope="col">{t('scatter.group')}</th>
              <th scope="col">{t('scatter.size')}</th>
              <th scope="col">{t('scatter.share')}</th>
              <th scope="col">{t('scatter.centre', { axis: props.axisLabels[0] })}</th>
              <th scope="col">{t('scatter.centre', { axis: props.axisLabels[1] })}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id}>
                <th scope="row">{group.label}</th>
                <td className="chart__number">{number.format(group.size)}</td>
                <td className="chart__number">{total > 0 ? percent.format(group.size / total) : '—'}</td>
                <td className="chart__number">{coordinate.format(group.centroid[0])}</td>
                <td className="chart__number">{coordinate.format(group.centroid[1])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <svg className="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        <rect x={left} y={top} width={width - left - right} height={height - top - bottom} fill="none" stroke="#c3cad4" />
        <line x1={sx(0)} x2={sx(0)} y1={top} y2={height - bottom} stroke="#8a94a3" strokeDasharray="3 3" />
        <line x1={left} x2={width - right} y1={sy(0)} y2={sy(0)} stroke="#8a94a3" strokeDasharray="3 3" />
        <text x={(left + width - right) / 2} y={height - 8} fontSize="13" textAnchor="middle" fill={ink}>
          {props.axisLabels[0]}
        </text>
        <text x={14} y={(top + height - bottom) / 2} fontSize="13" textAnchor="middle" fill={ink} transform={`rotate(-90 14 ${(top + height - bottom) / 2})`}>
          {props.axisLabels[1]}
        </text>
        <g className="chart__dots">
          {points.map((point, index) => (
            <Mark key={index} shape={groupShape(point.group)} x={sx(point.x)} y={sy(point.y)} r={2.6} fill={groupColor(point.group)} opacity={0.45} />
          ))}
        </g>
        {groups.map((group) => {
          const cx = sx(group.centroid[0]);
          const cy = sy(group.centroid[1]);
          const text = t('scatter.groupSummary', {
            label: group.label,
            size: number.format(group.size),
          });
          const onRight = cx + 12 + textWidth(text, 13) < width - right;
          return (
            <g key={group.id} className="chart__centre">
              <Mark shape={groupShape(group.id)} x={cx} y={cy} r={7} fill={groupColor(group.id)} stroke="#ffffff" />
              <text
                x={onRight ? cx + 11 : cx - 11}
                y={cy + 4}
                fontSize="13"
                fontWeight="700"
                textAnchor={onRight ? 'start' : 'end'}
                fill={ink}
                stroke="#ffffff"
                strokeWidth="4"
                strokeLinejoin="round"
                paintOrder="stroke"
              >
                {text}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}
