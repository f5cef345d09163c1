import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import { formatDate } from '../../platform/ui/format';
import type { ThreadConfig } from './manifest';
import type { ThreadSummaryData } from './thread-data';

/** A thread on the consultation page: its subject, how many took part, and the way in. */
export function ThreadSummary({ data, locale, defaultLanguage, open, slug, instanceId }: ModuleViewProps<ThreadConfig, ThreadSummaryData>) {
  const { t } = useTranslation('posts');
  const title = pickLanguage(data.title, locale, defaultLanguage);
  return (
    <div className="thread-summary">
      <h4 lang={title.lang}>
        <Link to={`/consultations/${slug}/modules/${instanceId}`}>{title.text}</Link>
      </h4>
      <p className="thread-summary__stats">
        {data.posts === 0
          ? t('summary.empty')
          : t('summary.stats', { count: data.posts, contributors: t('summary.contributors', { count: data.contributors }) })}
        {data.lastPostAt ? ` · ${t('summary.lastPost', { date: formatDate(data.lastPostAt, locale) })}` : null}
      </p>
      <p>
        <Link className="button button--secondary" to={`/consultations/${slug}/modules/${instanceId}`}>
          {open ? t('summary.open') : t('summary.read')}
        </Link>
      </p>
    </div>
  );
}
