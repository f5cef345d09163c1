/** The languages Plenum's interface is translated into. Consultation content may carry more. */
export const interfaceLanguages = ['fr', 'en'] as const;
export type InterfaceLanguage = (typeof interfaceLanguages)[number];
export const fallbackLanguage: InterfaceLanguage = 'fr';

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (interfaceLanguages as readonly string[]).includes(value);
}

/** Text written in several languages, keyed by language code ("fr", "en", "de", …). */
export type LocalizedText = Partial<Record<string, string>>;

/**
 * Picks the best version of a localized text for a reader: their language, else the
 * consultation's default language, else any version. Returns the language actually used so
 * that the page can mark it with a `lang` attribute for screen readers.
 */
export function pickLanguage(
  text: LocalizedText,
  reader: string,
  fallback: string,
): { text: string; lang: string } {
  const picked = pickVersion(text, reader, fallback);
  return picked ? { text: picked.value, lang: picked.lang } : { text: '', lang: fallback };
}

/** The same choice for any content kept per language (rich-text documents…); null when there is none. */
export function pickVersion<T>(versions: Partial<Record<string, T>>, reader: string, fallback: string): { value: T; lang: string } | null {
  for (const lang of [reader, fallback]) {
    const value = versions[lang];
    if (value) return { value, lang };
  }
  const first = Object.entries(versions).find(([, value]) => value);
  return first ? { value: first[1] as T, lang: first[0] } : null;
}
