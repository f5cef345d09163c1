import { useTranslation } from 'react-i18next';
import { Field } from './form';

/** The e-mail address field of the account forms, with its error (a key of "forms") beside it. */
export function EmailField({ error, defaultValue }: { error?: string | null; defaultValue?: string }) {
  const { t } = useTranslation(['auth', 'forms']);
  return (
    <Field
      label={t('fields.email')}
      name="email"
      type="email"
      autoComplete="email"
      required
      defaultValue={defaultValue}
      error={error ? t(`forms:${error}`) : null}
    />
  );
}
