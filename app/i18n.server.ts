// Lives in app/ (not platform/) because Remix's classic compiler keeps only app/**/*.server.* files
// out of the browser bundle, and this one pulls in a file-system backend.
import path from 'node:path';
import { createCookie } from '@remix-run/node';
import Backend from 'i18next-fs-backend';
import { RemixI18Next } from 'remix-i18next/server';
import { i18nConfig } from '../platform/i18n/config';
import { fallbackLanguage, interfaceLanguages } from '../platform/i18n/languages';

/** Remembers the reader's chosen language for a year. */
export const languageCookie = createCookie('plenum_lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The reader's language: `?lng=`, then the cookie set by the language switcher, then the
 * browser's Accept-Language, then French.
 */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...interfaceLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    searchParamKey: 'lng',
  },
  i18next: {
    ...i18nConfig,
    backend: { loadPath: path.resolve('locales/{{lng}}/{{ns}}.json') },
  },
  plugins: [Backend],
});
