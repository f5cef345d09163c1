import { useTranslation } from 'react-i18next';
import { passwordLength } from '../auth/forms';
import { interfaceLanguages } from '../i18n/languages';
import { Field, SelectField } from './form';
import { nativeLanguageName } from './format';

/** A new password, with its length rules shown; `error` is a key of "forms". */
export function NewPasswordField({ error }: { error?: string | null }) {
  const { t } = useTranslation(['auth', 'forms']);
  return (
    <Field
      label={t('fields.newPassword')}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={passwordLength.min}
      hint={t('fields.passwordHint', passwordLength)}
      error={error ? t(`forms:${error}`, passwordLength) : null}
    />
  );
}

/** Name, password and language: what creating an account asks, wherever it happens. */
export function NewAccountFields({
  errors,
  defaultName,
  defaultLanguage,
}: {
  errors: Record<string, string>;
  defaultName?: string;
  defaultLanguage: string;
}) {
  const { t } = useTranslation(['auth', 'forms']);
  const error = (field: string) => (errors[field] ? t(`forms:${errors[field]}`, passwordLength) : null);
  return (
    <>
      <Field label={t('fields.displayName')} name="displayName" autoComplete="name" required defaultValue={defaultName} hint={t('fields.displayNameHint')} error={error('displayName')} />
      <NewPasswordField error={errors.password} />
      <SelectField
        label={t('fields.language')}
        name="preferredLanguage"
        defaultValue={defaultLanguage}
        options={interfaceLanguages.map((lng) => ({ value: lng, label: nativeLanguageName(lng), lang: lng }))}
        error={error('preferredLanguage')}
      />
    </>
  );
}
