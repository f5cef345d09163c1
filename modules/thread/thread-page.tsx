import { Link, useActionData } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { ModulePageProps } from '../../platform/modules/manifest';
import type { ThreadConfig } from './manifest';
import { PostEditorForm } from '../../platform/ui/posts/post-forms';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import { PostItem } from '../../platform/ui/posts/post-item';
import type { ThreadPageData } from './thread-data';
import { laterThan, type PostView } from '../../platform/contributions/post-state';
import { usePostPanel, type PanelKind, type PostActionData } from '../../platform/ui/posts/post-ui';
import { usePostsLive } from '../../platform/ui/posts/use-posts-live';

/**
 * A thread's own page: the conversation in reading order, one window at a time, kept up to date
 * live; the reader's new posts since their last visit marked; and, for those who may, replying,
 * reacting, reporting, moderating and catching ideas, without the page reloading.
 */
export function ThreadPage({ data, open, slug, instanceId, locale, defaultLanguage }: ModulePageProps<ThreadConfig, ThreadPageData>) {
  const { t } = useTranslation('posts');
  const actionData = useActionData<PostActionData>();
  const title = pickLanguage(data.title, locale, defaultLanguage);
  const { viewer, news } = data;

  const [announcement, setAnnouncement] = useState({ text: '', key: 0 });
  const announce = (posts: PostView[]) =>
    setAnnouncement((previous) => ({
      key: previous.key + 1,
      text: posts.length === 1 ? t('live.newPost', { author: posts[0]!.author?.name ?? '' }) : t('live.newPosts', { count: posts.length }),
    }));
  const loaded = useMemo(() => ({ posts: data.posts, hasEarlier: data.hasEarlier, hasLater: data.hasLater }), [data]);
  const live = usePostsLive({ slug, instanceId, loaded, latestChange: data.latestChange, latestSeq: data.latestSeq, viewerId: viewer.userId, onNewPosts: announce });
  const posts = live.window.posts;
  const byId = useMemo(() => new Map(posts.map((post) => [post.id, post])), [posts]);

  // A form opened by a link (?post=…&panel=…) works without JavaScript; with it, buttons open them.
  const { urlPanel, panelOf } = usePostPanel(actionData);

  const postHref = (postId: string) => (byId.has(postId) ? `#post-${postId}` : `?post=${postId}#post-${postId}`);
  const panelHref = (postId: string, kind: PanelKind) => `?post=${postId}&panel=${kind}#post-${postId}`;
  const isNew = (post: PostView) =>
    post.status === 'published' &&
    (live.fresh.has(post.id) || (news.since !== null && laterThan(post.seq, news.since) && post.author?.id !== viewer.userId));
  const first = posts[0];
  const last = posts.at(-1);

  return (
    <div className="thread-page">
      <p className="visually-hidden" role="status" aria-live="polite">
        <span key={announcement.key}>{announcement.text}</span>
      </p>

      <header className="thread-page__header">
        <p className="thread-page__kicker">{t('page.kicker')}</p>
        <h1 lang={title.lang}>{title.text}</h1>
        <p className="thread-page__stats">
          {t('page.posts', { count: data.stats.posts })} · {t('page.contributors', { count: data.stats.contributors })}
        </p>
        {news.newPosts > 0 && news.firstNewId ? (
          <p className="thread-page__news">
            {t('page.news', { count: news.newPosts })} <Link to={`?post=${news.firstNewId}#post-${news.firstNewId}`}>{t('page.firstNew')}</Link>
          </p>
        ) : null}
      </header>

      {!open ? <p className="notice">{t('page.readOnly')}</p> : null}
      {live.status === 'offline' ? <p className="notice thread-page__offline">{t('page.offline')}</p> : null}

      <section aria-labelledby="thread-posts-heading" className="thread-page__posts">
        <h2 id="thread-posts-heading">{t('page.postsHeading')}</h2>
        {live.window.hasEarlier && first ? (
          <p className="thread-page__more">
            <Link to={`?before=${encodeURIComponent(first.sortPath)}`}>{t('page.earlier')}</Link>
          </p>
        ) : null}
        {posts.length === 0 ? (
          <p className="empty-state">{open && viewer.mayPost ? t('page.emptyOpen') : t('page.empty')}</p>
        ) : (
          <div className="thread-posts">
            {posts.map((post) => (
              <PostItem
                key={post.id}
                post={post}
                parent={post.parentId ? (byId.get(post.parentId) ?? null) : null}
                viewer={viewer}
                open={open}
                mine={data.myReactions[post.id] ?? []}
                isNew={isNew(post)}
                focused={data.focus === post.id}
                {...panelOf(post.id)}
                catching={data.catching}
                slug={slug}
                locale={locale}
                defaultLanguage={defaultLanguage}
                postHref={postHref}
                panelHref={panelHref}
                history={data.history?.postId === post.id ? data.history : null}
              />
            ))}
          </div>
        )}
        {live.outside.length > 0 ? (
          <p className="thread-page__outside" role="status">
            {t('page.outside', { count: live.outside.length })}{' '}
            <Link to={`?post=${live.outside[0]!.id}#post-${live.outside[0]!.id}`}>{t('page.seeOutside')}</Link>
          </p>
        ) : null}
        {(live.window.hasEarlier || live.window.hasLater) && first && last ? (
          <nav aria-label={t('page.pagination')} className="thread-page__pages">
            {live.window.hasEarlier ? <Link to={`?before=${encodeURIComponent(first.sortPath)}`}>{t('page.earlier')}</Link> : null}
            {live.window.hasLater ? (
              <>
                <Link to={`?after=${encodeURIComponent(last.sortPath)}`}>{t('page.later')}</Link>
                {/* The last window of the thread: everything before a path beyond any post's. */}
                <Link to={`?before=${'9'.repeat(12)}`}>{t('page.end')}</Link>
              </>
            ) : null}
          </nav>
        ) : null}
      </section>

      {open && viewer.mayPost ? (
        <NewPost
          preModerated={viewer.preModeration && !viewer.mayModerate}
          fallback={!urlPanel && actionData?.intent === 'post' ? actionData : undefined}
          postHref={postHref}
        />
      ) : open ? (
        <JoinPanel slug={slug} userId={viewer.userId} mayJoin={viewer.mayJoin} heading={t('write.heading')} intro={t('join.intro')} signInPrompt={t('join.signInToTakePart')} />
      ) : null}
    </div>
  );
}

/** The form at the end of the thread: a new post, a fresh form after each one sent. */
function NewPost({ preModerated, fallback, postHref }: { preModerated: boolean; fallback?: PostActionData; postHref: (postId: string) => string }) {
  const { t } = useTranslation('posts');
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<{ postId: string; awaiting: boolean } | null>(() => sentPost(fallback));
  return (
    <section aria-labelledby="thread-write-heading" className="panel thread-write">
      <h2 id="thread-write-heading">{t('write.heading')}</h2>
      <div role="status">
        {sent ? (
          <p className="form-message form-message--success">
            {sent.awaiting ? t('write.awaiting') : t('write.published')} <a href={postHref(sent.postId)}>{t('write.seeIt')}</a>
          </p>
        ) : null}
      </div>
      <PostEditorForm
        key={round}
        intent="post"
        fieldId="thread-new-post"
        label={t('write.label')}
        hint={preModerated ? `${t('write.hint')} ${t('write.preModeration')}` : t('write.hint')}
        submitLabel={t('write.submit')}
        fallback={round === 0 && !fallback?.ok ? fallback : undefined}
        onDone={(answer) => {
          setSent(sentPost(answer));
          setRound((value) => value + 1);
        }}
      />
    </section>
  );
}

function sentPost(answer: PostActionData | undefined): { postId: string; awaiting: boolean } | null {
  const result = answer?.ok ? (answer.result as { postId?: string; status?: string } | undefined) : undefined;
  return result?.postId ? { postId: result.postId, awaiting: result.status === 'awaiting' } : null;
}
