import { getSchema, type JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html/server';
import type { Schema } from '@tiptap/pm/model';
import sanitizeHtml from 'sanitize-html';
import { linkRel, richTextExtensions, safeLinkHref, type RichTextDoc } from './extensions';
import { CaughtPassage, markPassages } from './passages';
import { plainTextToDoc, richTextToPlain } from './plain-text';

export { plainTextToDoc, richTextToPlain } from './plain-text';
export { containsPassage, normaliseQuote } from './passages';
export type { RichTextDoc } from './extensions';

export type RichTextError = 'empty' | 'tooLong' | 'invalid' | 'unsafeLink';
export type ParsedRichText = { ok: true; doc: RichTextDoc; text: string } | { ok: false; error: RichTextError };

// Deeper nesting than this is not something a person writes, and the checks below recurse.
const maxDepth = 32;

let cachedSchema: Schema | undefined;
function richTextSchema(): Schema {
  cachedSchema ??= getSchema(richTextExtensions);
  return cachedSchema;
}

/**
 * Reads rich text submitted by a form: the editor's JSON document (a string or an object), or
 * plain text from the no-JavaScript textarea. The document is checked strictly against the
 * editor's schema (nothing it does not know is dropped silently: it is refused) and comes back
 * normalised, with the plain text that `maxChars` counts.
 */
export function parseRichText(input: unknown, { maxChars = 10_000 }: { maxChars?: number } = {}): ParsedRichText {
  if (input === null || input === undefined) return { ok: false, error: 'empty' };
  let json: unknown;
  if (typeof input === 'string') {
    // Markup and JSON may be several times longer than their text, but not without bound.
    if (input.length > maxChars * 100 + 10_000) return { ok: false, error: 'tooLong' };
    json = input.trimStart().startsWith('{') ? parseJson(input) : undefined;
    // Text typed without JavaScript that merely starts with "{" is still text.
    if (json === undefined) json = plainTextToDoc(storableText(input));
  } else {
    json = input;
  }

  const budget = { nodes: maxChars * 2 + 100 };
  const checked = checkNode(json, richTextSchema(), 0, budget);
  if (typeof checked === 'string') return { ok: false, error: checked };
  if (checked.type !== 'doc') return { ok: false, error: 'invalid' };

  let doc: RichTextDoc;
  let hasText: boolean;
  try {
    const node = richTextSchema().nodeFromJSON(checked);
    node.check();
    doc = node.toJSON() as RichTextDoc;
    hasText = node.textContent.trim() !== '';
  } catch {
    return { ok: false, error: 'invalid' };
  }
  if (!hasText) return { ok: false, error: 'empty' };
  const text = richTextToPlain(doc);
  if (text.length > maxChars) return { ok: false, error: 'tooLong' };
  return { ok: true, doc, text };
}

/**
 * HTML for a stored document: TipTap's own serialiser with the editor's extensions, then an
 * allowlist sanitiser as a second layer, in case a document reached the database unchecked.
 */
export function renderRichText(doc: RichTextDoc): string {
  return sanitizeHtml(generateHTML(doc, richTextExtensions), sanitizeOptions);
}

/**
 * The same, with caught passages marked (`<mark class="caught" id="extract-…">`): a post shows
 * which of its passages became ideas, and an idea's page links to each passage.
 */
export function renderWithPassages(doc: RichTextDoc, passages: { id: string; quote: string }[]): { html: string; found: string[] } {
  if (passages.length === 0) return { html: renderRichText(doc), found: [] };
  const marked = markPassages(doc, passages);
  return { html: sanitizeHtml(generateHTML(marked.doc, [...richTextExtensions, CaughtPassage]), sanitizeOptions), found: marked.found };
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a', 'mark'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'], mark: ['class', 'id', 'data-extracts'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Whatever a stored link says, it opens apart from Plenum and passes no referrer or ranking.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: linkRel, target: '_blank' } }),
    // Only the server's own passage marks, with the ids it generates, survive.
    mark: (tagName, attribs) => ({
      tagName,
      attribs: {
        class: 'caught',
        ...(/^extract-[0-9a-f-]{36}$/.test(attribs.id ?? '') ? { id: attribs.id! } : {}),
        ...(/^[0-9a-f -]+$/.test(attribs['data-extracts'] ?? '') ? { 'data-extracts': attribs['data-extracts']! } : {}),
      },
    }),
  },
};

function parseJson(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return undefined;
  }
}

// PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate: the database would refuse the row.
const unstorable = /\0|\p{Surrogate}/u;
function storableText(text: string): string {
  return text.replace(/\0/g, '').replace(/\p{Surrogate}/gu, '\uFFFD');
}

const nodeKeys = new Set(['type', 'attrs', 'content', 'text', 'marks']);
const markKeys = new Set(['type', 'attrs']);

/**
 * Checks one node of submitted JSON and returns a clean copy of it, or why it is refused.
 * ProseMirror's own `nodeFromJSON` drops unknown attributes and keys without a word, so this walk
 * refuses them first; the structure (what may contain what) is left to `Node.check()`.
 */
function checkNode(value: unknown, schema: Schema, depth: number, budget: { nodes: number }): JSONContent | RichTextError {
  if (depth > maxDepth || !isPlainObject(value)) return 'invalid';
  if (--budget.nodes < 0) return 'tooLong';
  if (Object.keys(value).some((key) => !nodeKeys.has(key))) return 'invalid';
  const { type, attrs, content, text, marks } = value;
  if (typeof type !== 'string' || !Object.hasOwn(schema.nodes, type)) return 'invalid';
  const node: JSONContent = { type };

  if (attrs !== undefined) {
    const checkedAttrs = checkAttrs(attrs, schema.nodes[type]!.spec.attrs);
    if (checkedAttrs === null) return 'invalid';
    if (type === 'orderedList' && !isListStart(checkedAttrs)) return 'invalid';
    node.attrs = checkedAttrs;
  }
  if (text !== undefined) {
    if (type !== 'text' || typeof text !== 'string' || unstorable.test(text)) return 'invalid';
    node.text = text;
  }
  if (marks !== undefined) {
    if (!Array.isArray(marks)) return 'invalid';
    node.marks = [];
    for (const mark of marks) {
      const checkedMark = checkMark(mark, schema);
      if (typeof checkedMark === 'string') return checkedMark;
      node.marks.push(checkedMark);
    }
  }
  if (content !== undefined) {
    if (!Array.isArray(content)) return 'invalid';
    node.content = [];
    for (const child of content) {
      const checkedChild = checkNode(child, schema, depth + 1, budget);
      if (typeof checkedChild === 'string') return checkedChild;
      node.content.push(checkedChild);
    }
  }
  return node;
}

function checkMark(value: unknown, schema: Schema): { type: string; attrs?: Record<string, unknown> } | RichTextError {
  if (!isPlainObject(value) || Object.keys(value).some((key) => !markKeys.has(key))) return 'invalid';
  const { type, attrs } = value;
  if (typeof type !== 'string' || !Object.hasOwn(schema.marks, type)) return 'invalid';
  const checkedAttrs = attrs === undefined ? {} : checkAttrs(attrs, schema.marks[type]!.spec.attrs);
  if (checkedAttrs === null) return 'invalid';
  if (type !== 'link') return attrs === undefined ? { type } : { type, attrs: checkedAttrs };
  const href = safeLinkHref(checkedAttrs.href);
  if (href === null) return 'unsafeLink';
  // Only where a link goes is the author's to choose: `rel` and `target` always take the defaults.
  return { type, attrs: { href } };
}

/** The attributes if each is one the schema knows, with a plain value; else null. */
function checkAttrs(attrs: unknown, known: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!isPlainObject(attrs)) return null;
  for (const [name, value] of Object.entries(attrs)) {
    if (!known || !Object.hasOwn(known, name)) return null;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    if (typeof value === 'string' && unstorable.test(value)) return null;
  }
  return attrs;
}

function isListStart(attrs: Record<string, unknown>): boolean {
  const { start, type } = attrs;
  const startOk = start === undefined || (Number.isSafeInteger(start) && (start as number) >= 0 && (start as number) <= 1_000_000);
  const typeOk = type === undefined || type === null || (typeof type === 'string' && ['1', 'a', 'A', 'i', 'I'].includes(type));
  return startOk && typeOk;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
