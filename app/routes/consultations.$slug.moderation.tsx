import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { moduleManifests } from '../../modules/index';
import { pickLanguage } from '../../platform/i18n/languages';
import { isModuleInputError } from '../../platform/modules/errors';
import type { ModerationDecision } from '../../platform/modules/server';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { Field, FormMessage } from '../../platform/ui/form';
import { formatDate } from '../../platform/ui/format';
import { authorise } from '../server/consultation.server';
import { moderateItem, moderationQueueFor } from '../server/phases.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, type FormErrors } from '../validation';
import ideasStyles from '../styles/ideas.css';

export const handle = { i18n: ['common', 'moderation'] };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: ideasStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

/** The moderators' queue: what every module with contributions holds back or had reported. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.moderate');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, ['moderation', 'common']);
  const pick = (text: Partial<Record<string, string>>) => pickLanguage(text, locale, consultation.default_language);
  const queue = await moderationQueueFor(context.db, actor, consultation, locale);
  return {
    title: t('title'),
    slug: consultation.slug,
    question: pick(consultation.question),
    items: queue.map((item) => ({
      id: item.id,
      instanceId: item.instanceId,
      cause: item.cause,
      authorName: item.authorName,
      html: item.html,
      createdAt: item.createdAt,
      reports: item.reports,
      path: item.path,
      // Where it was written: "Discussion thread · Ideation".
      place: [moduleManifests[item.kind] ? pick(moduleManifests[item.kind]!.name).text : item.kind, t(`common:phases.${item.phase}`)].join(' · '),
    })),
  };
}

const id = z.string({ required_error: 'item.unknown', invalid_type_error: 'item.unknown' }).uuid('item.unknown');
const item = { instanceId: id, itemId: id };
const decisionSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('publish'), ...item }),
    z.object({
      decision: z.literal('hide'),
      ...item,
      reason: z.string({ required_error: 'reason.required', invalid_type_error: 'reason.required' }).trim().min(1, 'reason.required').max(500, 'reason.tooLong'),
    }),
    z.object({ decision: z.literal('dismiss'), ...item }),
  ],
  { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: 'decision.invalid' } : { message: ctx.defaultError }) },
);

type Refusal = { ok: null; itemId: string | null; errors: FormErrors };

/** A moderator's decision on one item: publish it, hide it with a reason, or dismiss its reports. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.moderate');
  const locale = await i18next.getLocale(request);
  const form = Object.fromEntries(await request.formData());
  const itemId = typeof form.itemId === 'string' ? form.itemId : null;
  const parsed = decisionSchema.safeParse(form);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    // Only the reason has a field of its own; anything else concerns the whole item.
    const { reason, ...rest } = errors;
    const formError = Object.values(rest)[0];
    return badRequest<Refusal>({ ok: null, itemId, errors: { ...(reason ? { reason } : {}), ...(formError ? { form: formError } : {}) } });
  }
  const input = parsed.data;
  const decision: ModerationDecision = input.decision === 'hide' ? { decision: 'hide', reason: input.reason } : { decision: input.decision };
  try {
    await moderateItem(context.db, {
      actor,
      consultation,
      instanceId: input.instanceId,
      itemId: input.itemId,
      decision,
      locale,
      events: context.realtime,
    });
  } catch (error) {
    if (isModuleInputError(error)) {
      const errors: FormErrors = error.field === 'reason' ? { reason: error.code } : { form: error.code === 'unknown' ? 'item.unknown' : error.code };
      return json<Refusal>({ ok: null, itemId, errors }, { status: error.status });
    }
    if (error instanceof Error && error.name === 'ModuleUnavailableError') return json<Refusal>({ ok: null, itemId, errors: { form: 'item.unknown' } }, { status: 404 });
    throw error;
  }
  return { ok: input.decision, itemId: input.itemId, errors: {} as FormErrors };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>['items'][number];

export default function Moderation() {
  const { slug, question, items } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation('moderation');
  // The decided item has left the queue: its confirmation, like an error on an unknown item, sits above it.
  const orphanError = data?.errors.form && !items.some((item) => item.id === data.itemId) ? data.errors.form : null;
  return (
    <div className="page">
      <ConsultationLink slug={slug} question={question} />
      <h1>{t('title')}</h1>
      {data?.ok ? <FormMessage tone="success">{t(`decided.${data.ok}`)}</FormMessage> : null}
      {orphanError ? <FormMessage tone="error">{t(`errors.${orphanError}`, { defaultValue: t('errors.refused') })}</FormMessage> : null}
      {items.length === 0 ? (
        <p className="empty-state">{t('empty')}</p>
      ) : (
        <>
          <p>{t('count', { count: items.length })}</p>
          <ol className="moderation-queue">
            {items.map((item) => (
              <li key={`${item.instanceId}-${item.id}`}>
                <QueueItem item={item} errors={data && !data.ok && data.itemId === item.id ? data.errors : null} />
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function QueueItem({ item, errors }: { item: Item; errors: FormErrors | null }) {
  const { t, i18n } = useTranslation('moderation');
  const busy = useNavigation().state === 'submitting';
  const heading = `item-${item.id}`;
  return (
    <article className={`moderation-item moderation-item--${item.cause}`} aria-labelledby={heading}>
      <h2 id={heading} className="moderation-item__heading">
        {item.cause === 'awaiting' ? t('cause.awaiting', { name: item.authorName }) : t('cause.reported', { name: item.authorName, count: item.reports.length })}
      </h2>
      <p className="muted">{t('item.meta', { date: formatDate(item.createdAt, i18n.language), place: item.place })}</p>
      {item.reports.length > 0 ? (
        <div className="moderation-item__reports">
          <h3>{t('item.reports')}</h3>
          <ul>
            {item.reports.map((report, index) => (
              <li key={index}>
                {report.reason} <span className="muted">· {formatDate(report.createdAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {/* Sanitised by the module when the contribution was saved. */}
      <div className="rich-text-view moderation-item__body" dangerouslySetInnerHTML={{ __html: item.html }} />
      <p>
        <Link to={item.path}>{t('item.context')}</Link>
      </p>
      {errors?.form ? <FormMessage tone="error">{t(`errors.${errors.form}`, { defaultValue: t('errors.refused') })}</FormMessage> : null}
      <div className="moderation-item__decisions">
        <Form method="post" className="inline-form">
          <input type="hidden" name="instanceId" value={item.instanceId} />
          <input type="hidden" name="itemId" value={item.id} />
          {item.cause === 'awaiting' ? (
            <button type="submit" name="decision" value="publish" className="button" disabled={busy}>
              {t('actions.publish')}
            </button>
          ) : (
            <button type="submit" name="decision" value="dismiss" className="button button--secondary" disabled={busy}>
              {t('actions.dismiss')}
            </button>
          )}
        </Form>
        <Form method="post" className="inline-form" noValidate>
          <input type="hidden" name="instanceId" value={item.instanceId} />
          <input type="hidden" name="itemId" value={item.id} />
          <input type="hidden" name="decision" value="hide" />
          <Field
            id={`reason-${item.id}`}
            label={t('actions.reason')}
            hint={t('actions.reasonHint')}
            name="reason"
            required
            maxLength={500}
            error={errors?.reason ? t(`errors.${errors.reason}`, { defaultValue: t('errors.refused') }) : null}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('actions.hide')}
          </button>
        </Form>
      </div>
    </article>
  );
}
