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
  reactionsOf,
  reportPost,
  toggleReaction,
  topicPosts,
  topicStats,
  writePost,
} from '../../platform/contributions/posts.server';
import { formText, isUuid } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext, ModuleServer } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import { parseRichText, renderRichText } from '../../platform/rich-text/rich-text.server';
import type { RichTextDoc } from '../../platform/rich-text/extensions';
import { contrastWithWhite, isHexColor, minContrast } from '../../platform/colors';
import { argumentOrders, maxColumns, minColumns, placeOf, topicOf, type ArgumentOrder } from './columns';
import { twoColumnManifest, type Column, type TwoColumnConfig } from './manifest';
import {
  maxSummaryChars,
  summaryChanged,
  type ChosenIdea,
  type ColumnSummaryView,
  type TwoColumnPageData,
  type TwoColumnSettingsData,
  type TwoColumnSummaryData,
} from './two-column-data';

type Context = ModuleContext<TwoColumnConfig>;

/** The chosen ideas that still exist, in the strategist's order, with their extracts and arguments per column. */
async function chosenIdeas({ db, consultation, instance }: Context): Promise<ChosenIdea[]> {
  const ids = instance.config.ideaIds;
  if (ids.length === 0) return [];
  const [rows, stats] = await Promise.all([
    db
      .selectFrom('ideas')
      .leftJoin('extracts', 'extracts.idea_id', 'ideas.id')
      .select((eb) => ['ideas.id', 'ideas.title', 'ideas.description', eb.fn.count<string>('extracts.id').as('extracts')])
      .where('ideas.consultation_id', '=', consultation.id)
      .where('ideas.id', 'in', ids)
      .groupBy('ideas.id')
      .execute(),
    topicStats(db, instance.id),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const counts = Object.fromEntries(instance.config.columns.map((column) => [column.key, stats.find((stat) => stat.topic === topicOf(id, column.key))?.posts ?? 0]));
    return [{ id: row.id, title: row.title, description: row.description, extracts: Number(row.extracts), arguments: counts }];
  });
}

/** Where an argument goes: an idea of this phase and one of its columns, else a refusal with a message. */
async function placeFor(context: Context, ideaId: string, columnKey: string): Promise<{ ideaId: string; column: Column }> {
  const { db, consultation, instance } = context;
  if (!isUuid(ideaId) || !instance.config.ideaIds.includes(ideaId)) refuse('ideaId', 'idea.notChosen');
  const column = instance.config.columns.find((candidate) => candidate.key === columnKey) ?? refuse('column', 'column.unknown');
  const idea = await db.selectFrom('ideas').select('id').where('id', '=', ideaId).where('consultation_id', '=', consultation.id).executeTakeFirst();
  if (!idea) refuse('ideaId', 'idea.notChosen');
  return { ideaId, column: column! };
}

/**
 * A new argument in a column of an idea (`ideaId`, `column`), or a reply (`parentId`: it stays
 * in its parent's column, which the shared posts check).
 */
async function argue(context: Context, form: FormData) {
  if (!can(context.actor, 'contributions.post', context.consultation)) refuse('form', 'notAllowed', 403);
  let ideaId = formText(form, 'ideaId');
  let column = formText(form, 'column');
  const parentId = formText(form, 'parentId');
  if (parentId && !ideaId && !column) {
    // A reply from an argument's own form names only what it answers.
    const parent = isUuid(parentId)
      ? await context.db.selectFrom('posts').select('topic').where('id', '=', parentId).where('instance_id', '=', context.instance.id).executeTakeFirst()
      : undefined;
    const place = placeOf(parent?.topic ?? null) ?? refuse('parentId', 'parent.elsewhere');
    ideaId = place!.ideaId;
    column = place!.column;
  }
  const place = await placeFor(context, ideaId, column);
  const written = await writePost(context, form, { topic: topicOf(place.ideaId, place.column.key) });
  return { ...written, ideaId: place.ideaId, column: place.column.key };
}

function toSummaryView(row: { idea_id: string; column_key: string; body: unknown; body_html: string; updated_at: Date; display_name: string | null; pseudonym: string | null; is_anonymous: boolean | null }): ColumnSummaryView {
  return {
    ideaId: row.idea_id,
    column: row.column_key,
    html: row.body_html,
    doc: row.body as RichTextDoc,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.is_anonymous ? row.pseudonym : row.display_name,
  };
}

function summaryQuery({ db, instance }: Context) {
  return db
    .selectFrom('column_summaries')
    .leftJoin('users', 'users.id', 'column_summaries.updated_by')
    .select(['column_summaries.idea_id', 'column_summaries.column_key', 'column_summaries.body', 'column_summaries.body_html', 'column_summaries.updated_at', 'users.display_name', 'users.pseudonym', 'users.is_anonymous'])
    .where('column_summaries.instance_id', '=', instance.id);
}

/** A synthesizer writes (or rewrites) the summary at the top of a column; everyone following the idea sees it at once. */
async function summarise(context: Context, form: FormData): Promise<{ ideaId: string; column: string; updatedAt: string }> {
  const { db, actor, consultation, instance } = context;
  if (!can(actor, 'syntheses.write', consultation)) refuse('form', 'notAllowed', 403);
  const place = await placeFor(context, formText(form, 'ideaId'), formText(form, 'column'));
  const parsed = parseRichText(form.get('body'), { maxChars: maxSummaryChars });
  if (!parsed.ok) refuse('body', `summary.${parsed.error}`);
  const doc = (parsed as { doc: RichTextDoc }).doc;
  const values = { body: JSON.stringify(doc), body_html: renderRichText(doc), updated_at: new Date(), updated_by: actor.userId };
  await db
    .insertInto('column_summaries')
    .values({ instance_id: instance.id, idea_id: place.ideaId, column_key: place.column.key, ...values })
    .onConflict((oc) => oc.columns(['instance_id', 'idea_id', 'column_key']).doUpdateSet(values))
    .execute();
  const row = await summaryQuery(context).where('column_summaries.idea_id', '=', place.ideaId).where('column_summaries.column_key', '=', place.column.key).executeTakeFirstOrThrow();
  const view = toSummaryView(row);
  context.emit(summaryChanged, view);
  return { ideaId: view.ideaId, column: view.column, updatedAt: view.updatedAt };
}

/** The settings form's columns: `column` names each key in order, with `label_<key>_<lang>` and `color_<key>`. */
function columnsFromForm(context: Context, form: FormData): Column[] {
  const { consultation } = context;
  const keys = form.getAll('column').map(String);
  if (keys.length < minColumns) refuse('columns', 'columns.tooFew');
  if (keys.length > maxColumns) refuse('columns', 'columns.tooMany');
  if (new Set(keys).size !== keys.length || keys.some((key) => !/^[a-z]{1,8}$/.test(key))) refuse('columns', 'columns.invalid');
  return keys.map((key) => {
    const label: Record<string, string> = {};
    for (const lang of consultation.languages) {
      const value = formText(form, `label_${key}_${lang}`).trim();
      if (value.length > 60) refuse(`label_${key}_${lang}`, 'label.tooLong');
      if (value) label[lang] = value;
    }
    if (!label[consultation.default_language]) refuse(`label_${key}_${consultation.default_language}`, 'label.required');
    const color = formText(form, `color_${key}`).trim().toLowerCase();
    if (!isHexColor(color)) refuse(`color_${key}`, 'color.invalid');
    if (contrastWithWhite(color) < minContrast) refuse(`color_${key}`, 'color.lowContrast');
    return { key, label, color };
  });
}

async function columnsInUse({ db, instance }: Context): Promise<string[]> {
  const stats = await db.selectFrom('posts').select('topic').distinct().where('instance_id', '=', instance.id).where('topic', 'is not', null).execute();
  return [...new Set(stats.map((row) => placeOf(row.topic)?.column).filter((key): key is string => Boolean(key)))];
}

export const twoColumnServer: ModuleServer<TwoColumnConfig, TwoColumnSummaryData, TwoColumnPageData, TwoColumnSettingsData> = {
  id: twoColumnManifest.id,

  async load(context) {
    const [ideas, stats] = await Promise.all([chosenIdeas(context), topicStats(context.db, context.instance.id)]);
    const contributors = await context.db
      .selectFrom('posts')
      .select((eb) => eb.fn.count<string>('author_id').distinct().as('count'))
      .where('instance_id', '=', context.instance.id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return {
      ideas: ideas.map((idea) => ({ id: idea.id, title: idea.title })),
      arguments: stats.reduce((sum, stat) => sum + stat.posts, 0),
      contributors: Number(contributors?.count ?? 0),
    };
  },

  async page(context, query) {
    const { db, actor, consultation, instance } = context;
    const ideas = await chosenIdeas(context);
    const wanted = query.get('idea') ?? '';
    const linked = query.get('post') ?? '';
    let ideaId = wanted;
    // A link to an argument (from the moderation queue…) opens its idea.
    if (!ideaId && isUuid(linked)) {
      const post = await db.selectFrom('posts').select('topic').where('id', '=', linked).where('instance_id', '=', instance.id).executeTakeFirst();
      ideaId = placeOf(post?.topic ?? null)?.ideaId ?? '';
    }
    const idea = ideas.find((candidate) => candidate.id === ideaId) ?? null;
    const sortParam = query.get('sort') as ArgumentOrder | null;
    const sort = sortParam && argumentOrders.includes(sortParam) ? sortParam : instance.config.sort;
    const [posts, summaryRows, latest] = await Promise.all([
      idea ? topicPosts(context, instance.config.columns.map((column) => topicOf(idea.id, column.key))) : Promise.resolve([]),
      idea ? summaryQuery(context).where('column_summaries.idea_id', '=', idea.id).execute() : Promise.resolve([]),
      latestOf(db, instance.id),
    ]);
    const myReactions = await reactionsOf(db, actor.userId, posts.map((post) => post.id));
    return {
      title: idea ? { [consultation.default_language]: idea.title } : twoColumnManifest.name,
      ideas,
      idea,
      missingIdea: Boolean(wanted) && !idea,
      posts,
      summaries: summaryRows.map(toSummaryView),
      sort,
      viewer: { ...postViewerFor(context), maySummarise: context.open && can(actor, 'syntheses.write', consultation) },
      catching: await catchingFor(context),
      myReactions,
      focus: posts.some((post) => post.id === linked) ? linked : null,
      latestChange: latest.change,
      latestSeq: latest.seq,
    };
  },

  changesSince: (context, since) => changesSince(context, since),

  actions: {
    argue,
    // Replies written from an argument's own form (the shared post component) say `post`.
    post: argue,
    edit: editPost,
    delete: deletePost,
    react: (context, form) => toggleReaction(context, form, ['upvote']),
    catch: catchPassage,
    report: reportPost,
    hide: hidePost,
    summarise,
  },

  moderation: {
    queue: (context, slug) => moderationQueue(context, slug),
    decide: (context, itemId, decision) => moderatePost(context, itemId, decision),
  },

  settings: {
    async load(context) {
      const [ideas, inUse] = await Promise.all([
        context.db
          .selectFrom('ideas')
          .leftJoin('extracts', 'extracts.idea_id', 'ideas.id')
          .select((eb) => ['ideas.id', 'ideas.title', eb.fn.count<string>('extracts.id').as('extracts')])
          .where('ideas.consultation_id', '=', context.consultation.id)
          .groupBy('ideas.id')
          .orderBy('ideas.title')
          .execute(),
        columnsInUse(context),
      ]);
      return { ideas: ideas.map((idea) => ({ id: idea.id, title: idea.title, extracts: Number(idea.extracts) })), columnsInUse: inUse };
    },

    async save(context, form) {
      const columns = columnsFromForm(context, form);
      const inUse = await columnsInUse(context);
      if (inUse.some((key) => !columns.some((column) => column.key === key))) refuse('columns', 'columns.inUse', 409);
      const ideaIds = [...new Set(form.getAll('ideaIds').map(String))];
      if (ideaIds.some((id) => !isUuid(id))) refuse('ideaIds', 'ideas.unknown');
      if (ideaIds.length > 0) {
        const known = await context.db.selectFrom('ideas').select('id').where('consultation_id', '=', context.consultation.id).where('id', 'in', ideaIds).execute();
        if (known.length !== ideaIds.length) refuse('ideaIds', 'ideas.unknown');
      }
      const sort = formText(form, 'sort') || context.instance.config.sort;
      if (!argumentOrders.includes(sort as ArgumentOrder)) refuse('sort', 'sort.invalid');
      return { columns, ideaIds, sort: sort as ArgumentOrder };
    },
  },

  async exportRows({ db, instance, consultation }) {
    const rows = await db
      .selectFrom('posts')
      .select(['id', 'parent_id', 'topic', 'created_at', 'body_text'])
      .where('instance_id', '=', instance.id)
      .where('status', '=', 'published')
      .orderBy('topic')
      .orderBy('sort_path')
      .execute();
    const ideaIds = [...new Set(rows.map((row) => placeOf(row.topic)?.ideaId).filter((id): id is string => Boolean(id)))];
    const ideas = ideaIds.length > 0 ? await db.selectFrom('ideas').select(['id', 'title']).where('consultation_id', '=', consultation.id).where('id', 'in', ideaIds).execute() : [];
    return rows.map((row) => {
      const place = placeOf(row.topic);
      const column = instance.config.columns.find((candidate) => candidate.key === place?.column);
      return {
        module: 'two-column',
        phase: instance.phase,
        idea: place?.ideaId ?? null,
        idea_title: ideas.find((idea) => idea.id === place?.ideaId)?.title ?? null,
        column: column ? (column.label[consultation.default_language] ?? column.key) : (place?.column ?? null),
        post: row.id,
        in_reply_to: row.parent_id,
        written_at: row.created_at.toISOString(),
        text: row.body_text,
      };
    });
  },

  // Ideas argued over in deepening are what prioritisation will weigh.
  candidateItems: async (context) => (await chosenIdeas(context)).length,
};
