import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interfaceLanguages } from './languages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[prefix + key, value]] : Object.entries(flatten(value, `${prefix}${key}.`)))),
  );
}

// Plural forms differ between languages (French has _many): compare the keys without them.
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const read = (lang: string) =>
  Object.fromEntries(
    fs
      .readdirSync(path.resolve('locales', lang))
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file, flatten(JSON.parse(fs.readFileSync(path.resolve('locales', lang, file), 'utf8')) as Tree)]),
  );

describe('the interface translations', () => {
  const english = read('en');
  for (const lang of interfaceLanguages.filter((l) => l !== 'en')) {
    const other = read(lang);
    it(`${lang} has the same files and keys as English`, () => {
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const [file, keys] of Object.entries(english)) {
        expect(new Set(Object.keys(other[file] ?? {}).map(baseKey)), file).toEqual(new Set(Object.keys(keys).map(baseKey)));
      }
    });

    it(`${lang} uses the same placeholders as English in every string`, () => {
      for (const [file, keys] of Object.entries(english)) {
        for (const [key, text] of Object.entries(keys)) {
          const translated = other[file]?.[key];
          if (translated === undefined) continue;
          expect(placeholders(translated), `${file} ${key}`).toEqual(placeholders(text));
        }
      }
    });
  }
});
