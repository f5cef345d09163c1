import { useTranslation } from 'react-i18next';
import { BarChart, groupColor, GroupSwatch, ScatterPlot } from '../../platform/ui/charts';
import { mapKindFor, TileMap } from '../../platform/ui/tile-map';
import type { Estimate, OpinionGroup, OpinionGroups, GroupsAbsence, ProposalResult, SegmentResult, Weighting, Zone } from './results-data';

/*
 * The team's analysis sections of the dashboard and the report: segments (with the raw and
 * weighted figures), the geography of engagement (maps and their tables) and the opinion groups
 * (scatter plot, each group's size and representative proposals, every group's agreement).
 * The page gives each section its heading; the sections' own headings sit one level below.
 */

/** How a proposal is written out in these sections ("Il faut …", in its language). */
export interface ProposalLabel {
  text: string;
  lang: string;
}

type SubHeading = 'h3' | 'h4' | 'h5';

/** Proposals the segments' table compares, the best by the lower bound of their top score. */
const segmentTableSize = 15;
/** Proposals the groups' table compares, the most divisive first. */
const groupTableSize = 20;

function useAnalysisFormat(locale: string) {
  const { t } = useTranslation('proposals-analysis');
  const integer = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  return {
    integer: (value: number) => integer.format(value),
    percent: (value: number) => percent.format(value),
    bounds: (estimate: Estimate) =>
      t('bounds', {
        low: percent.format(estimate.low),
        high: percent.format(estimate.high),
      }),
  };
}

function useFieldName() {
  const { t } = useTranslation('proposals-analysis');
  // Fields the strategist added have no translation: their key is their name.
  return (field: string) => t(`fields.${field}`, { defaultValue: field });
}

/** A field's name inside a sentence ("Votants par tranche d’âge"): lower case, unless it is an acronym. */
function inSentence(name: string, locale: string): string {
  const [first, second] = name;
  return first && second && second === second.toLocaleLowerCase(locale) ? first.toLocaleLowerCase(locale) + name.slice(1) : name;
}

/** An agreement rate with its bounds, for a table cell: "62 %" then "(55 – 69 %)". */
function Agreement(props: { estimate: Estimate; locale: string; votes?: number; zone?: Zone; sub?: string }) {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  return (
    <>
      <strong>{format.percent(props.estimate.value)}</strong> <span className="data-bounds">{format.bounds(props.estimate)}</span>
      {props.votes !== undefined ? (
        <span className="data-sub">
          {t('votes', {
            count: props.votes,
            formatted: format.integer(props.votes),
          })}
        </span>
      ) : null}
      {props.sub ? <span className="data-sub">{props.sub}</span> : null}
      {props.zone ? <span className="data-badge">{t(`zones.${props.zone}`)}</span> : null}
    </>
  );
}

function ProposalText(props: { label: ProposalLabel }) {
  return <span lang={props.label.lang}>{props.label.text}</span>;
}

export function SegmentsSection(props: {
  segments: SegmentResult[];
  weighting: Weighting | null;
  /** The field shown (the first one when null), and the address of another field's view. */
  field: string | null;
  fieldHref: (field: string) => string;
  proposals: ProposalResult[];
  label: (proposalId: string) => ProposalLabel;
  locale: string;
  /** Values held by fewer voters are not shown (the snapshot's `settings.minSegmentVoters`), to say so in plain words. */
  minSegmentVoters?: number;
  headingLevel?: SubHeading;
}): JSX.Element {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  const fieldName = useFieldName();
  const Heading = props.headingLevel ?? 'h4';
  const { segments } = props;
  // Weighting that could not be applied leaves the raw figures: no second column repeating them.
  const weighting = props.weighting && weightingApplied(props.weighting) ? props.weighting : null;
  const current = segments.find((segment) => segment.field === props.field) ?? segments[0];
  if (!current) {
    return (
      <div className="analysis analysis-segments">
        <p>{t('segments.none')}</p>
      </div>
    );
  }
  const name = inSentence(fieldName(current.field), props.locale);
  const values = [...current.values].sort((a, b) => b.voters - a.voters || a.value.localeCompare(b.value, props.locale));
  const compared = [...props.proposals].sort((a, b) => b.scores.topScore.low - a.scores.topScore.low).slice(0, segmentTableSize);

  return (
    <div className="analysis analysis-segments">
      {segments.length > 1 ? (
        <nav className="data-picker" aria-label={t('segments.picker')}>
          <ul>
            {segments.map((segment) => (
              <li key={segment.field}>
                <a href={props.fieldHref(segment.field)} aria-current={segment === current ? 'page' : undefined}>
                  {fieldName(segment.field)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <Heading>{t('segments.votersHeading', { field: name })}</Heading>
      {values.length > 0 ? (
        <BarChart
          caption={t('segments.votersCaption', { field: name })}
          bars={values.map((value) => ({
            key: value.value,
            label: value.value,
            value: value.voters,
          }))}
          format={format.integer}
          labelHeader={fieldName(current.field)}
          valueHeader={t('segments.voters')}
        />
      ) : (
        <p>{t('segments.noValues', { field: name })}</p>
      )}
      {current.hiddenVoters > 0 ? (
        <p className="data-note">
          {props.minSegmentVoters !== undefined
            ? t('segments.hidden', {
                count: current.hiddenVoters,
                formatted: format.integer(current.hiddenVoters),
                min: format.integer(props.minSegmentVoters),
              })
            : t('segments.hiddenNoMin', {
                count: current.hiddenVoters,
                formatted: format.integer(current.hiddenVoters),
              })}
        </p>
      ) : null}
      {current.unansweredVoters > 0 ? (
        <p className="data-note">
          {t('segments.unanswered', {
            count: current.unansweredVoters,
            formatted: format.integer(current.unansweredVoters),
          })}
        </p>
      ) : null}

      {props.weighting ? <WeightingNote weighting={props.weighting} locale={props.locale} /> : null}

      {compared.length > 0 && values.length > 0 ? (
        <>
          <Heading>{t('segments.tableHeading', { field: name })}</Heading>
          <p>{t('segments.tableIntro', { count: compared.length })}</p>
          <div className="data-scroll" role="region" aria-label={t('segments.tableHeading', { field: name })} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('proposal')}</th>
                  <th scope="col">{weighting ? t('segments.everyoneRaw') : t('segments.everyone')}</th>
                  {weighting ? <th scope="col">{t('segments.everyoneWeighted')}</th> : null}
                  {values.map((value) => (
                    <th scope="col" key={value.value}>
                      {value.value}
                      <span className="data-sub">
                        {t('segments.votersCount', {
                          count: value.voters,
                          formatted: format.integer(value.voters),
                        })}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {compared.map((proposal) => (
                  <tr key={proposal.id}>
                    <th scope="row">
                      <ProposalText label={props.label(proposal.id)} />
                    </th>
                    <td>
                      <Agreement estimate={proposal.scores.agree} votes={proposal.counts.votes} zone={proposal.zone} locale={props.locale} />
                    </td>
                    {weighting ? (
                      <td>
                        {proposal.weighted ? (
                          <Agreement
                            estimate={proposal.weighted.scores.agree}
                            zone={proposal.weighted.zone}
                            sub={t('segments.effectiveVotes', {
                              formatted: format.integer(Math.round(proposal.weighted.effectiveVotes)),
                            })}
                            locale={props.locale}
                          />
                        ) : (
                          t('noFigure')
                        )}
                      </td>
                    ) : null}
                    {values.map((value) => {
                      const row = value.proposals[proposal.id];
                      return <td key={value.value}>{row ? <Agreement estimate={row.agree} votes={row.counts.votes} zone={row.zone} locale={props.locale} /> : t('noVote')}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * Raking that made no pass because no voter holds any target value leaves every weight at 1: the
 * "weighted" figures are the raw ones, and the note must not claim otherwise.
 */
function weightingApplied(weighting: Weighting): boolean {
  return weighting.iterations > 0 || (weighting.unreachable.length === 0 && weighting.voters > 0);
}

/** What weighting did, in plain words: which fields, how much the sample is worth after it, and what it could not reach. */
function WeightingNote(props: { weighting: Weighting; locale: string }) {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  const fieldName = useFieldName();
  const { weighting } = props;
  const list = new Intl.ListFormat(props.locale, {
    style: 'long',
    type: 'conjunction',
  });
  return (
    <div className="data-explainer">
      <p>
        {weightingApplied(weighting)
          ? t('weighting.intro', {
              fields: list.format(weighting.fields.map((field) => inSentence(fieldName(field), props.locale))),
              voters: format.integer(weighting.voters),
              effective: format.integer(Math.round(weighting.effectiveSampleSize)),
            })
          : t('weighting.notApplied', {
              field: list.format(weighting.fields.map((field) => t('weighting.field', { field: fieldName(field) }))),
            })}
      </p>
      {!weighting.converged ? (
        <p className="data-note">
          {t('weighting.notConverged', {
            iterations: format.integer(weighting.iterations),
          })}
        </p>
      ) : null}
      {weighting.unreachable.length > 0 ? (
        <p className="data-note">
          {t('weighting.unreachable', {
            values: list.format(
              weighting.unreachable.map((entry) =>
                t('weighting.unreachableValue', {
                  field: fieldName(entry.field),
                  value: entry.value,
                })
              )
            ),
          })}
        </p>
      ) : null}
    </div>
  );
}

export function GeographySection(props: { segments: SegmentResult[]; locale: string; headingLevel?: SubHeading }): JSX.Element | null {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  const fieldName = useFieldName();
  const Heading = props.headingLevel ?? 'h4';
  const mapped = props.segments.flatMap((segment) => {
    const kind = mapKindFor(segment.field);
    return kind && segment.values.length > 0 ? [{ segment, kind }] : [];
  });
  if (mapped.length === 0) return null;
  return (
    <div className="analysis analysis-geography">
      {mapped.map(({ segment, kind }) => (
        <section
          key={segment.field}
          aria-label={t('geography.heading', {
            field: inSentence(fieldName(segment.field), props.locale),
          })}
        >
          <Heading>
            {t('geography.heading', {
              field: inSentence(fieldName(segment.field), props.locale),
            })}
          </Heading>
          <TileMap
            kind={kind}
            caption={t(`geography.caption.${kind}`)}
            values={Object.fromEntries(segment.values.map((value) => [value.value, value.voters]))}
            secondary={{
              header: t('geography.votes'),
              values: Object.fromEntries(segment.values.map((value) => [value.value, value.votes])),
            }}
            format={format.integer}
            valueHeader={t('geography.voters')}
            locale={props.locale}
          />
          {segment.hiddenVoters + segment.unansweredVoters > 0 ? (
            <p className="data-note">
              {t('geography.unshown', {
                count: segment.hiddenVoters + segment.unansweredVoters,
                formatted: format.integer(segment.hiddenVoters + segment.unansweredVoters),
              })}
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}

/** How clearly the groups stand apart, from the clustering's mean silhouette. */
function separation(silhouette: number): 'clear' | 'fair' | 'weak' {
  if (silhouette >= 0.5) return 'clear';
  if (silhouette >= 0.25) return 'fair';
  return 'weak';
}

/** How sure a difference is, from its p-value, in words. */
function certainty(pValue: number): 'thousand' | 'hundred' | 'twenty' {
  if (pValue < 0.001) return 'thousand';
  if (pValue < 0.01) return 'hundred';
  return 'twenty';
}

export function GroupsSection(props: {
  groups: OpinionGroups | null;
  absence: GroupsAbsence | null;
  proposals: ProposalResult[];
  label: (proposalId: string) => ProposalLabel;
  locale: string;
  /** The proposals the agreement table compares (ids, in order); the 20 most controversial when omitted. */
  tableProposals?: string[];
  headingLevel?: SubHeading;
}): JSX.Element {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  const Heading = props.headingLevel ?? 'h4';
  const { groups } = props;
  const groupName = (id: number) => t('groups.name', { number: id });

  if (!groups) {
    const absence = props.absence;
    return (
      <div className="analysis analysis-groups">
        <p>
          {absence?.reason === 'tooFewParticipants'
            ? t('groups.absent.tooFewParticipants', {
                count: absence.have,
                needed: format.integer(absence.needed),
                have: format.integer(absence.have),
              })
            : absence?.reason === 'noStructure'
            ? t('groups.absent.noStructure', { explained: format.percent(absence.explained), chance: format.percent(absence.chance) })
            : absence?.reason === 'disabled'
            ? t('groups.absent.disabled')
            : t('groups.absent.notYet')}
        </p>
      </div>
    );
  }

  const byId = new Map(props.proposals.map((proposal) => [proposal.id, proposal]));
  const compared = props.tableProposals
    ? props.tableProposals.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
    : [...props.proposals]
        .filter((proposal) => groups.agreement[proposal.id])
        .sort((a, b) => b.scores.controversy.value - a.scores.controversy.value)
        .slice(0, groupTableSize);
  const sortedGroups = [...groups.groups].sort((a, b) => a.id - b.id);
  const percentAxis = (index: 0 | 1) =>
    t('groups.axis', {
      number: index + 1,
      share: format.percent(groups.explained[index]),
    });

  return (
    <div className="analysis analysis-groups">
      <p>
        {t('groups.intro', {
          grouped: format.integer(groups.grouped),
          k: groups.k,
        })}{' '}
        {t(`groups.separation.${separation(groups.silhouette)}`)}{' '}
        {groups.ungrouped > 0
          ? t('groups.ungrouped', {
              count: groups.ungrouped,
              formatted: format.integer(groups.ungrouped),
            })
          : null}
      </p>
      <ScatterPlot
        caption={t('groups.scatterCaption')}
        points={groups.points}
        groups={sortedGroups.map((group) => ({
          id: group.id,
          label: groupName(group.id),
          centroid: group.centroid,
          size: group.size,
        }))}
        axisLabels={[percentAxis(0), percentAxis(1)]}
        locale={props.locale}
      />
      <p className="data-note">
        {t('groups.explained', {
          share: format.percent(groups.explained[0] + groups.explained[1]),
        })}
      </p>

      <ul className="data-cards">
        {sortedGroups.map((group) => (
          <li key={group.id}>
            <GroupCard group={group} name={groupName(group.id)} share={groups.grouped > 0 ? group.size / groups.grouped : 0} label={props.label} locale={props.locale} Heading={Heading} />
          </li>
        ))}
      </ul>

      {compared.length > 0 ? (
        <>
          <Heading>{t('groups.tableHeading')}</Heading>
          <p>{t('groups.tableIntro', { count: compared.length })}</p>
          <div className="data-scroll" role="region" aria-label={t('groups.tableHeading')} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('proposal')}</th>
                  {sortedGroups.map((group) => (
                    <th scope="col" key={group.id}>
                      <GroupSwatch group={group.id} /> {groupName(group.id)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {compared.map((proposal) => {
                  const rows = groups.agreement[proposal.id] ?? [];
                  return (
                    <tr key={proposal.id}>
                      <th scope="row">
                        <ProposalText label={props.label(proposal.id)} />
                        {proposal.carriedBy !== null ? (
                          <strong className="data-flag">
                            {t('groups.carried', {
                              group: groupName(proposal.carriedBy),
                            })}
                          </strong>
                        ) : null}
                      </th>
                      {sortedGroups.map((group) => {
                        const row = rows.find((entry) => entry.groupId === group.id);
                        return (
                          <td key={group.id} className={proposal.carriedBy === group.id ? 'data-highlight' : undefined}>
                            {row && row.seen > 0 ? <Agreement estimate={row.rate} votes={row.seen} locale={props.locale} /> : t('noVote')}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

function GroupCard(props: { group: OpinionGroup; name: string; share: number; label: (proposalId: string) => ProposalLabel; locale: string; Heading: SubHeading }) {
  const { t } = useTranslation('proposals-analysis');
  const format = useAnalysisFormat(props.locale);
  const { group, Heading } = props;
  return (
    <article className="data-card" style={{ borderTopColor: groupColor(group.id) }}>
      <Heading className="data-card__title">
        <GroupSwatch group={group.id} /> {props.name}
      </Heading>
      <p>
        {t('groups.size', {
          count: group.size,
          formatted: format.integer(group.size),
          share: format.percent(props.share),
        })}
      </p>
      {group.representative.length === 0 ? (
        <p>{t('groups.noRepresentative')}</p>
      ) : (
        <>
          <p>{t('groups.representative')}</p>
          <ul className="data-list">
            {group.representative.map((entry) => (
              <li key={entry.proposalId}>
                <span className="data-lead">{t(`groups.direction.${entry.direction}`)}</span> <ProposalText label={props.label(entry.proposalId)} />
                <span className="data-sub">
                  {t('groups.comparison', {
                    inGroup: format.percent(entry.inGroup.value),
                    inGroupBounds: format.bounds(entry.inGroup),
                    rest: format.percent(entry.rest.value),
                    restBounds: format.bounds(entry.rest),
                  })}{' '}
                  {t(`groups.certainty.${certainty(entry.pValue)}`)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
