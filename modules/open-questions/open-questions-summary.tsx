import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import type { OpenQuestionsConfig } from './manifest';
import type { OpenQuestionsSummaryData } from './open-questions-data';

/** The open questions on the consultation page: how many, how many answers, and the way in. */
export function OpenQuestionsSummary({ data, open, slug, instanceId }: ModuleViewProps<OpenQuestionsConfig, OpenQuestionsSummaryData>) {
  const { t } = useTranslation('open-questions');
  const href = `/consultations/${slug}/modules/${instanceId}`;
  return (
    <div className="open-questions-summary">
      <h4>
        <Link to={href}>{t('summary.title')}</Link>
      </h4>
      <p>
        {t('summary.questions', { count: data.questions })}
        {' · '}
        {data.answers === 0 ? t('summary.noAnswer') : t('summary.answers', { count: data.answers, respondents: t('summary.respondents', { count: data.respondents }) })}
      </p>
      {data.questions > 0 ? (
        <p>
          <Link className="button button--secondary" to={href}>
            {open ? t('summary.open') : t('summary.read')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
