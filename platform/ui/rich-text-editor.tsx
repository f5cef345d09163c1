/*
 * CSS this component expects (to add to the stylesheet):
 *
 * .rich-text__toolbar { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-block-end: 0.25rem; }
 * .rich-text__toolbar button { min-inline-size: 2.75rem; min-block-size: 2.75rem; }
 * .rich-text__toolbar button[aria-pressed='true'] { background: var(--color-accent, #1d4ed8); color: #fff; }
 * .rich-text__toolbar[hidden], .rich-text__editor[hidden] { display: none; }
 * .rich-text__fallback, .rich-text__content { box-sizing: border-box; inline-size: 100%; min-block-size: 10rem; }
 * .rich-text__content { padding: 0.5rem 0.75rem; border: 1px solid currentColor; border-radius: 0.25rem;
 *   overflow-wrap: anywhere; white-space: pre-wrap; }
 * .rich-text__content:focus-visible { outline: 3px solid var(--color-focus, #2563eb); outline-offset: 2px; }
 * .field--invalid .rich-text__content { border-color: var(--color-error, #b91c1c); }
 * .rich-text__content > :first-child { margin-block-start: 0; }
 * .rich-text__content > :last-child { margin-block-end: 0; }
 * .rich-text__content blockquote { margin-inline: 0; padding-inline-start: 0.75rem; border-inline-start: 3px solid; }
 * .rich-text__content ul, .rich-text__content ol { padding-inline-start: 1.5rem; }
 */
import { useTranslation } from 'react-i18next';
import { ListKeymap } from '@tiptap/extension-list';
import { UndoRedo } from '@tiptap/extensions/undo-redo';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { richTextExtensions, safeLinkHref, type RichTextDoc } from '../rich-text/extensions';
import { plainTextToDoc, richTextToPlain } from '../rich-text/plain-text';

/** Translated names of the toolbar's buttons, and the question asked for a link's address. */
export type RichTextEditorLabels = {
  bold: string;
  italic: string;
  bulletList: string;
  orderedList: string;
  blockquote: string;
  link: string;
  linkPrompt: string;
};

/** The toolbar's words in the reader's language (namespace `common`, loaded by every page). */
export function useEditorLabels(): RichTextEditorLabels {
  const { t } = useTranslation('common');
  return {
    bold: t('editor.bold'),
    italic: t('editor.italic'),
    bulletList: t('editor.bulletList'),
    orderedList: t('editor.orderedList'),
    blockquote: t('editor.blockquote'),
    link: t('editor.link'),
    linkPrompt: t('editor.linkPrompt'),
  };
}

export type RichTextEditorProps = {
  name: string;
  label: ReactNode;
  labels: RichTextEditorLabels;
  defaultValue?: RichTextDoc | null;
  hint?: ReactNode;
  error?: string | null;
  /** The language the text is expected in (for spelling and screen readers), if not the page's. */
  lang?: string;
  id?: string;
};

// Undo and list keys are editing behaviour only: they add nothing to what a document may contain.
const editorExtensions = [...richTextExtensions, UndoRedo, ListKeymap];

type ToolbarAction = {
  key: Exclude<keyof RichTextEditorLabels, 'linkPrompt'>;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor, labels: RichTextEditorLabels) => void;
};

const toolbarActions: ToolbarAction[] = [
  { key: 'bold', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { key: 'italic', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { key: 'bulletList', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { key: 'orderedList', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { key: 'blockquote', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  { key: 'link', isActive: (e) => e.isActive('link'), run: toggleLink },
];

/**
 * A rich-text field. The server and the first paint show a plain labelled textarea, so the form
 * works without JavaScript (the server reads its text as paragraphs); once hydrated it becomes a
 * TipTap editor whose JSON document is posted under the same name.
 */
export function RichTextEditor({ name, label, labels, defaultValue, hint, error, lang, id }: RichTextEditorProps) {
  const fieldId = id ?? `field-${name}`;
  const labelId = `${fieldId}-label`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(' ') || undefined;
  const initialText = useMemo(() => (defaultValue ? richTextToPlain(defaultValue) : ''), [defaultValue]);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const focusWhenActive = useRef(false);
  // The posted JSON; null while the textarea is still the field.
  const [json, setJson] = useState<string | null>(null);
  const active = json !== null;

  const editorProps = useMemo(
    () => ({
      attributes: {
        class: 'rich-text__content',
        // Once the textarea is gone, the editor takes its id so links to the field still land here.
        id: active ? fieldId : `${fieldId}-editor`,
        'aria-labelledby': labelId,
        'aria-multiline': 'true',
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': 'true' } : {}),
        ...(lang ? { lang } : {}),
      },
    }),
    [active, fieldId, labelId, describedBy, error, lang],
  );

  const editor = useEditor({
    extensions: editorExtensions,
    content: defaultValue ?? null,
    // The server renders the textarea; creating the editor after hydration avoids a mismatch.
    immediatelyRender: false,
    editorProps,
    onUpdate: ({ editor: updated }) => setJson(JSON.stringify(updated.getJSON())),
  });

  // Hand over from the textarea: keep anything typed before the script loaded, and the focus.
  useEffect(() => {
    if (!editor || active) return;
    const textarea = textareaRef.current;
    if (textarea && textarea.value !== initialText) editor.commands.setContent(plainTextToDoc(textarea.value));
    focusWhenActive.current = textarea !== null && document.activeElement === textarea;
    setJson(JSON.stringify(editor.getJSON()));
  }, [editor, active, initialText]);

  useEffect(() => {
    if (!editor || !active || !focusWhenActive.current) return;
    focusWhenActive.current = false;
    editor.commands.focus('end');
  }, [editor, active]);

  const pressed = useEditorState({
    editor,
    selector: ({ editor: current }) => (current ? toolbarActions.map((action) => action.isActive(current)) : null),
  });

  return (
    <div className={`field rich-text${error ? ' field--invalid' : ''}`}>
      <label id={labelId} htmlFor={active ? undefined : fieldId} onClick={active ? () => editor?.commands.focus() : undefined}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {active && editor ? <Toolbar editor={editor} labels={labels} pressed={pressed ?? []} labelId={labelId} /> : null}
      {active ? null : (
        <textarea
          ref={textareaRef}
          id={fieldId}
          name={name}
          className="rich-text__fallback"
          rows={8}
          defaultValue={initialText}
          lang={lang}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      <EditorContent editor={editor} className="rich-text__editor" hidden={!active} />
      {active ? <input type="hidden" name={name} value={json} /> : null}
      {error ? (
        <p className="field__error" id={`${fieldId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The formatting buttons: one tab stop, arrow keys move between buttons (the ARIA toolbar pattern). */
function Toolbar({ editor, labels, pressed, labelId }: { editor: Editor; labels: RichTextEditorLabels; pressed: boolean[]; labelId: string }) {
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = toolbarActions.length - 1;
    const next =
      event.key === 'ArrowRight' ? (current === last ? 0 : current + 1)
      : event.key === 'ArrowLeft' ? (current === 0 ? last : current - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    setCurrent(next);
    buttons.current[next]?.focus();
  }

  return (
    <div className="rich-text__toolbar" role="toolbar" aria-labelledby={labelId} onKeyDown={onKeyDown}>
      {toolbarActions.map((action, index) => (
        <button
          key={action.key}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          tabIndex={index === current ? 0 : -1}
          aria-pressed={pressed[index] ?? false}
          onFocus={() => setCurrent(index)}
          onClick={() => action.run(editor, labels)}
        >
          {labels[action.key]}
        </button>
      ))}
    </div>
  );
}

/** Removes the link under the cursor, or asks for an address and links the selection to it. */
function toggleLink(editor: Editor, labels: RichTextEditorLabels) {
  if (editor.isActive('link')) {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const answer = window.prompt(labels.linkPrompt, 'https://');
  const href = answer === null ? null : hrefFromPrompt(answer);
  if (href === null) {
    editor.commands.focus();
    return;
  }
  if (editor.state.selection.empty) {
    editor.chain().focus().insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
  } else {
    editor.chain().focus().setLink({ href }).run();
  }
}

/** What a person types for a link: a full http(s) or mailto address, "example.org" or an e-mail address. */
export function hrefFromPrompt(answer: string): string | null {
  const typed = answer.trim();
  if (typed === '') return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(typed)) return safeLinkHref(typed);
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(typed)) return safeLinkHref(`mailto:${typed}`);
  return safeLinkHref(`https://${typed}`);
}
