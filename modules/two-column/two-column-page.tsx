import { Link, useActionData, useLocation, useRevalidator } from '@remix-run/react';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { ModulePageProps } from '../../platform/modules/manifest';
import type { PostView } from '../../platform/contributions/post-state';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import { PostItem } from '../../platform/ui/posts/post-item';
import { usePostPanel, type PostActionData } from '../../platform/ui/posts/post-ui';
import { usePostsLive } from '../../platform/ui/posts/use-posts-live';
import { orderArguments, topicOf } from './columns';
import { ColumnSummaryBox, NewArgument } from './two-column-forms';
import type { Column, TwoColumnConfig } from './manifest';
import { summaryChanged, type ChosenIdea, type ColumnSummaryView, type TwoColumnPageData } from './two-column-data';

type Props = ModulePageProps<TwoColumnConfig, TwoColumnPageData>;

/**
 * The module's page: the ideas chosen into the phase, or one idea (`?idea=`) with its columns
 * side by side (tabs on a narrow screen), each with its summary, a form to argue, and its
 * arguments sorted by upvotes or date, all followed live.
 */
export function TwoColumnPage(props: Props) {
  return props.data.idea ? <IdeaColumns {...props} idea={props.data.idea} /> : <IdeaList {...props} />;
}

function useColumnLabel(locale: string, defaultLanguage: string) {
  return (column: Column) => pickLanguage(column.label, locale, defaultLanguage);
}

function IdeaList({ config, data, open, locale, defaultLanguage, slug }: Props) {
  const { t } = useTranslation('two-column');
  const title = pickLanguage(data.title, locale, defaultLanguage);
  const labelOf = useColumnLabel(locale, defaultLanguage);
  return (
    <div className="two-column-page">
      <header>
        <p className="two-column-page__kicker">{t('page.kicker')}</p>
        <h1 lang={title.lang}>{title.text}</h1>
        <p>{t('page.intro')}</p>
      </header>
      {!open ? <p className="notice">{t('page.readOnly')}</p> : null}
      {data.missingIdea ? <p className="notice">{t('page.missingIdea')}</p> : null}
      <section aria-labelledby="two-column-ideas-heading">
        <h2 id="two-column-ideas-heading">{t('page.listHeading')}</h2>
        {data.ideas.length === 0 ? (
          <p className="empty-state">{t('page.noIdeas')}</p>
        ) : (
          <ul className="two-column-ideas">
            {data.ideas.map((idea) => (
              <li key={idea.id} className="two-column-idea panel">
                <h3>
                  <Link to={`?idea=${idea.id}`}>{idea.title}</Link>
                </h3>
                {idea.description ? <p>{idea.description}</p> : null}
                <ul className="two-column-idea__counts" aria-label={t('page.columns')}>
                  {config.columns.map((column) => {
                    const label = labelOf(column);
                    return (
                      <li key={column.key} style={{ '--column-color': column.color } as CSSProperties}>
                        <span lang={label.lang}>{t('page.argumentCount', { column: label.text, count: idea.arguments[column.key] ?? 0 })}</span>
                      </li>
                    );
                  })}
                </ul>
                <p className="two-column-idea__links">
                  <Link className="button button--secondary" to={`?idea=${idea.id}`}>
                    {t('page.open')}
                  </Link>{' '}
                  <Link to={`/consultations/${slug}/ideas/${idea.id}`}>
                    {t('page.sources')} ({t('page.extracts', { count: idea.extracts })})
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** True on screens wide enough for the columns side by side (the server and hydration assume so). */
function useWideScreen(): boolean {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const query = window.matchMedia('(min-width: 48em)');
    const update = () => setWide(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return wide;
}

function IdeaColumns({ config, data, open, slug, instanceId, locale, defaultLanguage, idea }: Props & { idea: ChosenIdea }) {
  const { t } = useTranslation('two-column');
  const { t: tp } = useTranslation('posts');
  const location = useLocation();
  const revalidator = useRevalidator();
  const labelOf = useColumnLabel(locale, defaultLanguage);
  const { viewer } = data;
  const columns = config.columns;

  const [announcement, setAnnouncement] = useState({ text: '', key: 0 });
  const say = (text: string) => setAnnouncement((previous) => ({ key: previous.key + 1, text }));
  const columnName = (topic: string | null) => {
    const column = columns.find((candidate) => topic === topicOf(idea.id, candidate.key));
    return column ? labelOf(column).text : '';
  };

  // Summaries that arrived live, laid over the loader's (the newest version of each wins).
  const [arrivedSummaries, setArrivedSummaries] = useState<Record<string, ColumnSummaryView>>({});
  const summaries = useMemo(() => {
    const byColumn: Record<string, ColumnSummaryView> = {};
    for (const summary of [...data.summaries, ...Object.values(arrivedSummaries)]) {
      if (summary.ideaId !== idea.id) continue;
      const known = byColumn[summary.column];
      if (!known || summary.updatedAt > known.updatedAt) byColumn[summary.column] = summary;
    }
    return byColumn;
  }, [data.summaries, arrivedSummaries, idea.id]);

  const loaded = useMemo(() => ({ posts: data.posts, hasEarlier: false, hasLater: false }), [data.posts]);
  const live = usePostsLive({
    slug,
    instanceId,
    loaded,
    latestChange: data.latestChange,
    latestSeq: data.latestSeq,
    viewerId: viewer.userId,
    onNewPosts: (posts) => {
      const mine = posts.filter((post) => post.topic?.startsWith(`${idea.id}:`));
      if (mine.length > 0) say(mine.map((post) => t('live.newArgument', { author: post.author?.name ?? '', column: columnName(post.topic) })).join(' '));
    },
    listeners: {
      [summaryChanged]: (payload) => {
        const summary = payload as ColumnSummaryView;
        setArrivedSummaries((previous) => ({ ...previous, [`${summary.ideaId}:${summary.column}`]: summary }));
        if (summary.ideaId === idea.id) say(t('live.summary', { column: columnName(topicOf(summary.ideaId, summary.column)) }));
      },
    },
    // Back from an absence: summaries are not caught up by change numbers, the loader reads them again.
    onJoined: () => revalidator.revalidate(),
  });

  const sort = data.sort;
  const postsByColumn = useMemo(() => {
    const grouped: Record<string, PostView[]> = {};
    for (const column of columns) {
      const topic = topicOf(idea.id, column.key);
      grouped[column.key] = orderArguments(
        live.window.posts.filter((post) => post.topic === topic),
        sort,
      );
    }
    return grouped;
  }, [live.window.posts, columns, idea.id, sort]);
  const byId = useMemo(() => new Map(live.window.posts.map((post) => [post.id, post])), [live.window.posts]);

  // A form opened by a link (?post=…&panel=…) works without JavaScript; with it, buttons open them.
  const { panelOf } = usePostPanel(useActionData<PostActionData>());

  const wide = useWideScreen();
  const [selected, setSelected] = useState(columns[0]?.key ?? '');
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onTabKey = (event: KeyboardEvent, index: number) => {
    const last = columns.length - 1;
    const next = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : null;
    if (next === null) return;
    event.preventDefault();
    const key = columns[next]!.key;
    setSelected(key);
    tabs.current[key]?.focus();
  };

  const sortHref = (order: string) => {
    const search = new URLSearchParams({ idea: idea.id, sort: order });
    return `?${search}`;
  };
  const signIn = `/login?${new URLSearchParams({ redirectTo: location.pathname + location.search })}`;

  return (
    <div className="two-column-page">
      <p className="visually-hidden" role="status" aria-live="polite">
        <span key={announcement.key}>{announcement.text}</span>
      </p>
      <p>
        <Link to="?">{t('page.backToList')}</Link>
      </p>
      <header>
        <p className="two-column-page__kicker">{t('page.kicker')}</p>
        <h1>{idea.title}</h1>
        {idea.description ? <p>{idea.description}</p> : null}
        <p>
          <Link to={`/consultations/${slug}/ideas/${idea.id}`}>
            {t('page.sources')} ({t('page.extracts', { count: idea.extracts })})
          </Link>
        </p>
      </header>
      {!open ? <p className="notice">{t('page.readOnly')}</p> : null}
      {live.status === 'offline' ? <p className="notice">{t('page.offline')}</p> : null}

      {open && !viewer.mayPost ? (
        <JoinPanel slug={slug} userId={viewer.userId} mayJoin={viewer.mayJoin} heading={t('page.joinIntro')} signInPrompt={t('page.signInToArgue')} />
      ) : null}

      <nav className="two-column-sort" aria-label={t('page.sortLabel')}>
        <span aria-hidden="true">{t('page.sortLabel')} :</span>{' '}
        {(['upvotes', 'date'] as const).map((order) => (
          <Link key={order} to={sortHref(order)} preventScrollReset aria-current={sort === order ? 'true' : undefined} className={sort === order ? 'two-column-sort__current' : undefined}>
            {t(order === 'upvotes' ? 'page.sortUpvotes' : 'page.sortDate')}
          </Link>
        ))}
      </nav>

      {!wide ? (
        <div role="tablist" aria-label={t('page.columns')} className="two-column-tabs">
          {columns.map((column, index) => {
            const label = labelOf(column);
            return (
              <button
                key={column.key}
                ref={(element) => {
                  tabs.current[column.key] = element;
                }}
                type="button"
                role="tab"
                id={`two-column-tab-${column.key}`}
                aria-selected={selected === column.key}
                aria-controls={`two-column-panel-${column.key}`}
                tabIndex={selected === column.key ? 0 : -1}
                onClick={() => setSelected(column.key)}
                onKeyDown={(event) => onTabKey(event, index)}
                className="two-column-tab"
                style={{ '--column-color': column.color } as CSSProperties}
                lang={label.lang}
              >
                {label.text} ({postsByColumn[column.key]?.length ?? 0})
              </button>
            );
          })}
        </div>
      ) : null}

      <div className="two-column-columns" style={{ '--columns': columns.length } as CSSProperties}>
        {columns.map((column) => {
          const label = labelOf(column);
          const posts = postsByColumn[column.key] ?? [];
          const headingId = `two-column-heading-${column.key}`;
          const panelProps = wide
            ? { 'aria-labelledby': headingId }
            : { role: 'tabpanel', id: `two-column-panel-${column.key}`, 'aria-labelledby': `two-column-tab-${column.key}`, hidden: selected !== column.key, tabIndex: 0 };
          return (
            <section key={column.key} className="two-column-column" style={{ '--column-color': column.color } as CSSProperties} {...panelProps}>
              <h2 id={headingId} className="two-column-column__heading" lang={label.lang}>
                {label.text}
              </h2>
              <ColumnSummaryBox
                ideaId={idea.id}
                column={column.key}
                label={label.text}
                summary={summaries[column.key] ?? null}
                maySummarise={viewer.maySummarise}
                locale={locale}
              />
              {open && viewer.mayPost ? <NewArgument ideaId={idea.id} column={column.key} label={label.text} preModerated={viewer.preModeration && !viewer.mayModerate} /> : null}
              {open && !viewer.mayPost && !viewer.mayJoin && !viewer.userId ? (
                <p>
                  {tp('join.signInToTakePart')} <Link to={signIn}>{tp('join.signIn')}</Link>
                </p>
              ) : null}
              <h3 className="two-column-column__arguments" lang={label.lang}>
                {t('page.argumentsOf', { column: label.text })}
              </h3>
              {posts.length === 0 ? (
                <p className="empty-state">{open && viewer.mayPost ? t('page.emptyColumnOpen') : t('page.emptyColumn')}</p>
              ) : (
                <div className="thread-posts two-column-posts">
                  {posts.map((post) => (
                    <PostItem
                      key={post.id}
                      post={post}
                      parent={post.parentId ? (byId.get(post.parentId) ?? null) : null}
                      viewer={viewer}
                      open={open}
                      mine={data.myReactions[post.id] ?? []}
                      isNew={live.fresh.has(post.id)}
                      focused={data.focus === post.id}
                      {...panelOf(post.id)}
                      catching={data.catching}
                      slug={slug}
                      locale={locale}
                      defaultLanguage={defaultLanguage}
                      postHref={(postId) => `#post-${postId}`}
                      panelHref={(postId, kind) => `?${new URLSearchParams({ idea: idea.id, post: postId, panel: kind })}#post-${postId}`}
                      reactionKinds={['upvote']}
                    />
                  ))}
                </div>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
