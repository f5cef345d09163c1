import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { can } from '../../platform/policy';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { FormMessage, SelectField } from '../../platform/ui/form';
import { formatDate } from '../../platform/ui/format';
import { authorise } from '../server/consultation.server';
import { consultationBySlug } from '../server/consultations.server';
import { ideasOf, ideaWithExtracts, setIdeaParent, type IdeaSummary } from '../server/ideas.server';
import { i18next } from '../i18n.server';
import { badRequest, noErrors, type FormErrors } from '../validation';
import ideasStyles from '../styles/ideas.css';

export const handle = { i18n: ['common', 'ideas'] };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: ideasStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.idea.title} · ${data.title}` : 'Plenum' }];

const uuid = z.string().uuid();

/** The idea named by `:ideaId`, of this consultation only: anything else is the 404 page. */
function requireIdeaId(ideaId: string | undefined): string {
  const parsed = uuid.safeParse(ideaId);
  if (!parsed.success) throw new Response('Idea not found', { status: 404 });
  return parsed.data;
}

/**
 * The ideas an idea may move under, in the order of the table of ideas: every idea but itself
 * and its own sub-ideas (the server refuses those too, as a loop).
 */
function possibleParents(ideas: IdeaSummary[], ideaId: string): { id: string; title: string; depth: number }[] {
  const children = new Map<string | null, IdeaSummary[]>();
  const known = new Set(ideas.map((idea) => idea.id));
  for (const idea of ideas) {
    const parent = idea.parentId && known.has(idea.parentId) ? idea.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), idea]);
  }
  const seen = new Set<string>();
  const options: { id: string; title: string; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const idea of children.get(parent) ?? []) {
      // The idea itself and everything below it cannot become its broader idea.
      if (idea.id === ideaId || seen.has(idea.id)) continue;
      seen.add(idea.id);
      options.push({ id: idea.id, title: idea.title, depth });
      walk(idea.id, depth + 1);
    }
  };
  walk(null, 0);
  return options;
}

/** One idea with its sources: the passages caught into it, each linking back to its place. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const ideaId = requireIdeaId(params.ideaId);
  const found = await ideaWithExtracts(context.db, consultation.id, ideaId);
  if (!found) throw new Response('Idea not found', { status: 404 });
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'ideas');
  const mayCatch = can(actor, 'ideas.catch', consultation);
  const [page, ideas] = await Promise.all([consultationBySlug(context.db, consultation.slug), mayCatch ? ideasOf(context.db, consultation.id) : Promise.resolve([])]);
  const pick = (text: LocalizedText) => pickLanguage(text, locale, consultation.default_language);
  const theme = (page?.themes ?? []).flatMap((one) => [one, ...one.children]).find((one) => one.id === found.idea.theme_id);
  const { idea } = found;
  return {
    title: t('title'),
    slug: consultation.slug,
    question: pick(consultation.question),
    idea: { id: idea.id, title: idea.title, description: idea.description, theme: theme ? pick(theme.title) : null },
    parent: found.parent,
    children: found.children,
    extracts: found.extracts.map((extract) => {
      // The post may be gone (its thread removed) or no longer shown (deleted, hidden): the quote stays.
      const standing = !extract.post_id || !extract.instance_id ? 'removed' : extract.post_status === 'published' ? 'published' : extract.post_status === 'deleted' ? 'deleted' : 'hidden';
      return {
        id: extract.id,
        quote: extract.quote,
        nature: extract.nature,
        nextStep: extract.next_step,
        important: extract.important,
        standing,
        // A deleted post keeps no author, as in the thread itself.
        author: standing === 'published' || standing === 'hidden' ? (extract.is_anonymous ? extract.pseudonym : extract.display_name) : null,
        postedAt: extract.post_created_at ? new Date(extract.post_created_at).toISOString() : null,
        href:
          standing === 'published'
            ? `/consultations/${consultation.slug}/modules/${extract.instance_id}?post=${extract.post_id}#extract-${extract.id}`
            : null,
      };
    }),
    mayCatch,
    parents: mayCatch ? possibleParents(ideas, idea.id) : [],
    currentParentId: idea.parent_id,
  };
}

const moveSchema = z.object({
  intent: z.literal('move'),
  parentId: z
    .string({ required_error: 'parent.unknown', invalid_type_error: 'parent.unknown' })
    .refine((value) => value === '' || uuid.safeParse(value).success, 'parent.unknown')
    .transform((value) => value || null),
});

/** An idea catcher moves the idea under a broader one, or back to the top level. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation } = await authorise(request, context, params.slug, 'ideas.catch');
  const ideaId = requireIdeaId(params.ideaId);
  const parsed = moveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === 'parentId' ? 'parentId' : 'form';
    return badRequest({ ok: false, errors: { [field]: field === 'form' ? 'form.invalid' : issue.message } as FormErrors });
  }
  const problem = await setIdeaParent(context.db, consultation.id, ideaId, parsed.data.parentId);
  if (problem === 'unknownIdea') throw new Response('Idea not found', { status: 404 });
  if (problem === 'cycle') return badRequest({ ok: false, errors: { parentId: 'parent.cycle' } as FormErrors });
  if (problem) return badRequest({ ok: false, errors: { parentId: 'parent.unknown' } as FormErrors });
  return { ok: true, errors: noErrors };
}

export default function Idea() {
  const { slug, question, title, idea, parent, children, extracts, mayCatch, parents, currentParentId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, i18n } = useTranslation('ideas');
  const busy = useNavigation().state === 'submitting';
  const ideaPath = (id: string) => `/consultations/${slug}/ideas/${id}`;
  return (
    <div className="page">
      <ConsultationLink slug={slug} question={question} />
      <p>
        <Link to={`/consultations/${slug}/ideas`}>{title}</Link>
      </p>
      <h1>{idea.title}</h1>
      {idea.description ? <p className="idea__description">{idea.description}</p> : null}
      <dl className="facts idea__facts">
        <dt>{t('idea.theme')}</dt>
        <dd>{idea.theme ? <span lang={idea.theme.lang}>{idea.theme.text}</span> : t('idea.noTheme')}</dd>
        <dt>{t('idea.parent')}</dt>
        <dd>{parent ? <Link to={ideaPath(parent.id)}>{parent.title}</Link> : t('idea.topLevel')}</dd>
        <dt>{t('idea.children')}</dt>
        <dd>
          {children.length === 0 ? (
            t('idea.noChildren')
          ) : (
            <ul className="plain-list">
              {children.map((child) => (
                <li key={child.id}>
                  <Link to={ideaPath(child.id)}>{child.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      {mayCatch ? (
        <section aria-labelledby="move-idea" className="panel">
          <h2 id="move-idea">{t('move.heading')}</h2>
          {data?.ok ? <FormMessage tone="success">{t('move.moved')}</FormMessage> : null}
          {data?.errors.form ? <FormMessage tone="error">{t(`errors.${data.errors.form}`)}</FormMessage> : null}
          <Form method="post" className="inline-form" noValidate key={currentParentId ?? 'top'}>
            <input type="hidden" name="intent" value="move" />
            <SelectField
              label={t('move.parent')}
              name="parentId"
              defaultValue={currentParentId ?? ''}
              options={[{ value: '', label: t('move.topLevel') }, ...parents.map((option) => ({ value: option.id, label: '— '.repeat(option.depth) + option.title }))]}
              error={data?.errors.parentId ? t(`errors.${data.errors.parentId}`) : null}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('move.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="extracts">
        <h2 id="extracts">{t('idea.extracts', { count: extracts.length })}</h2>
        {extracts.length === 0 ? (
          <p className="empty-state">{t('idea.noExtracts')}</p>
        ) : (
          <ol className="extract-list">
            {extracts.map((extract) => (
              <li key={extract.id} className={`extract${extract.important ? ' extract--important' : ''}`}>
                <figure>
                  <blockquote cite={extract.href ?? undefined}>
                    <p>{extract.quote}</p>
                  </blockquote>
                  <figcaption className="extract__source">
                    {extract.author && extract.postedAt
                      ? t('idea.postedBy', { name: extract.author, date: formatDate(extract.postedAt, i18n.language) })
                      : extract.postedAt
                        ? t('idea.postedOn', { date: formatDate(extract.postedAt, i18n.language) })
                        : null}
                  </figcaption>
                </figure>
                <p className="extract__tags">
                  {extract.important ? <strong className="important-badge">{t('idea.important')}</strong> : null}
                  <span>
                    {t('idea.nature')} {t(`natures.${extract.nature}`)}
                  </span>
                  <span>
                    {t('idea.nextStep')} {t(`nextSteps.${extract.nextStep}`)}
                  </span>
                </p>
                {extract.href ? (
                  <p>
                    <Link to={extract.href}>{t('idea.seeInConversation')}</Link>
                  </p>
                ) : (
                  <p className="extract__note">{t(`idea.source.${extract.standing}`)}</p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
