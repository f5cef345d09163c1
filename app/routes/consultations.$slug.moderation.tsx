import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { pickLanguage } from '../../platform/i18n/languages';
import { authorise } from '../server/consultation.server';
import { i18next } from '../i18n.server';

export const handle = { i18n: ['common', 'team'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

/** The moderators' page. Its queue fills as modules with contributions arrive. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.moderate');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'team');
  const question = pickLanguage(consultation.question, locale, consultation.default_language);
  return { title: t('moderation.title'), slug: consultation.slug, question };
}

export default function Moderation() {
  const { slug, question } = useLoaderData<typeof loader>();
  const { t } = useTranslation('team');
  return (
    <div className="page">
      <ConsultationLink slug={slug} question={question} />
      <h1>{t('moderation.title')}</h1>
      <p className="empty-state">{t('moderation.empty')}</p>
    </div>
  );
}
