import { useLocation, useSearchParams } from '@remix-run/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * Small pieces shared by the thread's forms: what the module's route answers, how its error
 * codes read, a labelled textarea, and whether the page runs with JavaScript yet.
 */

/** What the module page's action answers (see app/routes/consultations.$slug.modules.$instanceId.tsx). */
export interface PostActionData {
  ok: boolean;
  intent: string;
  result?: unknown;
  errors: Record<string, string>;
}

/** Which form is open under a post. */
export type PanelKind = 'reply' | 'edit' | 'delete' | 'report' | 'hide' | 'catch';
export const panelKinds: readonly PanelKind[] = ['reply', 'edit', 'delete', 'report', 'hide', 'catch'];

export const panelIntent: Record<PanelKind, string> = {
  reply: 'post',
  edit: 'edit',
  delete: 'delete',
  report: 'report',
  hide: 'hide',
  catch: 'catch',
};

let hydratedOnce = false;

/**
 * False on the server and during hydration, true after: what only works with JavaScript
 * (toggle buttons, local times) appears then, so the server's HTML and the first render agree.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(hydratedOnce);
  useEffect(() => {
    hydratedOnce = true;
    setHydrated(true);
  }, []);
  return hydrated;
}

/** The sentence for an error code of the module's action (codes are keys under `errors`). */
export function useErrorText(): (code: string) => string {
  const { t } = useTranslation('posts');
  return (code) => t(`errors.${code}`, { defaultValue: t('errors.generic') });
}

/**
 * The errors a form shows beside its fields, and the rest (about the whole form, or about a
 * field it does not have) as one message.
 */
export function splitErrors(errors: Record<string, string> | undefined, fields: readonly string[]): { fields: Record<string, string>; form: string[] } {
  const byField: Record<string, string> = {};
  const form: string[] = [];
  for (const [field, code] of Object.entries(errors ?? {})) {
    if (fields.includes(field)) byField[field] = code;
    else form.push(code);
  }
  return { fields: byField, form };
}

/** Kept here for the modules that took it from the post components. */
export { useEditorLabels } from '../rich-text-editor';

/**
 * When a date was written. The server and hydration show it in UTC (they must agree); the
 * browser then shows the reader's own time.
 */
export function PostTime({ value, locale }: { value: string; locale: string }) {
  const hydrated = useHydrated();
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: hydrated ? undefined : 'UTC' }).format(new Date(value));
  return <time dateTime={value}>{hydrated ? text : `${text} UTC`}</time>;
}

/** Plain text of sanitised post HTML, for the no-JavaScript edit form (blocks become paragraphs). */
export function htmlToPlainText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<\/(p|li|blockquote|ul|ol)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Which form is open under which post. A link (`?post=…&panel=…`) opens one without JavaScript,
 * and the action's answer to it comes back with the page (`urlAnswer`); with JavaScript the
 * post's buttons set it. Another address (another window of posts) opens what it names.
 */
export function usePostPanel(actionData: PostActionData | undefined) {
  const [params] = useSearchParams();
  const location = useLocation();
  const urlPanel = useMemo(() => {
    const postId = params.get('post');
    const kind = params.get('panel');
    return postId && panelKinds.includes(kind as PanelKind) ? { postId, kind: kind as PanelKind } : null;
  }, [params]);
  const urlAnswer = urlPanel && actionData && actionData.intent === panelIntent[urlPanel.kind] ? actionData : undefined;
  const [panel, setPanel] = useState(urlAnswer?.ok ? null : urlPanel);
  const search = location.search;
  const firstSearch = useRef(search);
  useEffect(() => {
    if (search === firstSearch.current) return;
    firstSearch.current = search;
    setPanel(urlPanel);
  }, [search, urlPanel]);
  /** A post's part of it: the props of its PostItem that say which of its forms is open. */
  const panelOf = (postId: string) => ({
    panel: panel?.postId === postId ? panel.kind : null,
    onPanel: (kind: PanelKind | null) => setPanel(kind ? { postId, kind } : null),
    fallback: urlPanel?.postId === postId ? urlAnswer : undefined,
  });
  return { urlPanel, urlAnswer, panel, setPanel, panelOf };
}
