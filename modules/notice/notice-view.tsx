import { pickLanguage } from '../../platform/i18n/languages';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import type { NoticeConfig } from './manifest';

export function NoticeView({ config, locale, defaultLanguage }: ModuleViewProps<NoticeConfig, null>) {
  const title = pickLanguage(config.title, locale, defaultLanguage);
  const body = pickLanguage(config.body, locale, defaultLanguage);
  return (
    <div className="notice-module">
      <h4 lang={title.lang}>{title.text}</h4>
      <div lang={body.lang}>
        {body.text
          .split(/\n{2,}/)
          .filter(Boolean)
          .map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
      </div>
    </div>
  );
}
