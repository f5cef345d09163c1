import { Link, useActionData, useFetcher } from '@remix-run/react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import type { ModulePageProps } from '../../platform/modules/manifest';
import type { PostView } from '../../platform/contributions/post-state';
import { FormMessage } from '../../platform/ui/form';
import { focusFirstError, guard, useAnswer } from '../../platform/ui/posts/post-forms';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import { PostItem } from '../../platform/ui/posts/post-item';
import { splitErrors, useEditorLabels, usePostPanel, type PanelKind, type PostActionData } from '../../platform/ui/posts/post-ui';
import { usePostsLive } from '../../platform/ui/posts/use-posts-live';
import { RichTextEditor } from '../../platform/ui/rich-text-editor';
import type { OpenQuestionsConfig } from './manifest';
import type { OpenQuestionsPageData, QuestionView } from './open-questions-data';
import { OpenQuestionsReview } from './open-questions-review';
import { useAnswerSignals } from './use-answer-signals';

const likeOnly = ['like'] as const;

/** The sentence for an error code: this module's words first, then the shared posts' ones. */
export function useAnswerErrorText(): (code: string) => string {
  const { t } = useTranslation(['open-questions', 'posts']);
  return (code) => t(`open-questions:errors.${code}`, { defaultValue: t(`posts:errors.${code}`, { defaultValue: t('posts:errors.generic') }) });
}

type Pick = (text: LocalizedText) => { text: string; lang: string };
type AnswerFetcher = ReturnType<typeof useFetcher<PostActionData>>;

/**
 * The open questions' page: the questions grouped by theme, an answer form under each, and the
 * others' answers once the reader may see them (after answering, or at once, as the strategist
 * chose), kept up to date live. Reviewers (`?review`) get every answer, filtered, and the export.
 */
export function OpenQuestionsPage(props: ModulePageProps<OpenQuestionsConfig, OpenQuestionsPageData>) {
  const { data, open, slug, instanceId, locale, defaultLanguage } = props;
  const { t } = useTranslation('open-questions');
  const pick: Pick = (text) => pickLanguage(text, locale, defaultLanguage);
  if (data.review) return <OpenQuestionsReview data={data} review={data.review} slug={slug} instanceId={instanceId} locale={locale} pick={pick} />;
  return <Questions {...props} pick={pick} t={t} />;
}

function Questions({
  data,
  open,
  slug,
  instanceId,
  locale,
  defaultLanguage,
  pick,
  t,
}: ModulePageProps<OpenQuestionsConfig, OpenQuestionsPageData> & { pick: Pick; t: (key: string, options?: Record<string, unknown>) => string }) {
  const { t: tp } = useTranslation('posts');
  const actionData = useActionData<PostActionData>();
  const { viewer } = data;
  const title = pick(data.title);

  const revealed = useMemo(() => new Set(data.questions.filter((q) => q.revealed || q.answered).map((q) => q.id)), [data.questions]);
  const signals = useAnswerSignals({ enabled: data.reveal === 'afterAnswering', follows: (questionId) => revealed.has(questionId) });
  const loaded = useMemo(() => ({ posts: data.posts, hasEarlier: false, hasLater: false }), [data]);
  const live = usePostsLive({ slug, instanceId, loaded, latestChange: data.latestChange, latestSeq: data.latestSeq, viewerId: viewer.userId, ...signals });

  // A post's form opened by a link (?post=…&panel=…) works without JavaScript; with it, buttons open them.
  const { panelOf } = usePostPanel(actionData);

  const byQuestion = useMemo(() => {
    const grouped = new Map<string, PostView[]>();
    for (const post of live.window.posts) {
      // A deleted answer leaves no placeholder: answers do not hold a conversation whose context it would keep.
      if (post.topic === null || post.parentId !== null || post.status === 'deleted' || !revealed.has(post.topic)) continue;
      grouped.set(post.topic, [...(grouped.get(post.topic) ?? []), post]);
    }
    return grouped;
  }, [live.window.posts, revealed]);

  // Questions without a theme first, then each theme's, in the consultation's order of themes.
  const groups = [
    { id: null as string | null, title: null as LocalizedText | null },
    ...data.themes.map((theme) => ({ id: theme.id as string | null, title: theme.title as LocalizedText | null })),
  ]
    .map((group) => ({ ...group, questions: data.questions.filter((q) => q.themeId === group.id || (group.id === null && q.themeId !== null && !data.themes.some((theme) => theme.id === q.themeId))) }))
    .filter((group) => group.questions.length > 0);
  const postHref = (postId: string) => `#post-${postId}`;
  const panelHref = (postId: string, kind: PanelKind) => `?post=${postId}&panel=${kind}#post-${postId}`;
  const noJsAnswer = actionData?.intent === 'answer' ? actionData : undefined;

  return (
    <div className="open-questions thread-page">
      <header className="open-questions__header">
        <p className="thread-page__kicker">{t('page.kicker')}</p>
        <h1 lang={title.lang}>{title.text}</h1>
        <p>{data.reveal === 'afterAnswering' ? t('page.introAfterAnswering') : t('page.introAtOnce')}</p>
        {viewer.mayReview ? (
          <p>
            <Link to="?review">{t('page.reviewLink')}</Link>
          </p>
        ) : null}
      </header>

      {!open ? <p className="notice">{t('page.readOnly')}</p> : null}
      {live.status === 'offline' ? <p className="notice">{tp('page.offline')}</p> : null}
      {noJsAnswer && !noJsAnswer.ok ? <AnswerErrors codes={Object.values(noJsAnswer.errors)} /> : null}

      {open && !viewer.mayPost ? (
        <JoinPanel slug={slug} userId={viewer.userId} mayJoin={viewer.mayJoin} heading={t('join.heading')} intro={t('join.intro')} signInPrompt={t('join.signInToAnswer')} />
      ) : null}

      {data.questions.length === 0 ? <p className="empty-state">{t('page.empty')}</p> : null}

      {groups.map((group) => {
        const groupTitle = group.title ? pick(group.title) : null;
        const headingId = `open-questions-theme-${group.id ?? 'general'}`;
        return (
          <section key={group.id ?? 'general'} aria-labelledby={headingId} className="open-questions__theme">
            <h2 id={headingId} lang={groupTitle?.lang}>
              {groupTitle ? groupTitle.text : t('page.generalQuestions')}
            </h2>
            {group.questions.map((question) => {
              const posts = byQuestion.get(question.id) ?? [];
              const mine = posts.filter((post) => viewer.userId !== null && post.author?.id === viewer.userId);
              const others = posts.filter((post) => !mine.includes(post));
              const item = (post: PostView) => (
                <PostItem
                  key={post.id}
                  post={post}
                  parent={null}
                  // Answers take no replies: the reply button stays away.
                  viewer={{ ...viewer, mayPost: false }}
                  open={open}
                  mine={data.myReactions[post.id] ?? []}
                  isNew={live.fresh.has(post.id)}
                  focused={data.focus === post.id}
                  {...panelOf(post.id)}
                  catching={data.catching}
                  slug={slug}
                  locale={locale}
                  defaultLanguage={defaultLanguage}
                  postHref={postHref}
                  panelHref={panelHref}
                  history={null}
                  reactionKinds={likeOnly}
                />
              );
              return (
                <Question
                  key={question.id}
                  question={question}
                  text={pick(question.text)}
                  mayAnswer={open && viewer.mayPost}
                  preModerated={viewer.preModeration && !viewer.mayModerate}
                  mine={mine.map(item)}
                  others={others.map(item)}
                  othersCount={others.length}
                />
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

function AnswerErrors({ codes }: { codes: string[] }) {
  const errorText = useAnswerErrorText();
  if (codes.length === 0) return null;
  return <FormMessage tone="error">{codes.map(errorText).join(' ')}</FormMessage>;
}

/** One question: its answer form or the reader's answer, then what others said (when the reader may see it). */
function Question({
  question,
  text,
  mayAnswer,
  preModerated,
  mine,
  others,
  othersCount,
}: {
  question: QuestionView;
  text: { text: string; lang: string };
  mayAnswer: boolean;
  preModerated: boolean;
  mine: JSX.Element[];
  others: JSX.Element[];
  othersCount: number;
}) {
  const { t } = useTranslation('open-questions');
  // Here rather than in the form: the form goes away as soon as the page knows the question is answered.
  const fetcher = useFetcher<PostActionData>();
  const [sent, setSent] = useState<'published' | 'awaiting' | null>(null);
  useAnswer(fetcher, (done) => {
    if (done.ok) setSent((done.result as { status?: string } | undefined)?.status === 'awaiting' ? 'awaiting' : 'published');
  });
  const headingId = `question-${question.id}`;
  return (
    <section aria-labelledby={headingId} className="open-question panel" id={`q-${question.id}`}>
      <h3 id={headingId} lang={text.lang} className="open-question__text">
        {text.text}
      </h3>
      <p className="open-question__count">{t('question.answers', { count: question.answers })}</p>
      <div role="status">{sent ? <p className="form-message form-message--success">{t(sent === 'awaiting' ? 'answer.awaiting' : 'answer.published')}</p> : null}</div>

      {question.answered && mine.length > 0 ? (
        <div className="open-question__mine">
          <h4>{t('question.yourAnswer')}</h4>
          <div className="thread-posts">{mine}</div>
        </div>
      ) : mayAnswer && !question.answered ? (
        <AnswerForm fetcher={fetcher} question={question} questionText={text.text} preModerated={preModerated} />
      ) : null}

      {question.revealed ? (
        <div className="open-question__others">
          <h4>{t('question.othersHeading')}</h4>
          {othersCount === 0 ? <p className="empty-state">{t('question.noOthers')}</p> : <div className="thread-posts">{others}</div>}
          {question.hasMore ? <p className="field__hint">{t('question.more')}</p> : null}
        </div>
      ) : question.answers > 0 || mayAnswer ? (
        <p className="open-question__locked">{mayAnswer ? t('question.answerToSee') : t('question.hiddenUntilAnswered')}</p>
      ) : null}
    </section>
  );
}

/** The answer to one question: rich text, posted to the module's `answer` action with the question's id. */
function AnswerForm({ fetcher, question, questionText, preModerated }: { fetcher: AnswerFetcher; question: QuestionView; questionText: string; preModerated: boolean }) {
  const { t } = useTranslation('open-questions');
  const { t: tp } = useTranslation('posts');
  const formRef = useRef<HTMLFormElement>(null);
  const labels = useEditorLabels();
  const errorText = useAnswerErrorText();
  const errors = splitErrors(fetcher.data && !fetcher.data.ok ? fetcher.data.errors : undefined, ['body']);
  useAnswer(fetcher, (done) => {
    if (!done.ok) focusFirstError(formRef.current);
  });
  const busy = fetcher.state !== 'idle';
  const fieldId = `answer-${question.id}`;
  return (
    <fetcher.Form method="post" ref={formRef} className="stack thread-form open-question__form" onSubmit={guard(fetcher)}>
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="questionId" value={question.id} />
      {errors.form.length > 0 ? <FormMessage tone="error">{errors.form.map(errorText).join(' ')}</FormMessage> : null}
      <RichTextEditor
        id={fieldId}
        name="body"
        label={t('answer.label')}
        hint={preModerated ? `${t('answer.hint', { question: questionText })} ${tp('write.preModeration')}` : t('answer.hint', { question: questionText })}
        labels={labels}
        error={errors.fields.body ? errorText(errors.fields.body) : null}
      />
      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? tp('write.sending') : t('answer.submit')}
        </button>
      </div>
    </fetcher.Form>
  );
}

