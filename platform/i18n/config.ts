import { fallbackLanguage, interfaceLanguages } from './languages';

/** Settings shared by the server's and the browser's i18next. */
export const i18nConfig = {
  supportedLngs: [...interfaceLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: 'common',
  ns: ['common'],
  interpolation: { escapeValue: false }, // React escapes already.
};
