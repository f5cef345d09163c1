import type { Attributes, JSONContent } from '@tiptap/core';
import Blockquote from '@tiptap/extension-blockquote';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Italic from '@tiptap/extension-italic';
import Link from '@tiptap/extension-link';
import { BulletList, ListItem, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';

/** A rich-text document as the editor produces it and the database stores it (`jsonb`). */
export type RichTextDoc = JSONContent & { type: 'doc' };

/** The only URL schemes a link may use. */
export const allowedLinkProtocols: readonly string[] = ['http:', 'https:', 'mailto:'];

export const linkRel = 'noopener noreferrer nofollow';

/**
 * The canonical form of a link target if Plenum allows it, else null. Parsing with the WHATWG URL
 * parser (as browsers do) rather than matching text defeats tricks such as `java\tscript:`,
 * leading control characters or upper-case schemes.
 */
export function safeLinkHref(href: unknown): string | null {
  if (typeof href !== 'string' || href.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return allowedLinkProtocols.includes(url.protocol) ? url.href : null;
}

/**
 * A link carries only where it goes: `class` and `title` are removed from the schema, so a
 * document that sets them is refused rather than rendered.
 */
const PlenumLink = Link.extend({
  addAttributes() {
    const attributes: Attributes = this.parent?.() ?? {};
    return Object.fromEntries(Object.entries(attributes).filter(([name]) => ['href', 'target', 'rel'].includes(name)));
  },
}).configure({
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: 'https',
  HTMLAttributes: { rel: linkRel, target: '_blank', class: null },
  // TipTap checks typed, pasted and auto-detected links with this, so none can become javascript:.
  // Being strict also means a bare "example.org" is not auto-linked: the server would refuse it.
  isAllowedUri: (url) => safeLinkHref(url) !== null,
});

/**
 * Everything Plenum's rich text may contain, shared by the editor (browser) and by validation and
 * rendering (server): paragraphs, bold, italic, bulleted and numbered lists, quotes, line breaks
 * and links. No headings, images, code or raw HTML.
 */
export const richTextExtensions = [
  Document,
  Paragraph,
  Text,
  Bold,
  Italic,
  BulletList,
  OrderedList,
  ListItem,
  Blockquote,
  HardBreak,
  PlenumLink,
];
