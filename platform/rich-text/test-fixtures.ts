import type { RichTextDoc } from './extensions';

/** Toolbar labels and a saved document, shared by the editor's server-render and hydration tests. */
export const editorLabels = {
  bold: 'Bold',
  italic: 'Italic',
  bulletList: 'Bulleted list',
  orderedList: 'Numbered list',
  blockquote: 'Quote',
  link: 'Link',
  linkPrompt: 'Address of the link',
};

export const savedDoc: RichTextDoc = {
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First' }, { type: 'hardBreak' }, { type: 'text', text: 'line' }] }],
};
