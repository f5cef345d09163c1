import { useTranslation } from 'react-i18next';
import { contentLanguages } from '../consultations/settings-form';
import type { RichTextDoc } from '../rich-text/extensions';
import { Field, SelectField, TextAreaField } from './form';
import { RichTextEditor, useEditorLabels } from './rich-text-editor';
import { nativeLanguageName } from './format';

export interface SettingsValues {
  organisationName?: string;
  question: Record<string, string>;
  description: Partial<Record<string, unknown>>;
  languages: string[];
  defaultLanguage: string;
  anonymity: string;
  moderation: string;
  primaryColor: string;
  /** One origin a line. */
  embedOrigins: string;
}

/** The fields of a consultation's settings, shared by creation and editing in the console. */
export function ConsultationSettingsFields({ values, errors, askOrganisation }: { values: SettingsValues; errors: Record<string, string>; askOrganisation: boolean }) {
  const { t } = useTranslation('console');
  const editorLabels = useEditorLabels();
  const error = (field: string) => (errors[field] ? t(`errors.${errors[field]}`) : null);
  return (
    <>
      {askOrganisation ? (
        <Field label={t('settings.organisation')} name="organisationName" required defaultValue={values.organisationName} hint={t('settings.organisationHint')} error={error('organisationName')} />
      ) : null}
      <fieldset>
        <legend>{t('settings.languages')}</legend>
        {contentLanguages.map((lang) => (
          <label key={lang} className="checkbox" lang={lang}>
            <input type="checkbox" name="languages" value={lang} defaultChecked={values.languages.includes(lang)} /> {nativeLanguageName(lang)}
          </label>
        ))}
        {error('languages') ? <p className="field__error">{error('languages')}</p> : null}
      </fieldset>
      <SelectField
        label={t('settings.defaultLanguage')}
        name="defaultLanguage"
        defaultValue={values.defaultLanguage}
        options={contentLanguages.map((lang) => ({ value: lang, label: nativeLanguageName(lang), lang }))}
        error={error('defaultLanguage')}
      />
      {contentLanguages.map((lang) => (
        <fieldset key={lang} className="stack">
          <legend>{t('settings.contentIn', { language: nativeLanguageName(lang) })}</legend>
          <Field label={t('settings.question')} name={`question_${lang}`} lang={lang} defaultValue={values.question[lang] ?? ''} hint={t('settings.questionHint')} error={error(`question_${lang}`)} />
          <RichTextEditor
            name={`description_${lang}`}
            label={t('settings.description')}
            lang={lang}
            defaultValue={(values.description[lang] as RichTextDoc | undefined) ?? null}
            error={error(`description_${lang}`)}
            labels={editorLabels}
          />
        </fieldset>
      ))}
      <SelectField
        label={t('settings.anonymity')}
        name="anonymity"
        defaultValue={values.anonymity}
        options={[
          { value: 'allowed', label: t('settings.anonymityAllowed') },
          { value: 'forbidden', label: t('settings.anonymityForbidden') },
        ]}
      />
      <SelectField
        label={t('settings.moderation')}
        name="moderation"
        defaultValue={values.moderation}
        options={[
          { value: 'post', label: t('settings.moderationPost') },
          { value: 'pre', label: t('settings.moderationPre') },
        ]}
      />
      <Field label={t('settings.color')} name="primaryColor" type="color" defaultValue={values.primaryColor} hint={t('settings.colorHint')} error={error('primaryColor')} />
      <TextAreaField
        id="field-embedOrigins"
        label={t('settings.embedOrigins')}
        name="embedOrigins"
        rows={3}
        defaultValue={values.embedOrigins}
        hint={t('settings.embedOriginsHint')}
        error={error('embedOrigins')}
        spellCheck={false}
        autoCapitalize="none"
        autoCorrect="off"
      />
    </>
  );
}
