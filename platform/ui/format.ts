/**
 * Formats a date for a reader. Dates are shown in UTC on the server and in the browser alike,
 * so the page the server rendered and the page React hydrates say the same thing.
 */
export function formatDate(value: Date | string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(value));
}

/** The name of a language in that language ("Français", "English"), for language pickers. */
export function nativeLanguageName(code: string): string {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}
