import { Mark, type JSONContent } from '@tiptap/core';
import type { DOMOutputSpec } from '@tiptap/pm/model';
import type { RichTextDoc } from './extensions';

/*
 * Passages of a document: finding a quote that someone selected in a rendered post, and marking
 * caught passages so that the rendered post shows them and an idea's page can link to each one.
 */

interface Position {
  /** Index of the text node in document order. */
  node: number;
  offset: number;
}

interface TextIndex {
  /** The document's text with every run of whitespace (and block boundary) as one space. */
  text: string;
  /** Where each character of `text` comes from; null for a block boundary. */
  origins: (Position | null)[];
}

const blockTypes = new Set(['paragraph', 'listItem', 'blockquote', 'bulletList', 'orderedList']);

/** A quote as a selection gives it: whitespace and line ends do not matter, nor does Unicode form. */
export function normaliseQuote(quote: string): string {
  return quote.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function indexText(doc: RichTextDoc): TextIndex {
  const index: TextIndex = { text: '', origins: [] };
  let node = 0;
  const space = (origin: Position | null) => {
    if (index.text !== '' && !index.text.endsWith(' ')) {
      index.text += ' ';
      index.origins.push(origin);
    }
  };
  const walk = (current: JSONContent) => {
    if (current.type === 'text') {
      const text = (current.text ?? '').normalize('NFC');
      for (let offset = 0; offset < text.length; offset++) {
        const char = text[offset]!;
        if (/\s/u.test(char)) space({ node, offset });
        else {
          index.text += char;
          index.origins.push({ node, offset });
        }
      }
      node++;
      return;
    }
    if (current.type === 'hardBreak') return space(null);
    const block = blockTypes.has(current.type ?? '');
    if (block) space(null);
    for (const child of current.content ?? []) walk(child);
    if (block) space(null);
  };
  walk(doc);
  return index;
}

/** Whether the quote (normalised) occurs in the document's text. */
export function containsPassage(doc: RichTextDoc, quote: string): boolean {
  const needle = normaliseQuote(quote);
  return needle !== '' && indexText(doc).text.includes(needle);
}

interface Cut {
  from: number;
  to: number;
  id: string;
  anchor: boolean;
}

/**
 * A copy of the document where each passage (its first occurrence) carries a `caught` mark
 * naming its extract; the first piece of each passage is its anchor (`#extract-<id>`). Returns
 * the ids of the passages found: a post edited since may no longer hold one.
 */
export function markPassages(doc: RichTextDoc, passages: { id: string; quote: string }[]): { doc: RichTextDoc; found: string[] } {
  const index = indexText(doc);
  const cuts = new Map<number, Cut[]>();
  const found: string[] = [];
  for (const passage of passages) {
    const needle = normaliseQuote(passage.quote);
    const at = needle === '' ? -1 : index.text.indexOf(needle);
    if (at < 0) continue;
    const start = index.origins[at];
    const end = index.origins[at + needle.length - 1];
    if (!start || !end) continue;
    found.push(passage.id);
    for (let node = start.node; node <= end.node; node++) {
      const list = cuts.get(node) ?? [];
      list.push({
        from: node === start.node ? start.offset : 0,
        to: node === end.node ? end.offset + 1 : Number.POSITIVE_INFINITY,
        id: passage.id,
        anchor: node === start.node,
      });
      cuts.set(node, list);
    }
  }
  let node = 0;
  const rebuild = (current: JSONContent): JSONContent[] => {
    if (current.type === 'text') {
      // Only this function marks passages: a `caught` mark already in the document is forged.
      const own: JSONContent = { ...current };
      const marks = current.marks?.filter((mark) => mark.type !== 'caught');
      if (marks && marks.length > 0) own.marks = marks;
      else delete own.marks;
      const nodeCuts = cuts.get(node++);
      return nodeCuts ? splitText(own, nodeCuts) : [own];
    }
    if (!current.content) return [current];
    return [{ ...current, content: current.content.flatMap(rebuild) }];
  };
  return { doc: rebuild(doc)[0] as RichTextDoc, found };
}

function splitText(textNode: JSONContent, cuts: Cut[]): JSONContent[] {
  const text = (textNode.text ?? '').normalize('NFC');
  const bounds = new Set([0, text.length]);
  for (const cut of cuts) {
    bounds.add(Math.min(cut.from, text.length));
    bounds.add(Math.min(cut.to, text.length));
  }
  const points = [...bounds].sort((a, b) => a - b);
  const pieces: JSONContent[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (from === to) continue;
    const covering = cuts.filter((cut) => cut.from <= from && cut.to >= to);
    const piece: JSONContent = { type: 'text', text: text.slice(from, to) };
    const marks = [...(textNode.marks ?? [])];
    if (covering.length > 0) {
      // Passages may start on the same character: each still needs its anchor.
      const anchors = covering.filter((cut) => cut.anchor && cut.from === from).map((cut) => cut.id);
      marks.push({ type: 'caught', attrs: { extracts: covering.map((cut) => cut.id).join(' '), anchor: anchors.length > 0 ? anchors.join(' ') : null } });
    }
    if (marks.length > 0) piece.marks = marks;
    pieces.push(piece);
  }
  return pieces;
}

/**
 * The mark of a caught passage. Only the server adds it (participants' documents are checked
 * against the editor's extensions, which do not include it).
 */
export const CaughtPassage = Mark.create({
  name: 'caught',
  addAttributes() {
    return { extracts: { default: null }, anchor: { default: null } };
  },
  renderHTML({ mark }) {
    const { extracts, anchor } = mark.attrs as { extracts: string | null; anchor: string | null };
    const [first, ...others] = anchor ? anchor.split(' ') : [];
    // One element per anchor (an element has one id): further anchors nest inside the first.
    let inner: DOMOutputSpec | 0 = 0;
    for (const id of others.reverse()) inner = ['mark', { class: 'caught', 'data-extracts': extracts, id: `extract-${id}` }, inner];
    return ['mark', { class: 'caught', 'data-extracts': extracts, ...(first ? { id: `extract-${first}` } : {}) }, inner];
  },
});
