import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReactionKind } from '../../db/schema';
import type { RichTextDoc } from '../../rich-text/extensions';
import { FormMessage, TextAreaField } from '../form';
import { RichTextEditor } from '../rich-text-editor';
import type { PostView } from '../../contributions/post-state';
import { splitErrors, useEditorLabels, useErrorText, useHydrated, type PostActionData } from './post-ui';

/*
 * The forms of a thread: writing (a new post, a reply, an edit), deleting, reporting, hiding and
 * reacting. Each posts to the module page's action through its own fetcher, so the page stays
 * where it is; without JavaScript they are plain forms and the page shows the answer.
 */

type Fetcher = ReturnType<typeof useFetcher<PostActionData>>;

/** Calls `onAnswer` once per answer of the action, when the page's data is fresh again. */
export function useAnswer(fetcher: Fetcher, onAnswer: (answer: PostActionData) => void): void {
  const handled = useRef<unknown>(null);
  const callback = useRef(onAnswer);
  callback.current = onAnswer;
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    callback.current(fetcher.data);
  }, [fetcher.state, fetcher.data]);
}

/**
 * What every form about a post shares: its fetcher, its answer (or the one a submission without
 * JavaScript brought back), its errors split between its fields and the rest, and on an answer
 * either `onDone` or the focus on the first error.
 */
export function usePostForm(fields: readonly string[], fallback: PostActionData | undefined, onDone: (answer: PostActionData) => void) {
  const fetcher = useFetcher<PostActionData>();
  const formRef = useRef<HTMLFormElement>(null);
  const errorText = useErrorText();
  const answer = fetcher.data ?? fallback;
  const errors = splitErrors(answer && !answer.ok ? answer.errors : undefined, fields);
  useAnswer(fetcher, (done) => (done.ok ? onDone(done) : focusFirstError(formRef.current)));
  return { fetcher, formRef, errorText, answer, errors, busy: fetcher.state !== 'idle' };
}

/** A second submission while the first is on its way would post twice. */
export function guard(fetcher: Fetcher) {
  return (event: FormEvent) => {
    if (fetcher.state !== 'idle') event.preventDefault();
  };
}

/** Closing a form: a button once the page runs, a link back to the post without JavaScript. */
export interface Closing {
  onCancel: () => void;
  cancelHref: string;
}

export function CancelControl({ closing }: { closing: Closing }) {
  const { t } = useTranslation('posts');
  const hydrated = useHydrated();
  return hydrated ? (
    <button type="button" className="button button--secondary" onClick={closing.onCancel}>
      {t('actions.cancel')}
    </button>
  ) : (
    <Link className="button button--secondary" to={closing.cancelHref}>
      {t('actions.cancel')}
    </Link>
  );
}

/** Escape closes the form under a post, as it would a dialog. */
export function escapeCloses(closing: Closing | undefined) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape' && closing) {
      event.stopPropagation();
      closing.onCancel();
    }
  };
}

function FormErrors({ codes }: { codes: string[] }) {
  const errorText = useErrorText();
  if (codes.length === 0) return null;
  return <FormMessage tone="error">{codes.map(errorText).join(' ')}</FormMessage>;
}

/** Writing: a new post, a reply (`parentId`) or a new version of a post (`postId`, intent `edit`). */
export function PostEditorForm({
  intent,
  postId,
  parentId,
  fieldId,
  label,
  hint,
  submitLabel,
  defaultDoc,
  fallback,
  closing,
  onDone,
}: {
  intent: 'post' | 'edit';
  postId?: string;
  parentId?: string;
  fieldId: string;
  label: ReactNode;
  hint?: ReactNode;
  submitLabel: string;
  defaultDoc?: RichTextDoc | null;
  /** The answer of a submission made without JavaScript, when it was this form's. */
  fallback?: PostActionData;
  closing?: Closing;
  onDone: (answer: PostActionData) => void;
}) {
  const { t } = useTranslation('posts');
  const labels = useEditorLabels();
  const { fetcher, formRef, errorText, errors, busy } = usePostForm(['body'], fallback, onDone);
  return (
    <fetcher.Form method="post" ref={formRef} className="stack thread-form" onSubmit={guard(fetcher)} onKeyDown={escapeCloses(closing)}>
      <input type="hidden" name="intent" value={intent} />
      {postId ? <input type="hidden" name="postId" value={postId} /> : null}
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <FormErrors codes={errors.form} />
      <RichTextEditor
        id={fieldId}
        name="body"
        label={label}
        hint={hint}
        labels={labels}
        defaultValue={defaultDoc}
        error={errors.fields.body ? errorText(errors.fields.body) : null}
      />
      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('write.sending') : submitLabel}
        </button>
        {closing ? <CancelControl closing={closing} /> : null}
      </div>
    </fetcher.Form>
  );
}

/** The author deletes their post, after saying yes to what that means. */
export function DeleteForm({ post, fallback, closing, onDone }: { post: PostView; fallback?: PostActionData; closing: Closing; onDone: (answer: PostActionData) => void }) {
  const { t } = useTranslation('posts');
  const { fetcher, formRef, answer, busy } = usePostForm([], fallback, onDone);
  return (
    <fetcher.Form method="post" ref={formRef} className="stack thread-form thread-form--confirm" onSubmit={guard(fetcher)} onKeyDown={escapeCloses(closing)}>
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="postId" value={post.id} />
      <FormErrors codes={answer && !answer.ok ? Object.values(answer.errors) : []} />
      <p id={`post-${post.id}-delete-question`}>{t('delete.confirm')}</p>
      <div className="button-row">
        <button type="submit" className="button thread-button--danger" aria-describedby={`post-${post.id}-delete-question`} aria-disabled={busy || undefined}>
          {busy ? t('write.sending') : t('delete.submit')}
        </button>
        <CancelControl closing={closing} />
      </div>
    </fetcher.Form>
  );
}

/** A report to the moderators, or a moderator hiding the post: both say why. */
export function ReasonForm({
  intent,
  post,
  fallback,
  closing,
  onDone,
}: {
  intent: 'report' | 'hide';
  post: PostView;
  fallback?: PostActionData;
  closing: Closing;
  onDone: (answer: PostActionData) => void;
}) {
  const { t } = useTranslation('posts');
  const { fetcher, formRef, errorText, errors, busy } = usePostForm(['reason'], fallback, onDone);
  const id = `post-${post.id}-${intent}-reason`;
  return (
    <fetcher.Form method="post" ref={formRef} className="stack thread-form" onSubmit={guard(fetcher)} onKeyDown={escapeCloses(closing)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="postId" value={post.id} />
      <FormErrors codes={errors.form} />
      <TextAreaField
        id={id}
        name="reason"
        label={t(`${intent}.label`)}
        hint={t(`${intent}.hint`)}
        error={errors.fields.reason ? errorText(errors.fields.reason) : null}
        rows={3}
        maxLength={500}
        required
      />
      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('write.sending') : t(`${intent}.submit`)}
        </button>
        <CancelControl closing={closing} />
      </div>
    </fetcher.Form>
  );
}

/**
 * One reaction: a toggle button that shows how many gave it. It changes at once when pressed;
 * the count follows the post as the room sees it.
 */
function ReactionButton({ post, kind, given, onError }: { post: PostView; kind: ReactionKind; given: boolean; onError: (code: string) => void }) {
  const { t } = useTranslation('posts');
  const fetcher = useFetcher<PostActionData>();
  // The post's version when pressed: once the room's version of it arrives, its count is right.
  const pressedAt = useRef(post.changeSeq);
  useAnswer(fetcher, (answer) => {
    if (!answer.ok) onError(Object.values(answer.errors)[0] ?? 'generic');
  });
  let pressed = given;
  let count = post.reactions[kind];
  if (fetcher.state === 'submitting') {
    pressed = !given;
    if (post.changeSeq === pressedAt.current) count = Math.max(0, count + (pressed ? 1 : -1));
  } else if (fetcher.state === 'loading' && fetcher.data?.ok) {
    // The action answered; the page's data is on its way.
    pressed = (fetcher.data.result as { given?: boolean } | undefined)?.given ?? given;
  }
  return (
    <fetcher.Form method="post" className="thread-reaction" onSubmit={guard(fetcher)}>
      <input type="hidden" name="intent" value="react" />
      <input type="hidden" name="postId" value={post.id} />
      <input type="hidden" name="kind" value={kind} />
      <button
        type="submit"
        className="thread-reaction__button"
        aria-pressed={pressed}
        onClick={() => {
          pressedAt.current = post.changeSeq;
        }}
      >
        <span>{t(`reactions.${kind}`)}</span> <span className="thread-reaction__count">{count}</span>
      </button>
    </fetcher.Form>
  );
}

/** A conversation's reactions; other modules pass theirs (an argument is only upvoted). */
export const reactionOrder: readonly ReactionKind[] = ['like', 'disagree', 'unclear', 'moreInfo'];

/** The reactions of a post: buttons for those who may react, counts for everyone else. */
export function Reactions({
  post,
  mine,
  mayReact,
  onError,
  kinds = reactionOrder,
}: {
  post: PostView;
  mine: readonly ReactionKind[];
  mayReact: boolean;
  onError: (code: string) => void;
  kinds?: readonly ReactionKind[];
}) {
  const { t } = useTranslation('posts');
  if (!mayReact) {
    const given = kinds.filter((kind) => post.reactions[kind] > 0);
    if (given.length === 0) return null;
    return (
      <ul className="thread-reactions thread-reactions--read" aria-label={t('reactions.label')}>
        {given.map((kind) => (
          <li key={kind}>{t('reactions.count', { label: t(`reactions.${kind}`), count: post.reactions[kind] })}</li>
        ))}
      </ul>
    );
  }
  return (
    <div className="thread-reactions" role="group" aria-label={t('reactions.label')}>
      {kinds.map((kind) => (
        <ReactionButton key={kind} post={post} kind={kind} given={mine.includes(kind)} onError={onError} />
      ))}
    </div>
  );
}

/** After a failed submission, the first field in error (or the form's message) takes the focus. */
export function focusFirstError(form: HTMLElement | null): void {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
  if (!target) return;
  if (target.getAttribute('role') === 'alert' && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
