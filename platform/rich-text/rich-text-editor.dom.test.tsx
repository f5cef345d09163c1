// @vitest-environment happy-dom
// Hydration in a simulated browser; the genuine server render is checked in rich-text-editor.test.tsx.
import type { Editor } from '@tiptap/react';
import { act } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { RichTextEditor, type RichTextEditorProps } from '../ui/rich-text-editor';
import { editorLabels, savedDoc } from './test-fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const labels = editorLabels;

function Form(props: Partial<RichTextEditorProps>) {
  return (
    <form>
      <RichTextEditor name="body" label="Your contribution" labels={labels} hint="Be kind." {...props} />
    </form>
  );
}

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

/**
 * The HTML the server sends. TipTap picks useLayoutEffect when `window` exists, which it does in
 * this simulated browser but not on the real server, so React's warning about it is muted here.
 */
function serverHtml(props: Partial<RichTextEditorProps>) {
  const log = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes('useLayoutEffect does nothing on the server')) log(...args);
  };
  try {
    return renderToString(<Form {...props} />);
  } finally {
    console.error = log;
  }
}

/** Server-renders the form, puts it in the page, and lets `beforeHydration` act like a fast user. */
async function hydrate(props: Partial<RichTextEditorProps> = {}, beforeHydration?: (form: HTMLFormElement) => void) {
  const container = document.createElement('div');
  container.innerHTML = serverHtml(props);
  document.body.append(container);
  const form = container.querySelector('form')!;
  beforeHydration?.(form);
  await act(async () => {
    root = hydrateRoot(container, <Form {...props} />);
  });
  // The editor is created in an effect after hydration, then takes over from the textarea.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
  const content = form.querySelector<HTMLElement & { editor?: Editor }>('[contenteditable]');
  return { form, content, editor: content?.editor };
}

const posted = (form: HTMLFormElement) => new FormData(form).getAll('body');
const button = (form: HTMLFormElement, name: string) =>
  Array.from(form.querySelectorAll('button')).find((candidate) => candidate.textContent === name)!;

describe('the rich-text editor', () => {
  it('becomes an editor after hydration, posting its JSON document under the same single name', async () => {
    const { form, content } = await hydrate({ defaultValue: savedDoc, lang: 'fr' });
    expect(content).not.toBeNull();
    expect(form.querySelector('textarea')).toBeNull();
    expect(posted(form)).toEqual([JSON.stringify(savedDoc)]);
    const label = form.querySelector('label')!;
    expect(content!.getAttribute('aria-labelledby')).toBe(label.id);
    expect(content!.getAttribute('aria-describedby')).toBe('field-body-hint');
    expect(content!.getAttribute('role')).toBe('textbox');
    expect(content!.getAttribute('lang')).toBe('fr');
    expect(content!.id).toBe('field-body');
  });

  it('has a toolbar of buttons with names, pressed states and a single tab stop', async () => {
    const { form } = await hydrate();
    const toolbar = form.querySelector('[role="toolbar"]')!;
    const buttons = Array.from(toolbar.querySelectorAll('button'));
    expect(buttons.map((candidate) => candidate.textContent)).toEqual(['Bold', 'Italic', 'Bulleted list', 'Numbered list', 'Quote', 'Link']);
    expect(buttons.every((candidate) => candidate.type === 'button' && candidate.getAttribute('aria-pressed') === 'false')).toBe(true);
    expect(buttons.map((candidate) => candidate.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);

    await act(async () => {
      buttons[0]!.focus();
      toolbar.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    expect(document.activeElement).toBe(buttons[5]);
    expect(buttons[5]!.tabIndex).toBe(0);
  });

  it('makes the selection bold, shows the button as pressed and posts the change', async () => {
    const { form, editor } = await hydrate({ defaultValue: savedDoc });
    await act(async () => {
      editor!.commands.selectAll();
    });
    await act(async () => {
      button(form, 'Bold').click();
    });
    expect(button(form, 'Bold').getAttribute('aria-pressed')).toBe('true');
    const [value] = posted(form);
    expect(JSON.parse(String(value)).content[0].content[0]).toEqual({ type: 'text', text: 'First', marks: [{ type: 'bold' }] });
  });

  it('links the selection only to an http(s) or mailto address given at the prompt', async () => {
    const { form, editor } = await hydrate({ defaultValue: savedDoc });
    const prompt = vi.fn<(message?: string, defaultValue?: string) => string | null>();
    window.prompt = prompt;
    await act(async () => {
      editor!.commands.selectAll();
    });

    prompt.mockReturnValue('javascript:alert(1)');
    await act(async () => button(form, 'Link').click());
    expect(prompt).toHaveBeenCalledWith('Address of the link', 'https://');
    expect(posted(form)[0]).not.toContain('"link"');

    prompt.mockReturnValue('example.org');
    await act(async () => button(form, 'Link').click());
    expect(posted(form)[0]).toContain('"href":"https://example.org/"');
    expect(button(form, 'Link').getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps what was typed into the textarea before the script loaded', async () => {
    const { form } = await hydrate({}, (page) => {
      page.querySelector('textarea')!.value = 'Typed early\n\nSecond';
    });
    const [value] = posted(form);
    expect(JSON.parse(String(value))).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Typed early' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Second' }] },
      ],
    });
  });
});
