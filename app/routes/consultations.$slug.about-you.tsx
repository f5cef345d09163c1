import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { z } from 'zod';
import type { SegmentField } from '../../platform/db/schema';
import { pickLanguage } from '../../platform/i18n/languages';
import { saveSegmentAnswers, segmentAnswers } from '../server/members.server';
import { Field, FormMessage } from '../../platform/ui/form';
import { formatDate } from '../../platform/ui/format';
import { authorise } from '../server/consultation.server';
import { i18next } from '../i18n.server';
import { badRequest } from '../validation';
import { returnAddress, withJoined } from '../server/return-to';

export const handle = { i18n: ['common', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

/**
 * The segment questions a strategist switched on, each optional and each with its own consent:
 * an answer is kept only with a ticked consent, and the date of that consent is recorded.
 * Someone who just joined from one of the consultation's pages (`?returnTo=`) goes back there
 * once they save, or by the link that skips the questions.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor, user } = await authorise(request, context, params.slug, 'segments.answer');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'forms');
  const answers = await segmentAnswers(context.db, consultation.id, user!.id);
  const asked = new URL(request.url).searchParams.get('returnTo');
  return {
    title: t('aboutYou.title'),
    slug: consultation.slug,
    /** Where to go on: the page they joined from, when they came from one. */
    returnTo: asked ? returnAddress(consultation.slug, asked) : null,
    /** The same, marked as just joined: the page there confirms it. */
    continueTo: asked ? withJoined(returnAddress(consultation.slug, asked)) : null,
    question: pickLanguage(consultation.question, locale, consultation.default_language),
    fields: consultation.segment_fields.map((field) => {
      const answer = answers.find((a) => a.field === field);
      return { field, value: answer?.value ?? '', consentedAt: answer?.consented_at ?? null };
    }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, actor, user } = await authorise(request, context, params.slug, 'segments.answer');
  const form = await request.formData();
  const answers: Partial<Record<SegmentField, string>> = {};
  const errors: Record<string, string> = {};
  for (const field of consultation.segment_fields) {
    const value = z.string().trim().max(100).safeParse(form.get(field) ?? '');
    if (!value.success) {
      errors[field] = 'segment.tooLong';
      continue;
    }
    const consented = form.get(`${field}-consent`) === 'yes';
    if (value.data && !consented) errors[field] = 'segment.consentMissing';
    // No consent, no data: an unticked box deletes a previous answer.
    answers[field] = consented ? value.data : '';
  }
  if (Object.keys(errors).length > 0) return badRequest({ errors, saved: false });
  await saveSegmentAnswers(context.db, consultation.id, user!.id, answers);
  const returnTo = form.get('returnTo');
  if (typeof returnTo === 'string' && returnTo) throw redirect(withJoined(returnAddress(consultation.slug, returnTo)));
  return { errors, saved: true };
}

export default function AboutYou() {
  const { slug, question, fields, returnTo, continueTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, i18n } = useTranslation('forms');
  const [params] = useSearchParams();
  return (
    <div className="page page--narrow">
      <ConsultationLink slug={slug} question={question} />
      <h1>{t('aboutYou.title')}</h1>
      {params.get('joined') ? <FormMessage tone="success">{t('aboutYou.joined')}</FormMessage> : null}
      {data?.saved ? <FormMessage tone="success">{t('aboutYou.saved')}</FormMessage> : null}
      <p>{t('aboutYou.intro')}</p>
      {fields.length === 0 ? (
        <p className="empty-state">{t('aboutYou.none')}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          {fields.map(({ field, value, consentedAt }) => (
            <fieldset key={field} className="segment">
              <legend>{t(`segment.${field}`)}</legend>
              <Field
                label={t('aboutYou.answer')}
                id={`segment-${field}`}
                name={field}
                defaultValue={value}
                maxLength={100}
                error={data?.errors[field] ? t(data.errors[field]) : null}
              />
              <label className="checkbox">
                <input type="checkbox" name={`${field}-consent`} value="yes" defaultChecked={Boolean(consentedAt)} /> {t('aboutYou.consent')}
              </label>
              {consentedAt ? <p className="field__hint">{t('aboutYou.consentedOn', { date: formatDate(consentedAt, i18n.language) })}</p> : null}
            </fieldset>
          ))}
          <p className="button-row">
            <button type="submit" className="button">
              {returnTo ? t('aboutYou.saveAndContinue') : t('aboutYou.save')}
            </button>
            {continueTo ? (
              <Link className="button button--secondary" to={continueTo}>
                {t('aboutYou.skip')}
              </Link>
            ) : null}
          </p>
        </Form>
      )}
    </div>
  );
}
