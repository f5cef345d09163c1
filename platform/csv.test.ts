import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('CSV exports', () => {
  it('quotes every field, doubles quotes, keeps line breaks inside a field, and starts with a BOM', () => {
    const csv = toCsv([
      { question: 'Pourquoi ?', answer: 'Parce que "c’est" utile,\nvraiment', likes: 3 },
      { question: 'Et après ?', answer: null, likes: 0 },
    ]);
    expect(csv).toBe('\uFEFF"question","answer","likes"\r\n"Pourquoi ?","Parce que ""c’est"" utile,\nvraiment","3"\r\n"Et après ?","","0"\r\n');
  });

  it('never lets an answer become a spreadsheet formula', () => {
    const csv = toCsv([{ answer: '=HYPERLINK("http://evil.example","clic")' }, { answer: '+1' }, { answer: '-2' }, { answer: '@SUM(A1)' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
    expect(csv).toContain(`"'+1"`);
    expect(csv).toContain(`"'-2"`);
    expect(csv).toContain(`"'@SUM(A1)"`);
  });

  it('gives an empty export its BOM only', () => {
    expect(toCsv([])).toBe('\uFEFF\r\n');
  });
});
