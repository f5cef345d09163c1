import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toXlsx } from './xlsx.server';

/** The sheet as Excel reads it: each cell's text (shared strings resolved) or number, by reference (A1, B2…). */
async function cellsOf(buffer: Buffer) {
  const files = unzipSync(new Uint8Array(buffer));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const unescape = (xml: string) => xml.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const strings = [...strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array()).matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((match) => unescape(match[1]!));
  const styles = strFromU8(files['xl/styles.xml']!);
  const cells = new Map<string, { text?: string; number?: number; style: string | null }>();
  for (const [, reference, attributes, value] of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(?:<v>([^<]*)<\/v>)?<\/c>/g)) {
    const style = /s="(\d+)"/.exec(attributes!)?.[1] ?? null;
    if (/t="s"/.test(attributes!)) cells.set(reference!, { text: strings[Number(value)], style });
    else cells.set(reference!, { number: Number(value), style });
  }
  return { files, sheet, styles, cells };
}

describe('a download as an Excel workbook', () => {
  it('holds one sheet with the header row in bold, numbers as numbers and text as text', async () => {
    const buffer = await toXlsx([
      { id: 'p1', text: 'Il faut rendre les musées gratuits', votes: 1200, agree_value: 0.625 },
      { id: 'p2', text: '=HYPERLINK("http://evil")', votes: 3, agree_value: null },
    ]);
    // A zip file, as every .xlsx is.
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const { files, styles, cells } = await cellsOf(buffer);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']));

    expect(['A1', 'B1', 'C1', 'D1'].map((reference) => cells.get(reference)?.text)).toEqual(['id', 'text', 'votes', 'agree_value']);
    expect(cells.get('C2')).toEqual({ number: 1200, style: null });
    expect(cells.get('D2')?.number).toBe(0.625);
    // A formula typed by a participant stays text: no <f> element anywhere.
    expect(cells.get('B3')?.text).toBe('=HYPERLINK("http://evil")');
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).not.toContain('<f>');
    // An empty figure is an empty cell, not a zero.
    expect(cells.has('D3')).toBe(false);

    const headerStyle = Number(cells.get('A1')?.style);
    const fontOfStyle = [...styles.matchAll(/<xf ([^>]*)>/g)][headerStyle]![1]!;
    const fontId = Number(/fontId="(\d+)"/.exec(fontOfStyle)?.[1] ?? 0);
    expect([...styles.matchAll(/<font>(.*?)<\/font>/g)][fontId]![1]).toContain('<b/>');
  });

  it('freezes the header and sizes each column to its content', async () => {
    const { sheet } = await cellsOf(await toXlsx([{ id: 'p1', text: 'x'.repeat(30) }]));
    expect(sheet).toMatch(/state="frozen"/);
    expect(sheet).toMatch(/<col min="2" max="2" width="32"/);
  });

  it('writes a workbook for an empty download too', async () => {
    const { cells } = await cellsOf(await toXlsx([]));
    expect(cells.size).toBe(0);
  });
});
