import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import type { TwoColumnConfig } from './manifest';
import type { TwoColumnSummaryData } from './two-column-data';

/** The module on the consultation page: the ideas being weighed up, how many arguments, and the way in. */
export function TwoColumnSummary({ data, open, slug, instanceId }: ModuleViewProps<TwoColumnConfig, TwoColumnSummaryData>) {
  const { t } = useTranslation('two-column');
  const path = `/consultations/${slug}/modules/${instanceId}`;
  if (data.ideas.length === 0) return <p className="empty-state">{t('summary.none')}</p>;
  return (
    <div className="two-column-summary-card">
      <h4>
        <Link to={path}>{t('summary.ideas', { count: data.ideas.length })}</Link>
      </h4>
      <ul>
        {data.ideas.map((idea) => (
          <li key={idea.id}>
            <Link to={`${path}?idea=${idea.id}`}>{idea.title}</Link>
          </li>
        ))}
      </ul>
      <p>
        {t('summary.arguments', { count: data.arguments })}
        {data.arguments > 0 ? ` ${t('summary.contributors', { count: data.contributors })}` : null}
      </p>
      <p>
        <Link className="button button--secondary" to={path}>
          {open ? t('summary.open') : t('summary.read')}
        </Link>
      </p>
    </div>
  );
}
