import { Form, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { interfaceLanguages } from '../i18n/languages';
import { nativeLanguageName } from './format';

/**
 * One button per interface language, each written in its own language. It works without
 * JavaScript: the form posts to /language, which remembers the choice in a cookie.
 */
export function LanguageSwitcher({ current }: { current: string }) {
  const { t } = useTranslation('common');
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher" aria-label={t('language.label')}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <span className="language-switcher__label" id="language-switcher-label">
        {t('language.label')}
      </span>
      <div role="group" aria-labelledby="language-switcher-label">
        {interfaceLanguages.map((lng) => (
          <button
            key={lng}
            type="submit"
            name="lng"
            value={lng}
            lang={lng}
            aria-pressed={lng === current}
            className="language-switcher__button"
          >
            {nativeLanguageName(lng)}
          </button>
        ))}
      </div>
    </Form>
  );
}
