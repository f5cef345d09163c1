import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { containsPassage, markPassages, normaliseQuote } from './passages';
import { parseRichText, renderWithPassages, type RichTextDoc } from './rich-text.server';

/*
 * Passages an idea catcher selects in a rendered post: finding the words they selected in the
 * stored document, and showing every caught passage in the post with an anchor an idea links to.
 */

const doc = (...content: JSONContent[]): RichTextDoc => ({ type: 'doc', content });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (value: string, marks?: JSONContent['marks']): JSONContent => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const bold = [{ type: 'bold' }];

const museums = doc(
  paragraph(text('Il faudrait '), text('ouvrir les musées', bold), text(' le soir,'), { type: 'hardBreak' }, text('après  le travail.')),
  paragraph(text('Et aussi créer un '), text('pass culture', [{ type: 'italic' }]), text(' pour les familles.')),
  { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('gratuit pour les moins de 26 ans'))] }] },
);

const first = '11111111-1111-4111-8111-111111111111';
const second = '22222222-2222-4222-8222-222222222222';
const third = '33333333-3333-4333-8333-333333333333';

/** The ids of the elements of rendered HTML, and the passages each `mark` belongs to. */
function marksIn(html: string) {
  return [...html.matchAll(/<mark([^>]*)>/g)].map(([, attributes]) => ({
    id: attributes!.match(/ id="([^"]*)"/)?.[1] ?? null,
    extracts: attributes!.match(/ data-extracts="([^"]*)"/)?.[1] ?? null,
  }));
}

describe('finding a quote in a post', () => {
  it.each([
    ['across bold and plain text', 'faudrait ouvrir les musées le soir'],
    ['across a line break', 'le soir, après le travail'],
    ['across two paragraphs', 'après le travail. Et aussi créer'],
    ['into a list', 'pour les familles. gratuit pour'],
    ['with the line ends and spaces a selection gives', '  les musées\n le soir,\r\n\tAPRÈS'.replace('APRÈS', 'après')],
    ['with non-breaking spaces', 'un\u00a0pass\u00a0culture'],
    ['whatever its Unicode form', 'ouvrir les muse\u0301es'],
  ])('finds it %s', (_how, quote) => {
    expect(containsPassage(museums, quote)).toBe(true);
  });

  it.each([
    ['words that are not in the post', 'fermer les musées'],
    ['words of the post in another order', 'le soir ouvrir les musées'],
    ['two paragraphs glued together', 'travail.Et aussi'],
    ['nothing at all', '   \n '],
  ])('does not find %s', (_what, quote) => {
    expect(containsPassage(museums, quote)).toBe(false);
  });

  it('normalises a quote as it stores it', () => {
    expect(normaliseQuote('  ouvrir\n\n les  muse\u0301es ')).toBe('ouvrir les musées');
  });
});

describe('showing caught passages in a post', () => {
  it('marks a passage with the anchor an idea links to, across formatting', () => {
    const { html, found } = renderWithPassages(museums, [{ id: first, quote: 'faudrait ouvrir les musées' }]);
    expect(found).toEqual([first]);
    expect(html).toContain(`<p>Il <mark class="caught" id="extract-${first}" data-extracts="${first}">faudrait </mark><strong><mark class="caught" data-extracts="${first}">ouvrir les musées</mark></strong> le soir,`);
    // Only the passage's first piece is its anchor.
    expect(marksIn(html).filter((mark) => mark.id !== null)).toHaveLength(1);
  });

  it('marks a passage over two paragraphs in each of them, and leaves the words as they were', () => {
    const { html } = renderWithPassages(museums, [{ id: first, quote: 'après le travail. Et aussi' }]);
    expect(marksIn(html)).toEqual([
      { id: `extract-${first}`, extracts: first },
      { id: null, extracts: first },
    ]);
    expect(html.replace(/<[^>]+>/g, '')).toBe('Il faudrait ouvrir les musées le soir,après  le travail.Et aussi créer un pass culture pour les familles.gratuit pour les moins de 26 ans');
  });

  it('marks overlapping passages, each with its own anchor, and the overlap as belonging to both', () => {
    const { html, found } = renderWithPassages(museums, [
      { id: first, quote: 'ouvrir les musées' },
      { id: second, quote: 'les musées le soir' },
    ]);
    expect(found).toEqual([first, second]);
    expect(marksIn(html)).toEqual([
      { id: `extract-${first}`, extracts: first },
      { id: `extract-${second}`, extracts: `${first} ${second}` },
      { id: null, extracts: second },
    ]);
  });

  it('gives an anchor to every passage, even when two start on the same word', () => {
    const { html } = renderWithPassages(museums, [
      { id: first, quote: 'ouvrir les musées' },
      { id: second, quote: 'ouvrir les musées le soir' },
      { id: third, quote: 'ouvrir' },
    ]);
    const anchors = marksIn(html).flatMap((mark) => (mark.id ? [mark.id] : []));
    expect(anchors.sort()).toEqual([`extract-${first}`, `extract-${second}`, `extract-${third}`]);
  });

  it('leaves out a passage no longer in the post (edited since it was caught)', () => {
    const { html, found } = renderWithPassages(museums, [
      { id: first, quote: 'fermer les musées' },
      { id: second, quote: 'pass culture' },
    ]);
    expect(found).toEqual([second]);
    expect(html).not.toContain(first);
  });

  it('does not change the stored document', () => {
    const before = JSON.stringify(museums);
    markPassages(museums, [{ id: first, quote: 'ouvrir les musées le soir' }]);
    expect(JSON.stringify(museums)).toBe(before);
  });
});

describe('a forged passage mark', () => {
  const forged = doc(
    paragraph(
      text('Cliquez ', [{ type: 'caught', attrs: { anchor: 'x" onmouseover="alert(1)', extracts: '<script>alert(1)</script>' } }]),
      text('ici', [{ type: 'caught', attrs: { anchor: '00000000-0000-0000-0000-000000000000 onclick', extracts: 'javascript:alert(1)' } }]),
      text(' pour voir.'),
    ),
  );

  it('is refused when a participant sends it: only the server marks passages', () => {
    expect(parseRichText(JSON.stringify(forged))).toEqual({ ok: false, error: 'invalid' });
    expect(parseRichText(forged)).toEqual({ ok: false, error: 'invalid' });
  });

  it('is dropped when a stored document holding one is rendered, while the server’s own marks stay', () => {
    const { html } = renderWithPassages(forged, [{ id: first, quote: 'pour voir' }]);
    expect(html).not.toMatch(/onmouseover|onclick|<script|javascript:/);
    expect(marksIn(html)).toEqual([{ id: `extract-${first}`, extracts: first }]);
    expect(html).toContain('<p>Cliquez ici ');
  });
});
