import { Link } from '@remix-run/react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProposalsPageData } from './proposals-data';
import { formatTime, LiveStatus, useDuration, useModerationLive } from './moderation-ui';
import { viewHref } from './proposals-links';

/*
 * The supervision board: how many proposals wait and for how long, what became of the others,
 * why proposals were refused, and each moderator's decisions hour by hour over the last day.
 * It reads its figures again whenever a moderation happens (`moderation:changed`).
 */

export interface SupervisionViewProps {
  page: ProposalsPageData;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
}

export function SupervisionView({ page, slug, instanceId, locale }: SupervisionViewProps) {
  const { t } = useTranslation('proposals-moderation');
  const live = useModerationLive(slug, instanceId);
  const duration = useDuration();
  const data = page.supervision;
  if (!data) return null;
  const number = new Intl.NumberFormat(locale);
  const wait = (seconds: number | null) => (seconds === null ? t('supervision.noWait') : duration(seconds));
  const figures: [string, string][] = [
    [t('supervision.backlog'), number.format(data.backlog)],
    [t('supervision.medianWait'), wait(data.medianWaitSeconds)],
    [t('supervision.oldestWait'), wait(data.oldestWaitSeconds)],
    [t('supervision.postponed'), number.format(data.totals.postponed)],
    [t('supervision.accepted'), number.format(data.totals.accepted)],
    [t('supervision.refused'), number.format(data.totals.refused)],
    [t('supervision.archived'), number.format(data.totals.archived)],
  ];
  const refusals = data.refusalReasons.filter((row) => row.count > 0);
  const hourLabel = (iso: string) => t('supervision.hour', { hour: new Date(iso).getUTCHours() });
  // The most recent hour first: on a phone it is the one in view before scrolling.
  const hourIndexes = data.hours.map((_, index) => index).reverse();
  return (
    <section className="supervision" aria-labelledby="supervision-heading">
      <header>
        <h2 id="supervision-heading">{t('supervision.heading')}</h2>
        <p>{t('supervision.intro')}</p>
        <p>
          <Link to={viewHref('moderate', page.embedded)}>{t('supervision.toWorkspace')}</Link>
        </p>
        <LiveStatus status={live} />
      </header>

      <h3 className="visually-hidden">{t('supervision.figures')}</h3>
      <dl className="proposals-figures" aria-live="polite">
        {figures.map(([label, value]) => (
          <div key={label} className="proposals-figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h3>{t('supervision.reasonsHeading')}</h3>
      {refusals.length === 0 ? (
        <p className="empty-state">{t('supervision.noRefusals')}</p>
      ) : (
        <table className="table supervision-reasons">
          <thead>
            <tr>
              <th scope="col">{t('supervision.reason')}</th>
              <th scope="col">{t('supervision.count')}</th>
            </tr>
          </thead>
          <tbody>
            {refusals.map((row) => (
              <tr key={row.reason}>
                <th scope="row">{t(`reason.${row.reason}`)}</th>
                <td>
                  {number.format(row.count)}
                  <span className="supervision-bar" style={{ '--share': row.count / Math.max(1, data.totals.refused) } as CSSProperties} aria-hidden="true" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 id="supervision-moderators-heading">{t('supervision.moderatorsHeading')}</h3>
      {data.moderators.length === 0 ? (
        <p className="empty-state">{t('supervision.noDecisions')}</p>
      ) : (
        // Twenty-four columns do not fit a phone: the table scrolls sideways in its own box.
        <div className="supervision-scroll" role="region" aria-labelledby="supervision-moderators-heading" tabIndex={0}>
          <table className="table supervision-hours">
            <caption className="visually-hidden">{t('supervision.moderatorsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.moderator')}</th>
                <th scope="col">{t('supervision.total')}</th>
                <th scope="col">{t('supervision.perHour')}</th>
                {hourIndexes.map((index) => (
                  <th scope="col" key={data.hours[index]} className="supervision-hours__hour">
                    {hourLabel(data.hours[index]!)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.moderators.map((moderator) => {
                const activeHours = moderator.perHour.filter((count) => count > 0).length;
                return (
                  <tr key={moderator.id}>
                    <th scope="row">{moderator.name}</th>
                    <td>{number.format(moderator.total)}</td>
                    <td>{number.format(Math.round((moderator.total / Math.max(1, activeHours)) * 10) / 10)}</td>
                    {hourIndexes.map((index) => {
                      const count = moderator.perHour[index] ?? 0;
                      return (
                        <td key={data.hours[index]} className={count === 0 ? 'supervision-hours__zero' : undefined}>
                          {count}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{t('supervision.computedAt', { time: formatTime(data.computedAt, locale) })}</p>
    </section>
  );
}
