import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { ModulePageProps } from '../../platform/modules/manifest';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import type { TokenVoteConfig } from './manifest';
import { VoteScreen } from './token-vote-ballot';
import { useVoteLabels } from './token-vote-labels';
import { ResultsScreen } from './token-vote-results';
import type { TokenVotePageData } from './token-vote-data';

/**
 * Who reads the page, for the offer to take part. Not (yet) in TokenVotePageData: without it the
 * page offers joining to anyone open-phase who may not vote, and the join route decides.
 */

type Props = ModulePageProps<TokenVoteConfig, TokenVotePageData>;

/**
 * The module's page: the voting screen (tokens left, and each item's − and + buttons and
 * gauges), or with `?view=results` the results, when the reader may see them.
 */
export function TokenVotePage({ config, data, open, slug, instanceId, locale, defaultLanguage }: Props) {
  const { t } = useTranslation('token-vote');
  const title = pickLanguage(data.title, locale, defaultLanguage);
  const viewer = data.viewer;
  const results = data.view === 'results';
  return (
    <div className="token-vote-page">
      <header>
        <p className="token-vote-page__kicker">{t('page.kicker')}</p>
        <h1 lang={title.lang}>{title.text}</h1>
        <p>{t('page.intro')}</p>
      </header>

      <nav className="token-vote-views" aria-label={t('page.views')}>
        <Link to="?" aria-current={results ? undefined : 'page'} className="token-vote-views__link">
          {open && data.mayVote ? t('page.voteView') : t('page.ballotView')}
        </Link>
        <Link to="?view=results" aria-current={results ? 'page' : undefined} className="token-vote-views__link">
          {t('page.resultsView')}
        </Link>
      </nav>

      {results ? (
        <ResultsScreen config={config} data={data} slug={slug} instanceId={instanceId} locale={locale} defaultLanguage={defaultLanguage} />
      ) : (
        <>
          <Rules config={config} locale={locale} defaultLanguage={defaultLanguage} />
          {!open ? <p className="notice">{t('page.readOnly')}</p> : null}
          {open && !data.mayVote ? (
            <JoinPanel
              slug={slug}
              userId={viewer.userId}
              mayJoin={viewer.mayJoin}
              heading={t('page.joinHeading')}
              intro={t('page.joinIntro')}
              signInPrompt={t('page.signInToVote')}
            />
          ) : null}
          {open && !data.mayVote && viewer.userId && !viewer.mayJoin ? <p className="notice">{t('page.cannotVote')}</p> : null}
          <VoteScreen
            config={config}
            items={data.items}
            ballot={data.ballot}
            mayVote={open && data.mayVote}
            slug={slug}
            instanceId={instanceId}
            locale={locale}
            defaultLanguage={defaultLanguage}
          />
        </>
      )}
    </div>
  );
}

/** The rules in words: each category's tokens and maximum per item, and which cannot share an item. */
function Rules({ config, locale, defaultLanguage }: { config: TokenVoteConfig; locale: string; defaultLanguage: string }) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const pairs = config.categories.flatMap((category, index) =>
    config.categories.slice(index + 1).flatMap((other) => (category.excludes.includes(other.key) || other.excludes.includes(category.key) ? [[category, other] as const] : [])),
  );
  return (
    <div className="token-vote-rules">
      <p>{t('rules.intro')}</p>
      <ul>
        {config.categories.map((category) => {
          const values = { count: category.budget, category: labels.category(category.key).text };
          return (
            <li key={category.key}>
              {category.maxPerItem === null ? t('rules.budget', values) : t('rules.budgetWithMax', { ...values, max: category.maxPerItem })}
            </li>
          );
        })}
        {pairs.map(([category, other]) => (
          <li key={`${category.key}-${other.key}`}>{t('rules.exclusive', { category: labels.category(category.key).text, other: labels.category(other.key).text })}</li>
        ))}
        <li>{t('rules.change')}</li>
      </ul>
    </div>
  );
}
