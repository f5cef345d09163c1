import type { JSONContent } from '@tiptap/core';
import type { RichTextDoc } from './extensions';

/*
 * Conversions between rich text and plain text. Browser-safe: the editor shows the plain text in
 * its no-JavaScript textarea, and the server uses it for the fallback, the seed and length checks.
 */

/**
 * A document from plain text: paragraphs are separated by blank lines, and a single newline is a
 * line break. Text that is only whitespace gives one empty paragraph.
 */
export function plainTextToDoc(text: string): RichTextDoc {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '');
  if (paragraphs.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] };
  return {
    type: 'doc',
    content: paragraphs.map((paragraph) => {
      const content: JSONContent[] = [];
      paragraph.split('\n').forEach((line, index) => {
        if (index > 0) content.push({ type: 'hardBreak' });
        // ProseMirror refuses empty text nodes.
        if (line !== '') content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}

/**
 * The text of a document, readable without formatting (for the no-JavaScript textarea, e-mails and
 * search): blocks separated by a blank line, list items marked "- " or "1. ", quotes with "> ".
 */
export function richTextToPlain(doc: RichTextDoc): string {
  return blocksToPlain(doc.content ?? [], '\n\n');
}

function blocksToPlain(blocks: JSONContent[], separator: string): string {
  return blocks.map(blockToPlain).join(separator);
}

function blockToPlain(node: JSONContent): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return children.map(inlineToPlain).join('');
    case 'bulletList':
      return listToPlain(children, () => '- ');
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      return listToPlain(children, (index) => `${start + index}. `);
    }
    case 'blockquote':
      return blocksToPlain(children, '\n\n')
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    default:
      return node.text ?? blocksToPlain(children, '\n\n');
  }
}

function listToPlain(items: JSONContent[], marker: (index: number) => string): string {
  return items
    .map((item, index) => {
      const prefix = marker(index);
      const indent = ' '.repeat(prefix.length);
      return blocksToPlain(item.content ?? [], '\n')
        .split('\n')
        .map((line, lineIndex) => (lineIndex === 0 ? prefix + line : line === '' ? '' : indent + line))
        .join('\n');
    })
    .join('\n');
}

function inlineToPlain(node: JSONContent): string {
  if (node.type === 'hardBreak') return '\n';
  return node.text ?? '';
}
