import { useTranslation } from 'react-i18next';
import { hasAnyFlag } from './assistance';
import type { Assistance, ProposalFlags } from './moderation-data';
import { languageName } from './moderation-ui';

/*
 * The machine's suggestions beside the proposal being moderated: look-alike proposals with their
 * similarity, the language it seems written in, warnings, a theme. Nothing here acts: the
 * moderator decides with the controls beside it.
 */

/** Short warnings for one proposal, as a list (empty when nothing was found). */
export function FlagList({ flags, compact = false }: { flags: ProposalFlags; compact?: boolean }) {
  const { t } = useTranslation('proposals-moderation');
  if (!hasAnyFlag(flags)) return compact ? null : <p className="muted">{t('assistance.noFlags')}</p>;
  const items: string[] = [];
  if (flags.profanity.length > 0) items.push(t('assistance.profanity', { words: flags.profanity.join(', ') }));
  if (flags.shouting) items.push(t('assistance.shouting'));
  if (flags.links) items.push(t('assistance.links'));
  if (flags.phones) items.push(t('assistance.phones'));
  if (flags.emails) items.push(t('assistance.emails'));
  return (
    <ul className={`moderation-flags${compact ? ' moderation-flags--compact' : ''}`}>
      {items.map((item) => (
        <li key={item} className="moderation-flag">
          {item}
        </li>
      ))}
    </ul>
  );
}

export function AssistancePanel({ assistance, themes, locale }: { assistance: Assistance; themes: { id: string; title: string }[]; locale: string }) {
  const { t } = useTranslation('proposals-moderation');
  const { language, flags, duplicates, suggestedThemeId } = assistance;
  const theme = suggestedThemeId ? themes.find((candidate) => candidate.id === suggestedThemeId) : undefined;
  const languageText =
    language.detected === null
      ? t('assistance.languageUnknown')
      : language.expected
        ? t('assistance.languageDetected', { language: languageName(language.detected, locale) })
        : t('assistance.languageNotExpected', { language: languageName(language.detected, locale) });
  return (
    <aside className="moderation-assistance" aria-labelledby="moderation-assistance-heading">
      <h3 id="moderation-assistance-heading">{t('assistance.heading')}</h3>
      <p className="muted moderation-assistance__note">{t('assistance.note')}</p>

      <h4>{t('assistance.duplicatesHeading')}</h4>
      {duplicates.length === 0 ? (
        <p className="muted">{t('assistance.noDuplicates')}</p>
      ) : (
        <ul className="moderation-duplicates">
          {duplicates.map((duplicate) => (
            <li key={duplicate.id}>
              <span className="moderation-duplicates__body">{duplicate.body}</span>
              <span className="moderation-duplicates__meta">
                {t('assistance.similarity', { percent: Math.round(duplicate.score * 100) })} · {t(`assistance.duplicateStatus.${duplicate.status}`, { defaultValue: duplicate.status })}
                {duplicate.ideaId ? ` · ${t('assistance.grouped')}` : ''}
              </span>
              <meter className="moderation-duplicates__meter" min={0} max={1} value={duplicate.score} aria-hidden="true" />
            </li>
          ))}
        </ul>
      )}

      <h4>{t('assistance.languageHeading')}</h4>
      <p className={language.expected === false ? 'moderation-warning' : undefined}>{languageText}</p>
      {language.detected !== null && language.detected !== language.declared ? <p className="muted">{t('assistance.languageDeclared', { language: languageName(language.declared, locale) })}</p> : null}

      <h4>{t('assistance.flagsHeading')}</h4>
      <FlagList flags={flags} />

      <h4>{t('assistance.themeHeading')}</h4>
      <p className={theme ? undefined : 'muted'}>{theme ? theme.title : t('assistance.noTheme')}</p>
    </aside>
  );
}
