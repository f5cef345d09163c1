import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import type { TokenVoteConfig } from './manifest';
import { CategoryChip, modulePath, useNumberText, useVoteLabels } from './token-vote-labels';
import type { TokenVoteSummaryData } from './token-vote-data';

/** The module on the consultation page: how many items and voters, the reader's tokens left, the leaders, and the way in. */
export function TokenVoteSummary({ config, data, open, slug, instanceId, locale, defaultLanguage }: ModuleViewProps<TokenVoteConfig, TokenVoteSummaryData>) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const numbers = useNumberText(locale);
  const path = modulePath(slug, instanceId);
  if (data.items === 0) return <p className="empty-state">{t('summary.none')}</p>;
  return (
    <div className="token-vote-summary">
      <h4>
        <Link to={path}>{t('summary.items', { count: data.items })}</Link>
      </h4>
      <p>{t('results.voters', { count: data.voters })}</p>
      {data.left ? (
        <div>
          <p className="token-vote-summary__label">{t('summary.left')}</p>
          <ul className="token-vote-left__list">
            {config.categories.map((category) => (
              <li key={category.key}>
                <CategoryChip category={category} label={labels.category(category.key)} />{' '}
                <span>{t('left.count', { count: data.left?.[category.key] ?? 0, budget: category.budget })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data.leaders && data.leaders.length > 0 ? (
        <div>
          <p className="token-vote-summary__label">{t('summary.leaders')}</p>
          <ol className="token-vote-summary__leaders">
            {data.leaders.map((leader) => (
              <li key={leader.id}>
                {leader.title} <span className="token-vote-net">({t('summary.net', { net: numbers.net(leader.net) })})</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <p>
        <Link className="button button--secondary" to={open ? path : `${path}?view=results`}>
          {open ? t('summary.vote') : t('summary.results')}
        </Link>
      </p>
    </div>
  );
}
