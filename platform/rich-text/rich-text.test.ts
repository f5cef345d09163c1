import { Window } from 'happy-dom';
import type { JSONContent } from '@tiptap/core';
import { parseRichText, plainTextToDoc, renderRichText, richTextToPlain, type RichTextDoc } from './rich-text.server';

const doc = (...content: JSONContent[]): RichTextDoc => ({ type: 'doc', content });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (value: string, marks?: JSONContent['marks']): JSONContent => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const link = (href: unknown, attrs: Record<string, unknown> = {}) => [{ type: 'link', attrs: { href, ...attrs } }];
const item = (value: string): JSONContent => ({ type: 'listItem', content: [paragraph(text(value))] });

function parsed(input: unknown, options?: { maxChars?: number }) {
  const result = parseRichText(input, options);
  if (!result.ok) throw new Error(`expected rich text to be accepted, got '${result.error}'`);
  return result;
}

describe('a document from the editor', () => {
  const everything = doc(
    paragraph(text('Plain, '), text('bold', [{ type: 'bold' }]), text(' and '), text('italic', [{ type: 'italic' }]), { type: 'hardBreak' }, text('a link', link('https://example.org/page?q=1'))),
    { type: 'bulletList', content: [item('one'), item('two')] },
    { type: 'orderedList', attrs: { start: 3, type: null }, content: [item('three')] },
    { type: 'blockquote', content: [paragraph(text('quoted'))] },
  );

  it('is accepted as JSON text or as an object, and rendered as the same HTML', () => {
    const fromString = parsed(JSON.stringify(everything));
    const fromObject = parsed(everything);
    expect(fromObject.doc).toEqual(fromString.doc);
    expect(renderRichText(fromString.doc)).toBe(
      '<p>Plain, <strong>bold</strong> and <em>italic</em><br />' +
        '<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.org/page?q=1">a link</a></p>' +
        '<ul><li><p>one</p></li><li><p>two</p></li></ul>' +
        '<ol start="3"><li><p>three</p></li></ol>' +
        '<blockquote><p>quoted</p></blockquote>',
    );
  });

  it('comes with its plain text, which is what the length limit counts', () => {
    expect(parsed(everything).text).toBe('Plain, bold and italic\na link\n\n- one\n- two\n\n3. three\n\n> quoted');
  });

  it('accepts mailto links, and stores every link with the canonical address and the fixed rel and target', () => {
    const result = parsed(
      doc(paragraph(text('write', link('mailto:team@example.org')), text(' visit', link(' HTTPS://Example.org', { rel: 'opener', target: '_self' })))),
    );
    const marks = result.doc.content?.[0]?.content?.map((node) => node.marks?.[0]?.attrs);
    expect(marks).toEqual([
      { href: 'mailto:team@example.org', rel: 'noopener noreferrer nofollow', target: '_blank' },
      { href: 'https://example.org/', rel: 'noopener noreferrer nofollow', target: '_blank' },
    ]);
  });
});

describe('a document Plenum does not allow', () => {
  it.each([
    ['a heading', doc({ type: 'heading', attrs: { level: 1 }, content: [text('Title')] })],
    ['an image', doc(paragraph({ type: 'image', attrs: { src: 'https://example.org/a.png' } }))],
    ['a code block', doc({ type: 'codeBlock', content: [text('x')] })],
    ['an unknown mark', doc(paragraph(text('x', [{ type: 'code' }])))],
    ['an underline', doc(paragraph(text('x', [{ type: 'underline' }])))],
    ['an unknown attribute on a node', doc({ type: 'paragraph', attrs: { style: 'color:red' }, content: [text('x')] })],
    ['an unknown attribute on a link', doc(paragraph(text('x', link('https://example.org', { class: 'button' }))))],
    ['an attribute that is not a plain value', doc({ type: 'orderedList', attrs: { start: { toString: 'x' } }, content: [item('x')] })],
    ['a list starting at a fraction', doc({ type: 'orderedList', attrs: { start: 1.5 }, content: [item('x')] })],
    ['an unknown key on a node', { type: 'doc', content: [paragraph(text('x'))], html: '<b>x</b>' }],
    ['a mark with an unknown key', doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'bold', onclick: 'x' }] }))],
    ['text directly in the document', doc(text('x'))],
    ['a list item outside a list', doc(item('x'))],
    ['a list without items', doc({ type: 'bulletList', content: [paragraph(text('x'))] })],
    ['a mark on a paragraph', doc({ type: 'paragraph', marks: [{ type: 'bold' }], content: [text('x')] })],
    ['the same mark twice', doc(paragraph(text('x', [{ type: 'bold' }, { type: 'bold' }])))],
    ['content inside a line break', doc(paragraph({ type: 'hardBreak', content: [text('x')] }))],
    ['an empty text node', doc(paragraph(text('')))],
    ['text that is not a string', doc(paragraph({ type: 'text', text: 42 } as unknown as JSONContent))],
    ['a paragraph as the root', paragraph(text('x'))],
    ['a document without content', { type: 'doc' }],
    ['an array', [paragraph(text('x'))]],
    ['a number', 42],
    ['a NUL character, which the database cannot store', doc(paragraph(text('a\u0000b')))],
    ['nesting deeper than a person writes', doc(Array.from({ length: 40 }).reduce<JSONContent>((inner) => ({ type: 'blockquote', content: [inner] }), paragraph(text('x'))))],
  ])('refuses %s as invalid', (_, input) => {
    expect(parseRichText(input)).toEqual({ ok: false, error: 'invalid' });
    // A string that is not a JSON object is plain text from the fallback, so only objects are sent as JSON too.
    if (typeof input === 'object' && !Array.isArray(input)) expect(parseRichText(JSON.stringify(input))).toEqual({ ok: false, error: 'invalid' });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'java&#115;cript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/',
    '//evil.example/',
    '/relative/path',
    'example.org',
    '',
    null,
    42,
  ])('refuses a link to %j as unsafe', (href) => {
    expect(parseRichText(doc(paragraph(text('click', link(href)))))).toEqual({ ok: false, error: 'unsafeLink' });
  });
});

describe('an empty or over-long submission', () => {
  it.each([
    ['an empty document', doc({ type: 'paragraph' })],
    ['a document of whitespace', doc(paragraph(text(' \u00a0 ')), paragraph({ type: 'hardBreak' }))],
    ['a list of empty items', doc({ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] })],
    ['empty text', ''],
    ['whitespace only', '  \n\n \t \r\n '],
    ['a missing field', null],
    ['an undefined value', undefined],
  ])('refuses %s as empty', (_, input) => {
    expect(parseRichText(input)).toEqual({ ok: false, error: 'empty' });
  });

  it('accepts exactly maxChars characters and refuses one more', () => {
    expect(parseRichText('x'.repeat(10_000)).ok).toBe(true);
    expect(parseRichText('x'.repeat(10_001))).toEqual({ ok: false, error: 'tooLong' });
    expect(parseRichText('x'.repeat(21), { maxChars: 20 })).toEqual({ ok: false, error: 'tooLong' });
    expect(parseRichText(doc(paragraph(text('x'.repeat(21)))), { maxChars: 20 })).toEqual({ ok: false, error: 'tooLong' });
  });

  it('refuses a document of countless empty paragraphs as too long', () => {
    const paragraphs = Array.from({ length: 300 }, () => ({ type: 'paragraph' }));
    expect(parseRichText(doc(paragraph(text('x')), ...paragraphs), { maxChars: 100 })).toEqual({ ok: false, error: 'tooLong' });
  });
});

describe('plain text from the form without JavaScript', () => {
  it('becomes paragraphs at blank lines and line breaks at single newlines', () => {
    const result = parsed('First line\nsecond line\r\n\r\nSecond paragraph\n \n\n\nThird');
    expect(result.doc).toEqual(
      doc(paragraph(text('First line'), { type: 'hardBreak' }, text('second line')), paragraph(text('Second paragraph')), paragraph(text('Third'))),
    );
    expect(renderRichText(result.doc)).toBe('<p>First line<br />second line</p><p>Second paragraph</p><p>Third</p>');
  });

  it('stays text when it merely starts with a brace', () => {
    expect(parsed('{draft} my idea').text).toBe('{draft} my idea');
  });

  it('loses NUL characters and lone surrogates, which the database cannot store', () => {
    expect(parsed('a\u0000b\ud800c').text).toBe('ab\ufffdc');
  });

  it('round-trips through the textarea the editor shows before it loads', () => {
    const original = plainTextToDoc('One\ntwo\n\nThree');
    expect(plainTextToDoc(richTextToPlain(original))).toEqual(original);
  });
});

// Ways to smuggle script into a page, as text and as link targets.
const xssCorpus = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"//',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="java&#115;cript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  'javascript:alert(1)',
  'java&#115;cript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '</p><script>alert(1)</script><p>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<p onclick="alert(1)">x</p>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>script>alert(1)<</script>/script>',
  '<!--<script>alert(1)//-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="https://example.org/" onmouseover="alert(1)">x</a>',
  'https://example.org/" onmouseover="alert(1)',
  '<b onmouseover=alert(1)>unclosed <i',
];

const allowedTags = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a']);

/** Fails unless the HTML has no script, no event handler and no link that is not http(s) or mailto. */
function expectHarmless(html: string) {
  expect(html).not.toMatch(/<script/i);
  // Text is escaped, so every "<" left opens a real tag: none may carry an on…= attribute.
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  const window = new Window();
  try {
    const container = window.document.createElement('div');
    container.innerHTML = html;
    for (const element of container.querySelectorAll('*')) {
      expect(allowedTags).toContain(element.tagName.toLowerCase());
      for (const attribute of Array.from(element.attributes)) {
        const { name } = attribute;
        const value = attribute.value ?? '';
        expect(name).not.toMatch(/^on/i);
        if (name === 'href') expect(['http:', 'https:', 'mailto:']).toContain(new URL(value).protocol);
        expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
    }
  } finally {
    void window.happyDOM.close();
  }
}

describe('an XSS corpus', () => {
  it('has at least 20 payloads, and a check that catches each kind of attack', () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(20);
    expect(() => expectHarmless('<p>x</p><script>alert(1)</script>')).toThrow();
    expect(() => expectHarmless('<p onclick="alert(1)">x</p>')).toThrow();
    expect(() => expectHarmless('<p><a href="javascript:alert(1)">x</a></p>')).toThrow();
    expect(() => expectHarmless('<p><a href=" data:text/html,x">x</a></p>')).toThrow();
    expect(() => expectHarmless('<p><img src="x"></p>')).toThrow();
    expectHarmless('<p>&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p>');
  });

  it.each(xssCorpus)('is harmless as plain text: %s', (payload) => {
    const result = parsed(payload);
    expect(result.text).toBe(payload);
    expectHarmless(renderRichText(result.doc));
  });

  it.each(xssCorpus)('is harmless inside a text node of a document: %s', (payload) => {
    const result = parsed(JSON.stringify(doc(paragraph(text(payload, [{ type: 'bold' }])), { type: 'blockquote', content: [paragraph(text(payload))] })));
    expectHarmless(renderRichText(result.doc));
  });

  it.each(xssCorpus)('is refused or harmless as a link target: %s', (payload) => {
    const result = parseRichText(doc(paragraph(text(payload, link(payload)))));
    if (result.ok) expectHarmless(renderRichText(result.doc));
    else expect(result.error).toBe('unsafeLink');
  });

  it('is harmless even in a document that reached the database without being checked', () => {
    const unchecked = doc(
      paragraph(text('a', link('javascript:alert(1)')), text('b', link('data:text/html,<script>alert(1)</script>'))),
      paragraph(text('c', link('https://example.org', { target: '"><script>alert(1)</script>', rel: 'opener' }))),
    );
    const html = renderRichText(unchecked);
    expectHarmless(html);
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
