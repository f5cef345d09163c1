import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import { actorFor, requirePermission } from '../auth.server';
import { i18next } from '../i18n.server';
import { consultationsRunBy } from '../server/consultations.server';

export const handle = { i18n: ['common', 'console'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

/** The strategist's console: the consultations they run, drafts included. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, user } = await actorFor(request, context);
  requirePermission(request, actor, 'consultation.create');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'console');
  const consultations = await consultationsRunBy(context.db, user!.id);
  return {
    title: t('list.title'),
    consultations: consultations.map((c) => ({ slug: c.slug, state: c.lifecycle_state, question: pickLanguage(c.question, locale, c.default_language) })),
  };
}

export default function ConsoleIndex() {
  const { consultations } = useLoaderData<typeof loader>();
  const { t } = useTranslation(['console', 'common']);
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p>
        <Link to="/console/new" className="button">
          {t('list.create')}
        </Link>
      </p>
      {consultations.length === 0 ? (
        <p className="empty-state">{t('list.empty')}</p>
      ) : (
        <ul className="plain-list">
          {consultations.map((c) => (
            <li key={c.slug}>
              <Link to={`/consultations/${c.slug}/console`} lang={c.question.lang}>
                {c.question.text}
              </Link>{' '}
              <span className="muted">· {t(`common:phases.${c.state}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
