import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useRereadOn, type ModuleLiveStatus } from '../../platform/ui/use-module-events';
import { resultsChanged } from './proposals-data';
import type { ProposalLabel } from './results-analysis';
import { qualifications, zones, type EmergenceResults, type Estimate, type OpinionGroups, type Participation, type ProposalResult, type SegmentResult, type TopEntry, type Tops } from './results-data';
import type { ResultsPageData } from './results-page-data';

/*
 * What the public results, the dashboard and the report share: when the figures were computed,
 * participation, the three tops, the zones explained, each theme's best proposals, and every
 * figure of one proposal. Proposals are always written whole ("Il faut …") in their language.
 */

export const topKinds = ['consensus', 'controversy', 'rejection'] as const satisfies readonly (keyof Tops)[];

/** How the results views write numbers in the reader's language. */
export function useResultsFormat(locale: string) {
  const { t } = useTranslation('proposals-results');
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    integer: (value: number) => integer.format(value),
    percent: (value: number) => percent.format(value),
    decimal: (value: number) => decimal.format(value),
    /** "73 % (68 – 78 %)": a rate with its 95% bounds. */
    rate: (estimate: Estimate) => t('format.bounded', { value: percent.format(estimate.value), low: percent.format(estimate.low), high: percent.format(estimate.high) }),
    /** "1,25 (1,02 – 1,48)": a score with its 95% bounds. */
    score: (estimate: Estimate) => t('format.bounded', { value: decimal.format(estimate.value), low: decimal.format(estimate.low), high: decimal.format(estimate.high) }),
  };
}

/** A table cell's figure with its bounds beneath it, so that a table of many figures stays narrow. */
export function BoundedFigure({ estimate, kind, locale }: { estimate: Estimate; kind: 'rate' | 'score'; locale: string }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const show = kind === 'rate' ? format.percent : format.decimal;
  return (
    <>
      <span className="results-cell__value">{show(estimate.value)}</span> <span className="results-cell__bounds">{t('format.bounds', { low: show(estimate.low), high: show(estimate.high) })}</span>
    </>
  );
}

/** "Il faut …" for a proposal of the trimmed snapshot, in its own language. */
export function proposalLabeller(data: ResultsPageData): (proposalId: string) => ProposalLabel {
  const byId = new Map((data.results?.proposals ?? []).map((proposal) => [proposal.id, proposal]));
  return (proposalId) => {
    const proposal = byId.get(proposalId);
    if (!proposal) return { text: proposalId, lang: 'und' };
    const prefix = data.prefixes[proposal.language] ?? '';
    return { text: prefix ? `${prefix} ${proposal.body}` : proposal.body, lang: proposal.language };
  };
}

/** A group's name, the same wherever a group is mentioned ("Groupe 2"). */
export function useGroupName(): (groupId: number) => string {
  const { t } = useTranslation('proposals-results');
  return (groupId) => t('groups.name', { number: groupId });
}

/** Rereads the page's data when a new computation is stored (and after joining the room: one may have been stored meanwhile). */
export const useLiveResults = (slug: string, instanceId: string, enabled: boolean): ModuleLiveStatus => useRereadOn(resultsChanged, { slug, instanceId, enabled });

export function LiveLine({ status }: { status: ModuleLiveStatus }) {
  const { t } = useTranslation('proposals-results');
  if (status !== 'live' && status !== 'offline') return null;
  return <span className={`results-live results-live--${status}`}>{t(`live.${status}`)}</span>;
}

/**
 * "Calculé le 3 mars 2025 à 14:05 (il y a 4 minutes)". The age is counted from when the server
 * read the snapshot, so that the server's page and the hydrated one say the same, then kept
 * current each minute.
 */
export function ComputedAt({ computedAt, readAt, locale, status }: { computedAt: string; readAt: string; locale: string; status?: ModuleLiveStatus }) {
  const { t } = useTranslation('proposals-results');
  const [now, setNow] = useState(() => Date.parse(readAt));
  useEffect(() => {
    setNow(Math.max(Date.now(), Date.parse(readAt)));
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, [readAt]);
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(new Date(computedAt));
  const minutes = Math.max(0, Math.floor((now - Date.parse(computedAt)) / 60_000));
  const ago =
    minutes < 1 ? t('computed.justNow') : minutes < 60 ? t('computed.minutes', { count: minutes }) : minutes < 48 * 60 ? t('computed.hours', { count: Math.floor(minutes / 60) }) : t('computed.days', { count: Math.floor(minutes / 1440) });
  return (
    <p className="results-computed">
      <time dateTime={computedAt}>{t('computed.at', { date, ago })}</time> {status ? <LiveLine status={status} /> : null}
    </p>
  );
}

/** Participants, proposals and votes in large figures. */
export function ParticipationFigures({ participation, locale, team }: { participation: Participation; locale: string; team: boolean }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const figures: [string, number][] = [
    [t('participation.voters'), participation.voters],
    [t('participation.proposers'), participation.proposers],
    [t('participation.accepted'), participation.proposals.accepted],
    [t('participation.votes'), participation.votes],
  ];
  if (team) {
    figures.push(
      [t('participation.pending'), participation.proposals.pending],
      [t('participation.refused'), participation.proposals.refused],
      [t('participation.postponed'), participation.proposals.postponed],
      [t('participation.archived'), participation.proposals.archived],
      [t('participation.untrusted'), participation.untrustedVotes],
    );
  }
  return (
    <dl className="proposals-figures">
      {figures.map(([label, value]) => (
        <div key={label} className="proposals-figure">
          <dt>{label}</dt>
          <dd>{format.integer(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function entriesOf(results: EmergenceResults, kind: keyof Tops): { entry: TopEntry; proposal: ProposalResult }[] {
  const byId = new Map(results.proposals.map((proposal) => [proposal.id, proposal]));
  return results.tops[kind].flatMap((entry) => {
    const proposal = byId.get(entry.proposalId);
    return proposal ? [{ entry, proposal }] : [];
  });
}

/**
 * The three tops. `chart`: each proposal written whole, its agreement with its bounds drawn as a
 * bar, its votes and the flag of a proposal one opinion group alone carries (an HTML list rather
 * than the kit's BarChart, whose SVG labels cannot wrap and would cut the proposals short);
 * `table` (the report): every figure the top is judged by, with bounds.
 */
export function TopsSection({ data, locale, headingLevel, variant }: { data: ResultsPageData; locale: string; headingLevel: 2 | 3; variant: 'chart' | 'table' }) {
  const { t } = useTranslation('proposals-results');
  const results = data.results!;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const label = proposalLabeller(data);
  const format = useResultsFormat(locale);
  const groupName = useGroupName();
  const flag = (carriedBy: number | null) => (carriedBy === null ? undefined : t('tops.carried', { group: groupName(carriedBy) }));
  const votes = (count: number) => t('counts.votes', { count, formatted: format.integer(count) });
  return (
    <section className="results-section results-tops" aria-labelledby="results-tops-heading">
      <Heading id="results-tops-heading">{t('tops.heading')}</Heading>
      <p>{t('tops.intro', { count: data.topSize, size: format.integer(data.topSize), minVotes: votes(results.settings.minVotes) })}</p>
      {topKinds.map((kind) => {
        const entries = entriesOf(results, kind);
        return (
          <section key={kind} className={`results-top results-top--${kind}`} aria-labelledby={`results-top-${kind}`}>
            <Sub id={`results-top-${kind}`}>{t(`tops.${kind}.heading`)}</Sub>
            <p className="muted">{t(`tops.${kind}.intro`)}</p>
            {entries.length === 0 ? (
              <p className="empty-state">{t(`tops.${kind}.empty`)}</p>
            ) : variant === 'chart' ? (
              <ol className="results-ranking">
                {entries.map(({ entry, proposal }) => {
                  const text = label(proposal.id);
                  const { agree } = proposal.scores;
                  return (
                    // The rank as its number: proposals that tie share it.
                    <li key={proposal.id} value={entry.rank}>
                      <p className="results-ranking__text" lang={text.lang}>
                        {text.text}
                      </p>
                      {entry.carriedBy !== null ? <p className="results-flag">{flag(entry.carriedBy)}</p> : null}
                      <p className="results-ranking__figures">
                        {/* The figure the top is ranked by comes last, so that agreement and votes read the same in every top. */}
                        {t('tops.agreement', { rate: format.rate(agree) })} · {votes(proposal.counts.votes)} · {t(`tops.figure.${kind}`, { value: format.score(entry.score) })}
                      </p>
                      <span className="results-meter" aria-hidden="true" style={{ '--value': agree.value, '--low': agree.low, '--high': agree.high } as CSSProperties}>
                        <span className="results-meter__bar" />
                        <span className="results-meter__range" />
                      </span>
                    </li>
                  );
                })}
              </ol>
            ) : (
              <div className="results-scroll" role="region" aria-labelledby={`results-top-${kind}-caption`} tabIndex={0}>
                <table className="table results-table">
                  <caption id={`results-top-${kind}-caption`}>{t('tops.tableCaption', { top: t(`tops.${kind}.heading`) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('figures.rank')}</th>
                      <th scope="col">{t('figures.proposal')}</th>
                      <th scope="col">{t(`figures.${kind === 'consensus' ? 'topScore' : kind}`)}</th>
                      <th scope="col">{t('figures.agree')}</th>
                      <th scope="col">{t('figures.disagree')}</th>
                      <th scope="col">{t('figures.votes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map(({ entry, proposal }) => {
                      const text = label(proposal.id);
                      return (
                        <tr key={proposal.id}>
                          <td>{format.integer(entry.rank)}</td>
                          <th scope="row">
                            <span lang={text.lang}>{text.text}</span>
                            {entry.carriedBy !== null ? <span className="results-flag">{flag(entry.carriedBy)}</span> : null}
                          </th>
                          <td className="results-number">{format.score(entry.score)}</td>
                          <td className="results-number">{format.rate(proposal.scores.agree)}</td>
                          <td className="results-number">{format.rate(proposal.scores.disagree)}</td>
                          <td className="results-number">{format.integer(proposal.counts.votes)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </section>
  );
}

/** How many proposals stand in each zone, and what each zone means, with the thresholds used. */
export function ZonesSection({ results, locale, headingLevel, methodHref }: { results: EmergenceResults; locale: string; headingLevel: 2 | 3; methodHref: string }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { settings } = results;
  const thresholds = {
    minVotes: t('counts.votes', { count: settings.minVotes, formatted: format.integer(settings.minVotes) }),
    agreeLow: format.percent(settings.consensusAgreeLow),
    bothLow: format.percent(settings.controversyBothLow),
    disagreeLow: format.percent(settings.rejectionDisagreeLow),
    neutral: format.percent(settings.limboNeutral),
  };
  return (
    <section className="results-section" aria-labelledby="results-zones-heading">
      <Heading id="results-zones-heading">{t('zones.heading')}</Heading>
      <p>{t('zones.intro')}</p>
      <dl className="results-zones">
        {zones.map((zone) => (
          <div key={zone} className={`results-zone results-zone--${zone}`}>
            <dt>
              <span className="results-zone__count">{format.integer(results.zoneCounts[zone] ?? 0)}</span> {t(`zones.${zone}.name`, { count: results.zoneCounts[zone] ?? 0 })}
            </dt>
            <dd>{t(`zones.${zone}.definition`, thresholds)}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={methodHref}>{t('zones.methodLink')}</a>
      </p>
    </section>
  );
}

/** The method in a few sentences, with the thresholds the figures were computed with. */
export function MethodSection({ results, locale, headingLevel }: { results: EmergenceResults; locale: string; headingLevel: 2 | 3 }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="results-section results-method" id="results-method" aria-labelledby="results-method-heading" tabIndex={-1}>
      <Heading id="results-method-heading">{t('method.heading')}</Heading>
      <p>{t('method.votes')}</p>
      <p>{t('method.bounds')}</p>
      <p>{t('method.topScore')}</p>
      <p>{t('method.groups')}</p>
      <p>{t('method.minVotes', { minVotes: t('counts.votes', { count: results.settings.minVotes, formatted: format.integer(results.settings.minVotes) }) })}</p>
      <p className="muted">{t('method.docs')}</p>
    </section>
  );
}

/** Each theme's best proposals (those with enough votes), and its participation. */
export function ThemesSection({ data, locale, headingLevel }: { data: ResultsPageData; locale: string; headingLevel: 2 | 3 }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const results = data.results!;
  const label = proposalLabeller(data);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const themes = results.participation.byTheme.filter((theme) => theme.proposals > 0);
  const best = (themeId: string | null) => results.proposals.filter((proposal) => proposal.themeId === themeId && proposal.counts.votes >= results.settings.minVotes).slice(0, 3);
  if (themes.length === 0) return null;
  return (
    <section className="results-section" aria-labelledby="results-themes-heading">
      <Heading id="results-themes-heading">{t('themes.heading')}</Heading>
      {themes.map((theme) => {
        const title = theme.themeId === null ? t('themes.none') : (data.themeTitles[theme.themeId] ?? t('themes.none'));
        const proposals = best(theme.themeId);
        return (
          <section key={theme.themeId ?? 'none'} className="results-theme" aria-labelledby={`results-theme-${theme.themeId ?? 'none'}`}>
            <Sub id={`results-theme-${theme.themeId ?? 'none'}`}>{title}</Sub>
            <p className="muted">
              {t('themes.counts', {
                proposals: t('counts.proposals', { count: theme.proposals, formatted: format.integer(theme.proposals) }),
                votes: t('counts.votes', { count: theme.votes, formatted: format.integer(theme.votes) }),
              })}
            </p>
            {proposals.length === 0 ? (
              <p>{t('themes.empty')}</p>
            ) : (
              <ol className="results-best">
                {proposals.map((proposal) => {
                  const text = label(proposal.id);
                  return (
                    <li key={proposal.id}>
                      <span lang={text.lang}>{text.text}</span>{' '}
                      <span className="muted">{t('themes.figures', { agree: format.rate(proposal.scores.agree), votes: t('counts.votes', { count: proposal.counts.votes, formatted: format.integer(proposal.counts.votes) }) })}</span>
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
        );
      })}
    </section>
  );
}

const scoreNames = ['agree', 'disagree', 'neutral', 'topScore', 'controversy', 'rejection', 'adhesion', 'realism', 'engagement'] as const;
const rates = new Set(['agree', 'disagree', 'neutral']);

/**
 * Every figure of one proposal: its scores with bounds (raw and weighted), its qualifications,
 * and its rows in each segment and opinion group the snapshot carries.
 */
export function ProposalFigures({ proposal, segments, groups, label, locale, headingLevel }: { proposal: ProposalResult; segments: SegmentResult[]; groups: OpinionGroups | null; label: ProposalLabel; locale: string; headingLevel: 3 | 4 }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const groupName = useGroupName();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const show = (name: (typeof scoreNames)[number], scores: ProposalResult['scores']) => (rates.has(name) ? format.rate(scores[name]) : format.score(scores[name]));
  const groupRows = groups?.agreement[proposal.id] ?? [];
  const segmentRows = segments.flatMap((segment) => segment.values.flatMap((value) => (value.proposals[proposal.id] ? [{ field: segment.field, value: value.value, row: value.proposals[proposal.id]! }] : [])));
  return (
    <section className="results-focus" aria-labelledby="results-focus-heading" tabIndex={-1} id="results-focus">
      <Heading id="results-focus-heading">
        <span lang={label.lang}>{label.text}</span>
      </Heading>
      <p>
        {t('focus.summary', {
          votes: t('counts.votes', { count: proposal.counts.votes, formatted: format.integer(proposal.counts.votes) }),
          impressions: t('counts.impressions', { count: proposal.impressions, formatted: format.integer(proposal.impressions) }),
          untrusted: t('counts.untrustedVotes', { count: proposal.untrustedVotes, formatted: format.integer(proposal.untrustedVotes) }),
          zone: t(`zones.${proposal.zone}.short`),
        })}
        {proposal.carriedBy !== null ? <strong className="results-flag">{t('focus.carried', { group: groupName(proposal.carriedBy) })}</strong> : null}
      </p>
      <div className="results-scroll" role="region" aria-labelledby="results-focus-scores" tabIndex={0}>
        <table className="table results-table">
          <caption id="results-focus-scores">{t('focus.scoresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('focus.figure')}</th>
              <th scope="col">{t('focus.raw')}</th>
              {proposal.weighted ? <th scope="col">{t('focus.weighted')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {scoreNames.map((name) => (
              <tr key={name}>
                <th scope="row">{t(`figures.${name}`)}</th>
                <td className="results-number">{show(name, proposal.scores)}</td>
                {proposal.weighted ? <td className="results-number">{show(name, proposal.weighted.scores)}</td> : null}
              </tr>
            ))}
            {proposal.groupConsensus !== null ? (
              <tr>
                <th scope="row">{t('figures.groupConsensus')}</th>
                <td className="results-number">{format.percent(proposal.groupConsensus)}</td>
                {proposal.weighted ? <td /> : null}
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <div className="results-scroll" role="region" aria-labelledby="results-focus-qualifications" tabIndex={0}>
        <table className="table results-table">
          <caption id="results-focus-qualifications">{t('focus.qualificationsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('focus.qualification')}</th>
              <th scope="col">{t('figures.count')}</th>
              <th scope="col">{t('figures.share')}</th>
            </tr>
          </thead>
          <tbody>
            {qualifications.map((name) => (
              <tr key={name}>
                <th scope="row">{t(`qualification.${name}`)}</th>
                <td className="results-number">{format.integer(proposal.counts.qualifications[name] ?? 0)}</td>
                <td className="results-number">{format.rate(proposal.scores.qualifications[name])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {segmentRows.length > 0 ? (
        <div className="results-scroll" role="region" aria-labelledby="results-focus-segments" tabIndex={0}>
          <table className="table results-table">
            <caption id="results-focus-segments">{t('focus.segmentsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('focus.segment')}</th>
                <th scope="col">{t('figures.votes')}</th>
                <th scope="col">{t('figures.agree')}</th>
                <th scope="col">{t('figures.topScore')}</th>
                <th scope="col">{t('figures.zone')}</th>
              </tr>
            </thead>
            <tbody>
              {segmentRows.map(({ field, value, row }) => (
                <tr key={`${field}:${value}`}>
                  <th scope="row">{t('focus.segmentValue', { field: t(`segments.${field}`, { defaultValue: field }), value })}</th>
                  <td className="results-number">{format.integer(row.counts.votes)}</td>
                  <td className="results-number">{format.rate(row.agree)}</td>
                  <td className="results-number">{format.score(row.topScore)}</td>
                  <td>{t(`zones.${row.zone}.short`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {groupRows.length > 0 ? (
        <div className="results-scroll" role="region" aria-labelledby="results-focus-groups" tabIndex={0}>
          <table className="table results-table">
            <caption id="results-focus-groups">{t('focus.groupsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('focus.group')}</th>
                <th scope="col">{t('figures.seen')}</th>
                <th scope="col">{t('figures.agreeCount')}</th>
                <th scope="col">{t('figures.disagreeCount')}</th>
                <th scope="col">{t('figures.agree')}</th>
              </tr>
            </thead>
            <tbody>
              {groupRows.map((row) => (
                <tr key={row.groupId}>
                  <th scope="row">{groupName(row.groupId)}</th>
                  <td className="results-number">{format.integer(row.seen)}</td>
                  <td className="results-number">{format.integer(row.agree)}</td>
                  <td className="results-number">{format.integer(row.disagree)}</td>
                  <td className="results-number">{format.rate(row.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
