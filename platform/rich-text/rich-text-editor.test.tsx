import { Window } from 'happy-dom';
import { renderToString } from 'react-dom/server';
import { hrefFromPrompt, RichTextEditor } from '../ui/rich-text-editor';
import { editorLabels, savedDoc } from './test-fixtures';

// Runs in Node like the real server: no window, so this is the HTML a browser without JavaScript gets.

const labels = editorLabels;

describe('the rich-text editor on the server', () => {
  it('is a labelled textarea holding the plain text, so the form works without JavaScript', () => {
    const html = renderToString(
      <RichTextEditor name="body" label="Your contribution" labels={labels} hint="Be kind." defaultValue={savedDoc} error="Write something." />,
    );
    const window = new Window();
    const page = window.document.createElement('div');
    page.innerHTML = html;
    const textarea = page.querySelector('textarea')!;
    expect(textarea.name).toBe('body');
    expect(textarea.value).toBe('First\nline');
    expect(page.querySelector(`label[for="${textarea.id}"]`)?.textContent).toBe('Your contribution');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(textarea.getAttribute('aria-describedby')).toBe('field-body-hint field-body-error');
    expect(page.querySelector('[contenteditable], [role="toolbar"], input[name="body"]')).toBeNull();
    void window.happyDOM.close();
  });
});

describe('a link address typed at the prompt', () => {
  it.each([
    ['https://example.org/a', 'https://example.org/a'],
    ['  example.org/path ', 'https://example.org/path'],
    ['mailto:team@example.org', 'mailto:team@example.org'],
    ['team@example.org', 'mailto:team@example.org'],
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['', null],
  ])('%j links to %j', (typed, href) => {
    expect(hrefFromPrompt(typed)).toBe(href);
  });
});
