import { Form } from '@remix-run/react';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRereadOn } from '../../platform/ui/use-module-events';
import type { Gauge, TokenVoteConfig } from './manifest';
import { CategoryChip, categoryStyle, modulePath, useNumberText, useVoteLabels } from './token-vote-labels';
import { resultsChanged, type GaugeResult, type ItemResult, type SegmentSplit, type TokenResults, type TokenVotePageData } from './token-vote-data';

/*
 * The results: voters, the ranking as a table (bars drawn beside the numbers, hidden from
 * screen readers, which read the numbers), gauge answers per item, and for the team a split by
 * segment and the CSV. They follow the vote live: each `results:changed` rereads the page's data.
 */

/** Rereads the page's data when the results change. */
const useLiveResults = (slug: string, instanceId: string, enabled: boolean) => useRereadOn(resultsChanged, { slug, instanceId, enabled });

export function ResultsScreen({
  config,
  data,
  slug,
  instanceId,
  locale,
  defaultLanguage,
}: {
  config: TokenVoteConfig;
  data: TokenVotePageData;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
}) {
  const { t } = useTranslation('token-vote');
  const results = data.results;
  const live = useLiveResults(slug, instanceId, results !== null);

  if (!results) {
    return (
      <section aria-labelledby="token-vote-results-heading">
        <h2 id="token-vote-results-heading">{t('results.heading')}</h2>
        <p className="notice">{t(data.resultsHidden === 'notYet' ? 'results.hiddenNotYet' : 'results.hiddenAfterClose')}</p>
      </section>
    );
  }
  const path = modulePath(slug, instanceId);
  const download = `${path}/export${data.segment ? `?${new URLSearchParams({ segment: data.segment })}` : ''}`;
  return (
    <section aria-labelledby="token-vote-results-heading">
      <h2 id="token-vote-results-heading">{t('results.heading')}</h2>
      <p className="token-vote-results__meta">
        <strong>{t('results.voters', { count: results.voters })}</strong>{' '}
        {live === 'live' ? <span className="token-vote-live">{t('results.live')}</span> : null}
      </p>
      {live === 'offline' ? <p className="notice">{t('results.offline')}</p> : null}
      {results.items.length === 0 ? (
        <p className="empty-state">{t('vote.noItems')}</p>
      ) : (
        <>
          <Ranking config={config} results={results} locale={locale} defaultLanguage={defaultLanguage} />
          <GaugeResults config={config} results={results} locale={locale} defaultLanguage={defaultLanguage} />
        </>
      )}
      {data.mayAnalyse ? (
        <section className="token-vote-analysis" aria-labelledby="token-vote-analysis-heading">
          <h3 id="token-vote-analysis-heading">{t('results.analysisHeading')}</h3>
          {data.segmentFields.length > 0 ? (
            <Form method="get" className="token-vote-segment-form">
              <input type="hidden" name="view" value="results" />
              <div className="field">
                <label htmlFor="token-vote-segment">{t('results.segment')}</label>
                <select id="token-vote-segment" name="segment" defaultValue={data.segment ?? ''}>
                  <option value="">{t('results.noSegment')}</option>
                  {data.segmentFields.map((field) => (
                    <option key={field} value={field}>
                      {t(`segments.${field}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                {t('results.split')}
              </button>
            </Form>
          ) : null}
          {results.segments ? <Segments config={config} results={results} split={results.segments} locale={locale} defaultLanguage={defaultLanguage} /> : null}
          <p>
            <a className="button button--secondary" href={download} download>
              {t('results.download')}
            </a>
          </p>
        </section>
      ) : null}
    </section>
  );
}

/** The most tokens any item got in any category: the full length of a bar. */
const highest = (items: { totals: Record<string, number> }[]) => Math.max(1, ...items.flatMap((item) => Object.values(item.totals)));

function TotalCell({ tokens, most, color }: { tokens: number; most: number; color: CSSProperties }) {
  return (
    <td className="token-vote-total" style={color}>
      <span className="token-vote-total__number">{tokens}</span>
      <span className="token-vote-bar" aria-hidden="true">
        <span style={{ width: `${(100 * tokens) / most}%` }} />
      </span>
    </td>
  );
}

/** A table scrolls sideways on a narrow screen: the scrolling box can take the focus, for the keyboard. */
function ScrollingTable({ captionId, children }: { captionId: string; children: ReactNode }) {
  return (
    <div className="token-vote-table-box" role="region" aria-labelledby={captionId} tabIndex={0}>
      {children}
    </div>
  );
}

function Ranking({ config, results, locale, defaultLanguage }: { config: TokenVoteConfig; results: TokenResults; locale: string; defaultLanguage: string }) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const numbers = useNumberText(locale);
  const most = highest(results.items);
  return (
    <ScrollingTable captionId="token-vote-ranking-caption">
      <table className="token-vote-table">
        <caption id="token-vote-ranking-caption">{t('results.rankingCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.rank')}</th>
            <th scope="col">{t('results.item')}</th>
            {config.categories.map((category) => (
              <th scope="col" key={category.key}>
                <CategoryChip category={category} label={labels.category(category.key)} />
              </th>
            ))}
            <th scope="col">{t('results.net')}</th>
            <th scope="col">{t('results.itemVoters')}</th>
          </tr>
        </thead>
        <tbody>
          {results.items.map((item) => (
            <tr key={item.id}>
              <td>{item.rank}</td>
              <th scope="row">{item.title}</th>
              {config.categories.map((category) => (
                <TotalCell key={category.key} tokens={item.totals[category.key] ?? 0} most={most} color={categoryStyle(category)} />
              ))}
              <td className="token-vote-net">{numbers.net(item.net)}</td>
              <td>{item.voters}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollingTable>
  );
}

function GaugeResults({ config, results, locale, defaultLanguage }: { config: TokenVoteConfig; results: TokenResults; locale: string; defaultLanguage: string }) {
  const { t } = useTranslation('token-vote');
  if (config.gauges.length === 0) return null;
  const answeredGauges = (item: ItemResult) => config.gauges.filter((gauge) => (item.gauges[gauge.key]?.count ?? 0) > 0);
  const answered = results.items.filter((item) => answeredGauges(item).length > 0);
  return (
    <section aria-labelledby="token-vote-gauges-heading">
      <h3 id="token-vote-gauges-heading">{t('results.gaugesHeading')}</h3>
      {answered.length === 0 ? <p className="empty-state">{t('results.noGaugeAnswers')}</p> : null}
      <ul className="token-vote-gauge-results">
        {answered.map((item) => (
          <li key={item.id} className="panel">
            <h4>{item.title}</h4>
            {answeredGauges(item).map((gauge) => (
              <GaugeOutcome key={gauge.key} gauge={gauge} result={item.gauges[gauge.key]!} config={config} locale={locale} defaultLanguage={defaultLanguage} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function GaugeOutcome({
  gauge,
  result,
  config,
  locale,
  defaultLanguage,
}: {
  gauge: Gauge;
  result: GaugeResult;
  config: TokenVoteConfig;
  locale: string;
  defaultLanguage: string;
}) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const numbers = useNumberText(locale);
  const name = labels.gauge(gauge);
  if (result.type === 'numeric' && gauge.type === 'numeric') {
    const unit = labels.unit(gauge);
    const show = (value: number | null) => (value === null ? '–' : numbers.number(value, unit));
    return (
      <div className="token-vote-gauge-result">
        <h5 lang={name.lang}>{name.text}</h5>
        <p>{t('results.answers', { count: result.count })}</p>
        {result.count > 0 ? (
          <dl className="token-vote-figures">
            <dt>{t('results.median')}</dt>
            <dd>{show(result.median)}</dd>
            <dt>{t('results.middleHalf')}</dt>
            <dd>{t('results.between', { low: show(result.q1), high: show(result.q3) })}</dd>
            <dt>{t('results.range')}</dt>
            <dd>{t('results.between', { low: show(result.min), high: show(result.max) })}</dd>
          </dl>
        ) : null}
      </div>
    );
  }
  if (result.type === 'labelled' && gauge.type === 'labelled') {
    const most = Math.max(1, ...Object.values(result.counts));
    return (
      <div className="token-vote-gauge-result">
        <h5 lang={name.lang}>{name.text}</h5>
        <p>{t('results.answers', { count: result.count })}</p>
        <ul className="token-vote-choice-counts">
          {gauge.choices.map((choice) => {
            const label = labels.pick(choice.label);
            const count = result.counts[choice.key] ?? 0;
            return (
              <li key={choice.key}>
                <span lang={label.lang}>{label.text}</span> : {t('results.answers', { count })}
                <span className="token-vote-bar token-vote-bar--neutral" aria-hidden="true">
                  <span style={{ width: `${(100 * count) / most}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  return null;
}

function Segments({
  config,
  results,
  split,
  locale,
  defaultLanguage,
}: {
  config: TokenVoteConfig;
  results: TokenResults;
  split: SegmentSplit;
  locale: string;
  defaultLanguage: string;
}) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const numbers = useNumberText(locale);
  const field = t(`segments.${split.field}`);
  const titleOf = new Map(results.items.map((item) => [item.id, item.title]));
  const order = new Map(results.items.map((item, index) => [item.id, index]));
  return (
    <div className="token-vote-segments">
      {split.groups.length === 0 ? <p className="empty-state">{t('results.noGroups', { field })}</p> : null}
      {split.unshown > 0 ? <p className="field__hint">{t('results.unshown', { count: split.unshown })}</p> : null}
      {split.groups.map((group, index) => {
        const captionId = `token-vote-segment-${index}`;
        const items = [...group.items].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        const most = highest(items);
        return (
          <ScrollingTable key={group.value} captionId={captionId}>
            <table className="token-vote-table">
              <caption id={captionId}>{t('results.segmentCaption', { field, value: group.value, count: group.voters })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('results.item')}</th>
                  {config.categories.map((category) => (
                    <th scope="col" key={category.key}>
                      <CategoryChip category={category} label={labels.category(category.key)} />
                    </th>
                  ))}
                  <th scope="col">{t('results.net')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{titleOf.get(item.id) ?? ''}</th>
                    {config.categories.map((category) => (
                      <TotalCell key={category.key} tokens={item.totals[category.key] ?? 0} most={most} color={categoryStyle(category)} />
                    ))}
                    <td className="token-vote-net">{numbers.net(item.net)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollingTable>
        );
      })}
    </div>
  );
}
