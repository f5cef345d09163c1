import type { LocalizedText } from '../../platform/i18n/languages';
import { isUuid } from '../../platform/modules/form';
import type { ModuleContext, ModuleServer } from '../../platform/modules/server';
import type { ThreadConfig } from './manifest';
import type { ThreadPageData, ThreadSummaryData } from './thread-data';
import {
  catchPassage,
  catchingFor,
  postViewerFor,
  changesSince,
  deletePost,
  editPost,
  hidePost,
  latestOf,
  moderatePost,
  moderationQueue,
  reactionsOf,
  recordVisit,
  reportPost,
  revisionsOf,
  threadStats,
  threadWindow,
  toggleReaction,
  writePost,
} from '../../platform/contributions/posts.server';

type Context = ModuleContext<ThreadConfig>;

const sortPath = /^\d{12}(\/\d{12})*$/;
/** The thread's title: the strategist's, else its theme's, else the consultation's question. */
async function titleOf({ db, instance, consultation }: Context): Promise<LocalizedText> {
  if (Object.values(instance.config.title ?? {}).some(Boolean)) return instance.config.title;
  if (instance.themeId) {
    const theme = await db.selectFrom('themes').select('title').where('id', '=', instance.themeId).executeTakeFirst();
    if (theme) return theme.title;
  }
  return consultation.question;
}

export const threadServer: ModuleServer<ThreadConfig, ThreadSummaryData, ThreadPageData> = {
  id: 'thread',

  async load(context) {
    const [title, stats] = await Promise.all([titleOf(context), threadStats(context.db, context.instance.id)]);
    return { title, ...stats };
  },

  async page(context, query) {
    const { db, actor } = context;
    const param = (name: string) => query.get(name) ?? undefined;
    const around = param('post');
    const after = param('after');
    const before = param('before');
    const window = await threadWindow(context, {
      around: around && isUuid(around) ? around : undefined,
      after: after && sortPath.test(after) ? after : undefined,
      before: before && sortPath.test(before) ? before : undefined,
    });
    const historyOf = param('history');
    const [title, stats, news, latest, myReactions, catching, history] = await Promise.all([
      titleOf(context),
      threadStats(db, context.instance.id),
      recordVisit(context),
      latestOf(db, context.instance.id),
      reactionsOf(db, actor.userId, window.posts.map((post) => post.id)),
      catchingFor(context),
      historyOf && isUuid(historyOf) ? revisionsOf(context, historyOf) : Promise.resolve(null),
    ]);
    return {
      ...window,
      title,
      stats: { posts: stats.posts, contributors: stats.contributors },
      viewer: postViewerFor(context),
      myReactions,
      history: history && history.length > 0 ? { postId: historyOf!, versions: history } : null,
      news,
      latestChange: latest.change,
      latestSeq: latest.seq,
      catching,
    };
  },

  changesSince: (context, since) => changesSince(context, since),

  actions: {
    post: writePost,
    edit: editPost,
    delete: deletePost,
    react: toggleReaction,
    report: reportPost,
    hide: hidePost,
    catch: catchPassage,
  },

  moderation: {
    queue: (context, slug) => moderationQueue(context, slug),
    decide: (context, itemId, decision) => moderatePost(context, itemId, decision),
  },

  async exportRows({ db, instance }) {
    const rows = await db
      .selectFrom('posts')
      .select(['id', 'parent_id', 'created_at', 'body_text'])
      .where('instance_id', '=', instance.id)
      .where('status', '=', 'published')
      .orderBy('sort_path')
      .execute();
    return rows.map((row) => ({ module: 'thread', phase: instance.phase, post: row.id, in_reply_to: row.parent_id, written_at: row.created_at.toISOString(), text: row.body_text }));
  },

  candidateItems: async () => 0,
};
