import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  catchPassage,
  catchingFor,
  changesSince,
  deletePost,
  postViewerFor,
  editPost,
  hidePost,
  latestOf,
  moderatePost,
  moderationQueue,
  postChanged,
  reactionsOf,
  reportPost,
  toggleReaction,
  threadWindow,
  writePost,
} from '../../platform/contributions/posts.server';
import type { PostView } from '../../platform/contributions/post-state';
import { segmentFields, type SegmentField } from '../../platform/db/schema';
import type { LocalizedText } from '../../platform/i18n/languages';
import { pickLanguage } from '../../platform/i18n/languages';
import { isUuid } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext, ModuleServer } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import { answerSignal, maxQuestionChars, maxQuestions, revealRules, type OpenQuestion, type OpenQuestionsConfig } from './manifest';
import type { OpenQuestionsPageData, OpenQuestionsSettingsData, OpenQuestionsSummaryData, QuestionView, ReviewData, ReviewFilters } from './open-questions-data';

type Context = ModuleContext<OpenQuestionsConfig>;

const moduleName: LocalizedText = { fr: 'Questions ouvertes', en: 'Open questions' };
const likeOnly = ['like'] as const;
/** Answers a reviewer's page holds; the export has them all. */
const reviewPageSize = 500;

/** Moderators and reviewers read every answer whatever the reveal rule: it is their work. */
const seesEverything = (context: Context) =>
  can(context.actor, 'consultation.moderate', context.consultation) || can(context.actor, 'contributions.review', context.consultation);

/** The questions this person has answered (an answer awaiting moderation counts; a deleted one does not). */
async function answeredBy(context: Context): Promise<Set<string>> {
  const userId = context.actor.userId;
  if (!userId) return new Set();
  const rows = await context.db
    .selectFrom('posts')
    .select('topic')
    .distinct()
    .where('instance_id', '=', context.instance.id)
    .where('author_id', '=', userId)
    .where('parent_id', 'is', null)
    .where('status', '!=', 'deleted')
    .execute();
  return new Set(rows.map((row) => row.topic).filter((topic): topic is string => topic !== null));
}

/** Which questions' answers this reader may see. */
async function revealedTo(context: Context): Promise<(questionId: string) => boolean> {
  if (context.instance.config.reveal === 'atOnce' || seesEverything(context)) return () => true;
  const answered = await answeredBy(context);
  return (questionId) => answered.has(questionId);
}

/**
 * The context the shared posts get: with answers revealed only after answering, an answer's
 * content never goes to the room (everyone in it would read it); the room hears only that a
 * question's answers changed, and those who may read them reload.
 */
function guarded(context: Context): Context {
  if (context.instance.config.reveal === 'atOnce') return context;
  return {
    ...context,
    emit(event, payload) {
      if (event === postChanged) {
        const post = payload as PostView;
        context.emit(answerSignal, { questionId: post.topic });
        return;
      }
      context.emit(event, payload);
    },
  };
}

function questionOf(context: Context, value: FormDataEntryValue | null): OpenQuestion {
  const id = typeof value === 'string' && isUuid(value) ? value : null;
  const question = id ? context.instance.config.questions.find((q) => q.id === id) : undefined;
  return question ?? refuse('questionId', 'question.unknown', 404);
}

async function themesOf(context: Context) {
  return context.db
    .selectFrom('themes')
    .select(['id', 'title', 'parent_id', 'level', 'position'])
    .where('consultation_id', '=', context.consultation.id)
    .orderBy('level')
    .orderBy('position')
    .execute();
}

/** Themes in reading order: each theme followed by its sub-themes. */
function themeOrder(themes: Awaited<ReturnType<typeof themesOf>>) {
  const top = themes.filter((theme) => theme.parent_id === null);
  return top.flatMap((theme) => [theme, ...themes.filter((child) => child.parent_id === theme.id)]);
}

async function publishedCounts(context: Context): Promise<Map<string, number>> {
  const rows = await context.db
    .selectFrom('posts')
    .select(['topic', (eb) => eb.fn.countAll<string>().as('count')])
    .where('instance_id', '=', context.instance.id)
    .where('parent_id', 'is', null)
    .where('status', '=', 'published')
    .groupBy('topic')
    .execute();
  return new Map(rows.map((row) => [row.topic ?? '', Number(row.count)]));
}

// ---------------------------------------------------------------------------------------------
// Reviewing: every answer of a question (or of a theme's questions), filtered, and its export.

function reviewFilters(context: Context, query: URLSearchParams): ReviewFilters {
  const param = (name: string) => {
    const value = query.get(name);
    return value && value.trim() !== '' ? value.trim() : null;
  };
  const questionId = param('question');
  if (questionId && !context.instance.config.questions.some((q) => q.id === questionId)) refuse('question', 'question.unknown', 404);
  const theme = param('theme');
  if (theme && !isUuid(theme)) refuse('theme', 'theme.unknown', 404);
  // A segment is `field:value` (region:Bretagne), one choice in one list.
  const segment = param('segment');
  const [field, ...rest] = segment?.split(':') ?? [];
  const segmentField = field && (segmentFields as readonly string[]).includes(field) && rest.length > 0 ? (field as SegmentField) : null;
  if (segment && !segmentField) refuse('segment', 'segment.unknown');
  const language = param('language');
  if (language && !/^[a-z]{2}$/.test(language)) refuse('language', 'language.unknown');
  return { question: questionId, theme, segmentField, segmentValue: segmentField ? rest.join(':') : null, language };
}

/** The questions a review covers: one, or a theme's (with its sub-themes'), or all. */
async function reviewedQuestions(context: Context, filters: ReviewFilters): Promise<OpenQuestion[]> {
  const questions = context.instance.config.questions;
  if (filters.question) return questions.filter((q) => q.id === filters.question);
  if (!filters.theme) return questions;
  const themes = await themesOf(context);
  const covered = new Set([filters.theme, ...themes.filter((theme) => theme.parent_id === filters.theme).map((theme) => theme.id)]);
  return questions.filter((q) => q.themeId !== null && covered.has(q.themeId));
}

/**
 * Answers for a review, oldest first. Hidden and deleted answers are left out: a synthesis rests
 * on what participants may read (and on what still awaits a moderator). Segment values come only
 * from what their authors consented to give (participant_segments holds nothing else).
 */
async function reviewRows(context: Context, filters: ReviewFilters, limit: number | null) {
  const { db, consultation, instance } = context;
  const questions = await reviewedQuestions(context, filters);
  if (questions.length === 0) return { questions, rows: [], count: 0, segments: new Map<string, Partial<Record<SegmentField, string>>>() };
  let query = db
    .selectFrom('posts')
    .where('posts.instance_id', '=', instance.id)
    .where('posts.parent_id', 'is', null)
    .where('posts.topic', 'in', questions.map((q) => q.id))
    .where('posts.status', 'in', ['published', 'awaiting']);
  if (filters.language) query = query.where('posts.language', '=', filters.language);
  if (filters.segmentField && filters.segmentValue) {
    const { segmentField, segmentValue } = filters;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('participant_segments')
          .select(sql`1`.as('one'))
          .whereRef('participant_segments.user_id', '=', 'posts.author_id')
          .where('participant_segments.consultation_id', '=', consultation.id)
          .where('participant_segments.field', '=', segmentField)
          .where('participant_segments.value', '=', segmentValue),
      ),
    );
  }
  const counted = await query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirst();
  let listed = query
    .select([
      'posts.id',
      'posts.topic',
      'posts.author_id',
      'posts.body_html',
      'posts.body_text',
      'posts.language',
      'posts.status',
      'posts.created_at',
      (eb) =>
        eb
          .selectFrom('post_reactions')
          .select((inner) => inner.fn.countAll<string>().as('likes'))
          .whereRef('post_reactions.post_id', '=', 'posts.id')
          .where('post_reactions.kind', '=', 'like')
          .as('likes'),
    ])
    .orderBy('posts.created_at')
    .orderBy('posts.id');
  if (limit !== null) listed = listed.limit(limit);
  const rows = await listed.execute();
  const authors = [...new Set(rows.map((row) => row.author_id))];
  const segmentRows =
    authors.length === 0 || consultation.segment_fields.length === 0
      ? []
      : await db
          .selectFrom('participant_segments')
          .select(['user_id', 'field', 'value'])
          .where('consultation_id', '=', consultation.id)
          .where('field', 'in', consultation.segment_fields)
          .where('user_id', 'in', authors)
          .execute();
  const segments = new Map<string, Partial<Record<SegmentField, string>>>();
  for (const row of segmentRows) {
    const ofAuthor = segments.get(row.user_id) ?? {};
    ofAuthor[row.field] = row.value;
    segments.set(row.user_id, ofAuthor);
  }
  return { questions, rows, count: Number(counted?.count ?? 0), segments };
}

function requireReviewer(context: Context): void {
  if (!can(context.actor, 'contributions.review', context.consultation)) refuse('form', 'notAllowed', 403);
}

async function reviewOf(context: Context, query: URLSearchParams, slug: string): Promise<ReviewData> {
  const { db, consultation } = context;
  const filters = reviewFilters(context, query);
  const { rows, count, segments } = await reviewRows(context, filters, reviewPageSize);
  const [values, languages] = await Promise.all([
    consultation.segment_fields.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('participant_segments')
          .select(['field', 'value'])
          .distinct()
          .where('consultation_id', '=', consultation.id)
          .where('field', 'in', consultation.segment_fields)
          .orderBy('field')
          .orderBy('value')
          .limit(1000)
          .execute(),
    db.selectFrom('posts').select('language').distinct().where('instance_id', '=', context.instance.id).orderBy('language').execute(),
  ]);
  const segmentValues: Partial<Record<SegmentField, string[]>> = {};
  for (const row of values) (segmentValues[row.field] ??= []).push(row.value);
  const segment = filters.segmentField ? `${filters.segmentField}:${filters.segmentValue ?? ''}` : null;
  const exportQuery = new URLSearchParams(
    Object.entries({ question: filters.question, theme: filters.theme, segment, language: filters.language }).filter((entry): entry is [string, string] => entry[1] !== null),
  ).toString();
  return {
    filters,
    count,
    answers: rows.map((row) => ({
      id: row.id,
      questionId: row.topic ?? '',
      html: row.body_html,
      language: row.language,
      createdAt: row.created_at.toISOString(),
      likes: Number(row.likes ?? 0),
      status: row.status,
      segments: segments.get(row.author_id) ?? {},
    })),
    segmentFields: consultation.segment_fields,
    segmentValues,
    languages: [...new Set([...consultation.languages, ...languages.map((row) => row.language)])],
    exportHref: `/consultations/${slug}/modules/${context.instance.id}/export${exportQuery ? `?${exportQuery}` : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Settings

const revealSchema = z.enum(revealRules);

/**
 * Reads the settings form: rows `q-<n>-id`, `q-<n>-theme`, `q-<n>-text-<lang>`, `q-<n>-remove`
 * (an empty id is a new question), and `reveal`. A question keeps its id, as answers point to it;
 * one that holds answers cannot be removed.
 */
async function saveSettings(context: Context, form: FormData): Promise<OpenQuestionsConfig> {
  const { consultation, instance } = context;
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const reveal = revealSchema.safeParse(form.get('reveal'));
  if (!reveal.success) refuse('reveal', 'reveal.invalid');
  const themes = new Set((await themesOf(context)).map((theme) => theme.id));
  const answers = await publishedOrPendingAnswers(context);
  const rows = [...new Set([...form.keys()].map((key) => /^q-(\d{1,3})-id$/.exec(key)?.[1]).filter((n): n is string => n !== undefined))].sort((a, b) => Number(a) - Number(b));
  const known = new Map(instance.config.questions.map((q) => [q.id, q]));
  const kept = new Set<string>();
  const questions: OpenQuestion[] = [];
  for (const row of rows) {
    const field = (name: string) => `q-${row}-${name}`;
    const id = text(field('id'));
    if (id !== '' && !known.has(id)) refuse(field('id'), 'question.unknown', 404);
    if (id !== '' && kept.has(id)) refuse(field('id'), 'question.unknown');
    const texts: Record<string, string> = {};
    for (const lang of consultation.languages) {
      const value = text(field(`text-${lang}`));
      if (value.length > maxQuestionChars) refuse(field(`text-${lang}`), 'question.tooLong');
      if (value !== '') texts[lang] = value;
    }
    const removing = form.get(field('remove')) === 'on';
    if (removing) {
      if (id !== '' && (answers.get(id) ?? 0) > 0) refuse(field('remove'), 'question.hasAnswers', 409);
      continue;
    }
    if (Object.keys(texts).length === 0) {
      // A blank new row is the form's spare one: nothing to add.
      if (id === '') continue;
      refuse(field(`text-${consultation.languages[0] ?? 'fr'}`), 'question.textRequired');
    }
    const themeId = text(field('theme')) || null;
    if (themeId !== null && !themes.has(themeId)) refuse(field('theme'), 'theme.unknown');
    if (id !== '') kept.add(id);
    // Languages the consultation no longer offers keep their text (it may offer them again).
    const earlier = id !== '' ? known.get(id)!.text : {};
    const others = Object.fromEntries(Object.entries(earlier).filter(([lang]) => !consultation.languages.includes(lang)));
    questions.push({ id: id || randomUUID(), themeId, text: { ...others, ...texts } as Record<string, string> });
  }
  // A question left out of the form (another strategist's page was older) is kept, not lost.
  for (const question of instance.config.questions) {
    if (!kept.has(question.id) && !rows.some((row) => text(`q-${row}-id`) === question.id)) questions.push(question);
  }
  if (questions.length > maxQuestions) refuse('form', 'question.tooMany');
  return { questions, reveal: reveal.data! };
}

async function publishedOrPendingAnswers(context: Context): Promise<Map<string, number>> {
  const rows = await context.db
    .selectFrom('posts')
    .select(['topic', (eb) => eb.fn.countAll<string>().as('count')])
    .where('instance_id', '=', context.instance.id)
    .where('parent_id', 'is', null)
    .where('status', '!=', 'deleted')
    .groupBy('topic')
    .execute();
  return new Map(rows.map((row) => [row.topic ?? '', Number(row.count)]));
}

// ---------------------------------------------------------------------------------------------

export const openQuestionsServer: ModuleServer<OpenQuestionsConfig, OpenQuestionsSummaryData, OpenQuestionsPageData, OpenQuestionsSettingsData> = {
  id: 'open-questions',

  async load(context) {
    const row = await context.db
      .selectFrom('posts')
      .select((eb) => [eb.fn.countAll<string>().as('answers'), eb.fn.count<string>('author_id').distinct().as('respondents')])
      .where('instance_id', '=', context.instance.id)
      .where('parent_id', 'is', null)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return { title: moduleName, questions: context.instance.config.questions.length, answers: Number(row?.answers ?? 0), respondents: Number(row?.respondents ?? 0) };
  },

  async page(context, query) {
    const { db, actor, consultation, instance } = context;
    const mayReview = can(actor, 'contributions.review', consultation);
    const [revealed, answered, counts, themes, latest] = await Promise.all([
      revealedTo(context),
      answeredBy(context),
      publishedCounts(context),
      themesOf(context),
      latestOf(db, instance.id),
    ]);
    // The reviewers' page lists answers without names: it carries none of the participants' view.
    const reviewing = mayReview && query.has('review');
    const around = query.get('post');
    const posts: PostView[] = [];
    const questions: QuestionView[] = [];
    let focus: string | null = null;
    for (const question of instance.config.questions) {
      const shown = revealed(question.id);
      // Before answering, a reader's window holds only their own posts (none): the rule holds here.
      const window = !reviewing && (shown || answered.has(question.id)) ? await threadWindow(context, { around: around && isUuid(around) ? around : undefined }, question.id) : null;
      const kept = (window?.posts ?? []).filter((post) => post.parentId === null && (shown || post.author?.id === actor.userId));
      posts.push(...kept);
      focus ??= window?.focus ?? null;
      questions.push({
        id: question.id,
        themeId: question.themeId,
        text: question.text,
        answers: counts.get(question.id) ?? 0,
        answered: answered.has(question.id),
        revealed: shown,
        hasMore: shown && Boolean(window?.hasLater),
      });
    }
    const mayModerate = can(actor, 'consultation.moderate', consultation);
    return {
      title: moduleName,
      reveal: instance.config.reveal,
      questions,
      themes: themeOrder(themes).map((theme) => ({ id: theme.id, title: theme.title })),
      posts,
      viewer: { ...postViewerFor(context), mayReview },
      catching: await catchingFor(context),
      myReactions: await reactionsOf(db, actor.userId, posts.map((post) => post.id)),
      latestChange: latest.change,
      latestSeq: latest.seq,
      focus,
      review: reviewing ? await reviewOf(context, query, consultation.slug) : null,
    };
  },

  async changesSince(context, since) {
    const [changes, revealed] = await Promise.all([changesSince(context, since), revealedTo(context)]);
    const userId = context.actor.userId;
    return { ...changes, posts: changes.posts.filter((post) => post.topic !== null && (revealed(post.topic) || (userId !== null && post.author?.id === userId))) };
  },

  actions: {
    /** One answer per person and question (they edit it afterwards); answers take no replies. */
    async answer(context, form) {
      const question = questionOf(context, form.get('questionId'));
      if (!can(context.actor, 'contributions.post', context.consultation)) refuse('form', 'notAllowed', 403);
      if (!context.actor.userId) refuse('form', 'signInNeeded', 403);
      const body = new FormData();
      body.set('body', form.get('body') ?? '');
      const written = await writePost(guarded(context), body, { topic: question.id, onePerAuthor: 'answer.exists' });
      return { ...written, questionId: question.id };
    },
    edit: (context, form) => editPost(guarded(context), form),
    delete: (context, form) => deletePost(guarded(context), form),
    react: (context, form) => toggleReaction(guarded(context), form, likeOnly),
    report: (context, form) => reportPost(guarded(context), form),
    hide: (context, form) => hidePost(guarded(context), form),
    catch: (context, form) => catchPassage(guarded(context), form),
  },

  moderation: {
    queue: (context, slug) => moderationQueue(context, slug),
    decide: (context, itemId, decision) => moderatePost(guarded(context), itemId, decision),
  },

  settings: {
    async load(context) {
      const [themes, answers] = await Promise.all([themesOf(context), publishedOrPendingAnswers(context)]);
      return {
        themes: themeOrder(themes).map((theme) => ({ id: theme.id, title: theme.title, parentId: theme.parent_id })),
        answersByQuestion: Object.fromEntries(context.instance.config.questions.map((q) => [q.id, answers.get(q.id) ?? 0])),
      };
    },
    save: saveSettings,
  },

  async download(context, query) {
    requireReviewer(context);
    const filters = reviewFilters(context, query);
    const { questions, rows, segments } = await reviewRows(context, filters, null);
    const { consultation, locale } = context;
    const questionText = new Map(questions.map((q) => [q.id, pickLanguage(q.text, locale, consultation.default_language).text]));
    const day = new Date().toISOString().slice(0, 10);
    return {
      filename: `open-questions-${consultation.slug}-${day}.csv`,
      rows: rows.map((row) => ({
        question: questionText.get(row.topic ?? '') ?? '',
        answer: row.body_text,
        language: row.language,
        written_at: row.created_at.toISOString(),
        likes: Number(row.likes ?? 0),
        status: row.status,
        ...Object.fromEntries(consultation.segment_fields.map((field) => [field, segments.get(row.author_id)?.[field] ?? null])),
      })),
    };
  },

  async exportRows(context) {
    const { db, instance, consultation } = context;
    const rows = await db
      .selectFrom('posts')
      .select(['id', 'topic', 'created_at', 'body_text', 'language'])
      .where('instance_id', '=', instance.id)
      .where('parent_id', 'is', null)
      .where('status', '=', 'published')
      .orderBy('created_at')
      .execute();
    const questionText = new Map(instance.config.questions.map((q) => [q.id, pickLanguage(q.text, consultation.default_language, consultation.default_language).text]));
    return rows.map((row) => ({
      module: 'open-questions',
      phase: instance.phase,
      question: questionText.get(row.topic ?? '') ?? '',
      answer: row.id,
      language: row.language,
      written_at: row.created_at.toISOString(),
      text: row.body_text,
    }));
  },

  candidateItems: async () => 0,
};
