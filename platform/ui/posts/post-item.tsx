import { Link } from '@remix-run/react';
import { generateJSON } from '@tiptap/core';
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReactionKind } from '../../db/schema';
import { richTextExtensions, type RichTextDoc } from '../../rich-text/extensions';
import { plainTextToDoc } from '../../rich-text/plain-text';
import { CatchForm } from './catch-form';
import { DeleteForm, PostEditorForm, ReasonForm, Reactions, type Closing } from './post-forms';
import type { Catching, PostHistory, PostView, PostViewer } from '../../contributions/post-state';
import { htmlToPlainText, PostTime, useErrorText, useHydrated, type PanelKind, type PostActionData } from './post-ui';

/** Replies are indented this many levels; deeper ones line up and say whom they answer. */
export const maxIndent = 4;

export interface PostItemProps {
  post: PostView;
  /** The post it answers, when it is in the window. */
  parent: PostView | null;
  viewer: PostViewer;
  /** Whether the thread takes contributions now. */
  open: boolean;
  mine: readonly ReactionKind[];
  isNew: boolean;
  focused: boolean;
  panel: PanelKind | null;
  onPanel: (panel: PanelKind | null) => void;
  catching: Catching;
  slug: string;
  locale: string;
  defaultLanguage: string;
  /** A link to a post: on this page when it is in the window, else the window around it. */
  postHref: (postId: string) => string;
  /** The link that opens a form without JavaScript. */
  panelHref: (postId: string, panel: PanelKind) => string;
  /** The answer of a submission made without JavaScript from this post's form. */
  fallback?: PostActionData;
  /** Earlier versions of this post, when the reader asked for them. */
  history?: PostHistory;
  /** The reactions offered (a conversation's four by default; an argument's upvote…). */
  reactionKinds?: readonly ReactionKind[];
}

interface Notice {
  tone: 'success' | 'error';
  text: string;
  link?: { href: string; label: string };
}

/** A post's document for the edit form: its HTML read back by the editor's schema (in the browser), else its text. */
function editableDoc(html: string, inBrowser: boolean): RichTextDoc {
  if (inBrowser) {
    try {
      return generateJSON(html, richTextExtensions) as RichTextDoc;
    } catch {
      // Fall back to the text below.
    }
  }
  return plainTextToDoc(htmlToPlainText(html));
}

/**
 * The part of the current selection that lies inside an element: what an idea catcher selected
 * in a post before pressing "Catch a passage".
 */
function selectedTextIn(element: HTMLElement | null): string | null {
  const selection = typeof window === 'undefined' ? null : window.getSelection();
  if (!element || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(element)) return null;
  const inside = document.createRange();
  inside.selectNodeContents(element);
  if (range.compareBoundaryPoints(Range.START_TO_START, inside) > 0) inside.setStart(range.startContainer, range.startOffset);
  if (range.compareBoundaryPoints(Range.END_TO_END, inside) < 0) inside.setEnd(range.endContainer, range.endOffset);
  const text = inside.toString().trim();
  return text === '' ? null : text;
}

/** One post: who wrote it and when, what it says (or why it no longer shows), its reactions, and what the reader may do with it. */
export function PostItem(props: PostItemProps) {
  const { post, parent, viewer, open, mine, isNew, focused, panel, onPanel, catching, slug, locale, defaultLanguage, postHref, panelHref, fallback, history, reactionKinds } = props;
  const { t } = useTranslation('posts');
  const hydrated = useHydrated();
  const errorText = useErrorText();
  const bodyRef = useRef<HTMLDivElement>(null);
  const articleRef = useRef<HTMLElement>(null);
  const [notice, setNotice] = useState<Notice | null>(() => (fallback?.ok ? noticeFor(fallback) : null));
  const [quote, setQuote] = useState('');
  const selectionTaken = useRef(false);
  const [editDoc, setEditDoc] = useState<RichTextDoc | null>(() => (panel === 'edit' && post.html ? editableDoc(post.html, false) : null));
  // Where the focus goes once a form opens or closes (set by the reader's own action only).
  const focusAfter = useRef<'panel' | 'toggle' | null>(null);
  const lastPanel = useRef<PanelKind | null>(panel);

  const isAuthor = viewer.userId !== null && post.author?.id === viewer.userId;
  const published = post.status === 'published';
  const name = post.author?.name ?? t('post.deletedAuthor');
  const headingId = `post-${post.id}-heading`;
  const panelId = `post-${post.id}-panel`;
  const toggleId = (kind: PanelKind) => `post-${post.id}-${kind}-toggle`;

  const allowed: PanelKind[] = [];
  if (open && viewer.mayPost && published) allowed.push('reply');
  if (open && isAuthor && (published || post.status === 'awaiting')) allowed.push('edit');
  if (open && isAuthor && post.status !== 'deleted') allowed.push('delete');
  if (open && viewer.mayReport && published && !isAuthor) allowed.push('report');
  if (open && viewer.mayModerate && published) allowed.push('hide');
  if (open && viewer.mayCatch && catching && published && post.html) allowed.push('catch');
  // A form already open stays while its answer is on its way, even if the post changed meanwhile
  // (deleted, hidden: the room may hear of it before the author's page has the answer).
  const shownPanel = panel && (allowed.includes(panel) || lastPanel.current === panel) ? panel : null;

  useEffect(() => {
    const previous = lastPanel.current;
    lastPanel.current = shownPanel;
    const target = focusAfter.current;
    focusAfter.current = null;
    if (target === 'panel' && shownPanel) {
      const field = document.getElementById(panelId)?.querySelector<HTMLElement>('textarea, select, input:not([type="hidden"]), [contenteditable="true"], button');
      field?.focus();
    } else if (target === 'toggle' && previous) {
      (document.getElementById(toggleId(previous)) ?? articleRef.current)?.focus();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the open form changes
  }, [shownPanel]);

  useEffect(() => {
    if (!focused) return;
    articleRef.current?.scrollIntoView({ block: 'start' });
    articleRef.current?.focus({ preventScroll: true });
  }, [focused]);

  function noticeFor(answer: PostActionData): Notice | null {
    const result = (answer.result ?? {}) as { postId?: string; status?: string; ideaId?: string };
    switch (answer.intent) {
      case 'post':
        return {
          tone: 'success',
          text: result.status === 'awaiting' ? t('write.awaiting') : t('write.replied'),
          link: result.postId ? { href: postHref(result.postId), label: t('write.seeIt') } : undefined,
        };
      case 'edit':
        return { tone: 'success', text: t('write.edited') };
      case 'delete':
        return { tone: 'success', text: t('delete.done') };
      case 'report':
        return { tone: 'success', text: t('report.done') };
      case 'hide':
        return { tone: 'success', text: t('hide.done') };
      case 'catch':
        return { tone: 'success', text: t('catch.done'), link: result.ideaId ? { href: `/consultations/${slug}/ideas/${result.ideaId}`, label: t('catch.seeIdea') } : undefined };
      default:
        return null;
    }
  }

  function toggle(kind: PanelKind) {
    if (shownPanel === kind) {
      focusAfter.current = 'toggle';
      onPanel(null);
      return;
    }
    if (kind === 'edit' && post.html) setEditDoc(editableDoc(post.html, true));
    focusAfter.current = 'panel';
    setNotice(null);
    onPanel(kind);
  }

  const closing: Closing = {
    onCancel: () => {
      focusAfter.current = 'toggle';
      onPanel(null);
    },
    cancelHref: `?post=${post.id}#post-${post.id}`,
  };

  const done = (answer: PostActionData) => {
    setNotice(noticeFor(answer));
    if (answer.intent === 'catch') setQuote('');
    focusAfter.current = 'toggle';
    onPanel(null);
  };

  function takeSelection() {
    const text = selectedTextIn(bodyRef.current);
    if (text !== null) setQuote(text);
    return text;
  }

  const replyTo = post.parentId ? (parent ? (parent.author ? t('post.replyTo', { author: parent.author.name }) : t('post.replyToDeleted')) : t('post.replyToEarlier')) : null;
  // Indentation shows whom a reply answers, up to a depth and when the post answered is on screen.
  const showReplyTo = replyTo !== null && (post.depth > maxIndent || parent === null);
  const depth = Math.min(post.depth, maxIndent);
  const caughtIdeas = [...new Map(post.caught.map((caught) => [caught.ideaId, caught])).values()];

  return (
    <article
      ref={articleRef}
      id={`post-${post.id}`}
      aria-labelledby={headingId}
      tabIndex={-1}
      className={[
        'thread-post',
        `thread-post--${post.status}`,
        isNew ? 'thread-post--new' : '',
        focused ? 'thread-post--focus' : '',
        post.depth > 0 ? 'thread-post--reply' : '',
      ]
        .filter(Boolean)
        .join(' ')}
      style={{ '--depth': depth } as CSSProperties}
    >
      <header className="thread-post__header">
        <h3 id={headingId} className="thread-post__author">
          <span>{name}</span>
          {post.author?.expert ? <span className="thread-badge thread-badge--expert">{t('post.expert')}</span> : null}
          {isNew ? <span className="thread-badge thread-badge--new">{t('post.new')}</span> : null}
          {replyTo && !showReplyTo ? <span className="visually-hidden">, {replyTo}</span> : null}
        </h3>
        <p className="thread-post__meta">
          <PostTime value={post.createdAt} locale={locale} />
          {post.editedAt && post.html ? (
            <>
              {' · '}
              <span>
                <DatedText text={t('post.edited', { date: '\u0000' })} value={post.editedAt} locale={locale} />
                {post.revisions > 0 ? (
                  <>
                    {' ('}
                    <Link to={`?post=${post.id}&history=${post.id}#post-${post.id}-history`}>{t('post.revisions', { count: post.revisions })}</Link>
                    {')'}
                  </>
                ) : null}
              </span>
            </>
          ) : null}
        </p>
        {showReplyTo && post.parentId ? (
          <p className="thread-post__reply-to">
            <a href={postHref(post.parentId)}>{replyTo}</a>
          </p>
        ) : null}
      </header>

      {post.status === 'awaiting' ? <p className="thread-post__note thread-post__note--awaiting">{t('post.awaiting')}</p> : null}
      {post.status === 'hidden' ? (
        <p className="thread-post__note thread-post__note--hidden">{post.hiddenReason ? t('post.hidden', { reason: post.hiddenReason }) : t('post.hiddenNoReason')}</p>
      ) : null}
      {post.status === 'deleted' ? <p className="thread-post__note thread-post__note--deleted">{t('post.deleted')}</p> : null}
      {post.html ? <div ref={bodyRef} className="rich-text-view thread-post__body" dangerouslySetInnerHTML={{ __html: post.html }} /> : null}

      {history && history.postId === post.id ? (
        <section id={`post-${post.id}-history`} className="thread-post__history" aria-labelledby={`post-${post.id}-history-heading`}>
          <h4 id={`post-${post.id}-history-heading`}>{t('post.historyHeading')}</h4>
          <ol>
            {history.versions.map((version) => (
              <li key={version.id}>
                <p className="thread-post__meta">
                  <DatedText text={t('post.versionOf', { date: '\u0000' })} value={version.writtenAt} locale={locale} />
                </p>
                <div className="rich-text-view" dangerouslySetInnerHTML={{ __html: version.html }} />
              </li>
            ))}
          </ol>
          <p>
            <Link to={`?post=${post.id}#post-${post.id}`}>{t('post.hideHistory')}</Link>
          </p>
        </section>
      ) : null}

      {caughtIdeas.length > 0 ? (
        <div className="thread-post__caught">
          <span>{t('post.caughtAs')}</span>{' '}
          <ul>
            {caughtIdeas.map((caught) => (
              <li key={caught.ideaId}>
                <a href={`/consultations/${slug}/ideas/${caught.ideaId}`}>{caught.ideaTitle}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {published ? <Reactions post={post} mine={mine} kinds={reactionKinds} mayReact={open && viewer.mayReact} onError={(code) => setNotice({ tone: 'error', text: errorText(code) })} /> : null}

      {allowed.length > 0 ? (
        <div className="thread-post__actions" role="group" aria-label={post.author ? t('post.actions', { author: post.author.name }) : t('post.actionsAnonymous')}>
          {allowed.map((kind) =>
            hydrated ? (
              <button
                key={kind}
                type="button"
                id={toggleId(kind)}
                className="link-button thread-post__action"
                aria-expanded={shownPanel === kind}
                aria-controls={shownPanel === kind ? panelId : undefined}
                onMouseDown={
                  kind === 'catch'
                    ? () => {
                        // Before the button takes the focus (and some browsers drop the selection).
                        selectionTaken.current = takeSelection() !== null;
                      }
                    : undefined
                }
                onClick={() => {
                  if (kind === 'catch') {
                    const fresh = selectionTaken.current || takeSelection() !== null;
                    selectionTaken.current = false;
                    // A new selection while the form is open fills the passage again.
                    if (fresh && shownPanel === 'catch') return;
                  }
                  toggle(kind);
                }}
              >
                {t(`actions.${kind}`)}
              </button>
            ) : (
              <a key={kind} id={toggleId(kind)} className="thread-post__action" href={panelHref(post.id, kind)}>
                {t(`actions.${kind}`)}
              </a>
            ),
          )}
        </div>
      ) : null}

      <div role="status" className="thread-post__status">
        {notice ? (
          <p className={`form-message form-message--${notice.tone}`}>
            {notice.text}
            {notice.link ? (
              <>
                {' '}
                <a href={notice.link.href}>{notice.link.label}</a>
              </>
            ) : null}
          </p>
        ) : null}
      </div>

      {shownPanel ? (
        <div id={panelId} className="thread-post__panel">
          {shownPanel === 'reply' ? (
            <PostEditorForm
              intent="post"
              parentId={post.id}
              fieldId={`post-${post.id}-reply`}
              label={t('write.replyLabel', { author: name })}
              hint={viewer.preModeration && !viewer.mayModerate ? t('write.preModeration') : undefined}
              submitLabel={t('write.replySubmit')}
              fallback={fallback}
              closing={closing}
              onDone={done}
            />
          ) : shownPanel === 'edit' ? (
            <PostEditorForm
              intent="edit"
              postId={post.id}
              fieldId={`post-${post.id}-edit`}
              label={t('write.editLabel')}
              submitLabel={t('write.editSubmit')}
              defaultDoc={editDoc}
              fallback={fallback}
              closing={closing}
              onDone={done}
            />
          ) : shownPanel === 'delete' ? (
            <DeleteForm post={post} fallback={fallback} closing={closing} onDone={done} />
          ) : shownPanel === 'report' || shownPanel === 'hide' ? (
            <ReasonForm intent={shownPanel} post={post} fallback={fallback} closing={closing} onDone={done} />
          ) : shownPanel === 'catch' && catching ? (
            <CatchForm
              post={post}
              quote={quote}
              onQuoteChange={setQuote}
              catching={catching}
              locale={locale}
              defaultLanguage={defaultLanguage}
              fallback={fallback}
              closing={closing}
              onDone={done}
            />
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** A translated sentence around a date (`text` has the date's place marked by a NUL character). */
function DatedText({ text, value, locale }: { text: string; value: string; locale: string }): ReactNode {
  const [before, after] = text.split('\u0000');
  return (
    <>
      {before}
      <PostTime value={value} locale={locale} />
      {after}
    </>
  );
}
