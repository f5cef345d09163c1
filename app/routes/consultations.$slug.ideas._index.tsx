import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { can } from '../../platform/policy';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { Field, FormMessage, SelectField } from '../../platform/ui/form';
import { authorise } from '../server/consultation.server';
import { consultationBySlug } from '../server/consultations.server';
import { createIdea, ideasOf, type IdeaProblem } from '../server/ideas.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, formObject, noErrors, type FormErrors } from '../validation';
import ideasStyles from '../styles/ideas.css';

export const handle = { i18n: ['common', 'ideas'] };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: ideasStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

/** The table of ideas: what the idea catchers harvested, broader ideas above their sub-ideas. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'ideas');
  const [ideas, page] = await Promise.all([ideasOf(context.db, consultation.id), consultationBySlug(context.db, consultation.slug)]);
  const pick = (text: LocalizedText) => pickLanguage(text, locale, consultation.default_language);
  // Themes, then each theme's sub-themes, in the order the strategist gave them.
  const themes = (page?.themes ?? []).flatMap((theme) => [
    { id: theme.id, title: pick(theme.title), level: 1 },
    ...theme.children.map((sub) => ({ id: sub.id, title: pick(sub.title), level: 2 })),
  ]);
  return {
    title: t('title'),
    slug: consultation.slug,
    question: pick(consultation.question),
    ideas,
    themes,
    mayCatch: can(actor, 'ideas.catch', consultation),
  };
}

const optionalId = (message: string) =>
  z
    .string({ invalid_type_error: message })
    .default('')
    .refine((value) => value === '' || z.string().uuid().safeParse(value).success, message)
    .transform((value) => value || null);

const newIdeaSchema = z.object({
  title: z.string({ required_error: 'title.required', invalid_type_error: 'title.required' }).trim().min(1, 'title.required').max(200, 'title.tooLong'),
  description: z.string({ invalid_type_error: 'description.tooLong' }).trim().max(5000, 'description.tooLong').default(''),
  themeId: optionalId('theme.unknown'),
  parentId: optionalId('parent.unknown'),
});

/** Where each refusal of the ideas' placement is shown, and with which message. */
const placementErrors: Record<IdeaProblem, { field: string; code: string }> = {
  unknownIdea: { field: 'form', code: 'idea.unknown' },
  unknownParent: { field: 'parentId', code: 'parent.unknown' },
  unknownTheme: { field: 'themeId', code: 'theme.unknown' },
  cycle: { field: 'parentId', code: 'parent.cycle' },
};
const isIdeaProblem = (value: string): value is IdeaProblem => Object.hasOwn(placementErrors, value);

/** An idea catcher creates an idea directly (ideas are also created while catching a passage). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, user } = await authorise(request, context, params.slug, 'ideas.catch');
  const form = formObject(await request.formData());
  const values = {
    title: typeof form.title === 'string' ? form.title : '',
    description: typeof form.description === 'string' ? form.description : '',
    themeId: typeof form.themeId === 'string' ? form.themeId : '',
    parentId: typeof form.parentId === 'string' ? form.parentId : '',
  };
  const parsed = newIdeaSchema.safeParse(form);
  if (!parsed.success) return badRequest({ ok: null, errors: fieldErrors(parsed.error), values });
  const created = await createIdea(context.db, consultation.id, parsed.data, user?.id ?? null);
  if (isIdeaProblem(created)) {
    const { field, code } = placementErrors[created];
    return badRequest({ ok: null, errors: { [field]: code } as FormErrors, values });
  }
  return { ok: { id: created, title: parsed.data.title }, errors: noErrors, values: null };
}

type IdeaRow = ReturnType<typeof useLoaderData<typeof loader>>['ideas'][number];

/**
 * The ideas in reading order, each with its depth and the idea it is shown under: broader ideas
 * first, their sub-ideas below. An idea whose broader idea is missing is shown at the top level;
 * none is shown twice.
 */
function outline(ideas: IdeaRow[]): { idea: IdeaRow; depth: number; under: string | null }[] {
  const known = new Set(ideas.map((idea) => idea.id));
  const children = new Map<string | null, IdeaRow[]>();
  for (const idea of ideas) {
    const parent = idea.parentId && known.has(idea.parentId) ? idea.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), idea]);
  }
  const seen = new Set<string>();
  const rows: { idea: IdeaRow; depth: number; under: string | null }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const idea of children.get(parent) ?? []) {
      if (seen.has(idea.id)) continue;
      seen.add(idea.id);
      rows.push({ idea, depth, under: parent });
      walk(idea.id, depth + 1);
    }
  };
  walk(null, 0);
  // Ideas caught in a loop of broader ideas (the server refuses loops, but none is ever lost).
  for (const idea of ideas) if (!seen.has(idea.id)) rows.push({ idea, depth: 0, under: null });
  return rows;
}

export default function Ideas() {
  const { slug, question, ideas, themes, mayCatch } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation('ideas');
  const busy = useNavigation().state === 'submitting';
  const rows = outline(ideas);
  const themeTitle = new Map(themes.map((theme) => [theme.id, theme.title]));
  const error = (field: string) => (data?.errors[field] ? t(`errors.${data.errors[field]}`) : null);

  // One level of the tree, as a list; each idea carries the list of its sub-ideas.
  const level = (parent: string | null): ReactNode => {
    const items = rows.filter((row) => row.under === parent);
    if (items.length === 0) return null;
    return (
      <ul className={parent === null ? 'idea-tree' : 'idea-tree idea-tree--nested'}>
        {items.map(({ idea }) => {
          const theme = idea.themeId ? themeTitle.get(idea.themeId) : undefined;
          return (
            <li key={idea.id} className="idea-tree__item">
              <Link to={`/consultations/${slug}/ideas/${idea.id}`} className="idea-tree__title">
                {idea.title}
              </Link>
              <span className="idea-tree__meta">
                <span>{t('tree.extracts', { count: idea.extracts })}</span>
                {idea.important > 0 ? <span className="important-badge">{t('tree.important', { count: idea.important })}</span> : null}
                {theme ? (
                  <span>
                    {t('tree.theme')} <span lang={theme.lang}>{theme.text}</span>
                  </span>
                ) : null}
              </span>
              {level(idea.id)}
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <div className="page">
      <ConsultationLink slug={slug} question={question} />
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      {mayCatch ? (
        <section aria-labelledby="new-idea" className="panel">
          <h2 id="new-idea">{t('create.heading')}</h2>
          {data?.ok ? (
            <FormMessage tone="success">
              {t('create.created', { title: data.ok.title })} <Link to={`/consultations/${slug}/ideas/${data.ok.id}`}>{t('create.open')}</Link>
            </FormMessage>
          ) : null}
          {data?.errors.form ? <FormMessage tone="error">{t(`errors.${data.errors.form}`)}</FormMessage> : null}
          {/* A new key after each idea saved empties the form for the next one. */}
          <Form method="post" className="stack" noValidate key={data?.ok?.id ?? 'new'}>
            <Field label={t('create.title')} name="title" required maxLength={200} defaultValue={data?.values?.title} error={error('title')} />
            <div className={`field${error('description') ? ' field--invalid' : ''}`}>
              <label htmlFor="field-description">{t('create.description')}</label>
              <textarea
                id="field-description"
                name="description"
                rows={4}
                maxLength={5000}
                defaultValue={data?.values?.description}
                aria-invalid={error('description') ? true : undefined}
                aria-describedby={error('description') ? 'field-description-error' : undefined}
              />
              {error('description') ? (
                <p className="field__error" id="field-description-error">
                  {error('description')}
                </p>
              ) : null}
            </div>
            <SelectField
              label={t('create.theme')}
              name="themeId"
              defaultValue={data?.values?.themeId ?? ''}
              options={[
                { value: '', label: t('create.noTheme') },
                ...themes.map((theme) => ({ value: theme.id, label: (theme.level === 2 ? '— ' : '') + theme.title.text, lang: theme.title.lang })),
              ]}
              error={error('themeId')}
            />
            <SelectField
              label={t('create.parent')}
              name="parentId"
              defaultValue={data?.values?.parentId ?? ''}
              options={[{ value: '', label: t('create.noParent') }, ...rows.map(({ idea, depth }) => ({ value: idea.id, label: '— '.repeat(depth) + idea.title }))]}
              error={error('parentId')}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('create.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="table-of-ideas">
        <h2 id="table-of-ideas">{t('tree.heading', { count: ideas.length })}</h2>
        {ideas.length === 0 ? <p className="empty-state">{t('empty')}</p> : level(null)}
      </section>
    </div>
  );
}
