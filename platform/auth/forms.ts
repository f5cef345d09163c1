import { z } from 'zod';
import { interfaceLanguages } from '../i18n/languages';

// Input schemas of the account forms. Messages are keys of the "forms" namespace. This file
// is shared by server and browser code: it must not import anything server-only.
export const passwordLength = { min: 10, max: 200 };

export const emailField = z
  .string({ required_error: 'email.required' })
  .trim()
  .min(1, 'email.required')
  .max(254, 'email.invalid')
  .email('email.invalid');

export const passwordField = z
  .string({ required_error: 'password.required' })
  .min(1, 'password.required')
  .min(passwordLength.min, 'password.tooShort')
  .max(passwordLength.max, 'password.tooLong');

export const displayNameField = z
  .string({ required_error: 'displayName.required' })
  .trim()
  .min(1, 'displayName.required')
  .max(80, 'displayName.tooLong');

export const languageField = z.enum(interfaceLanguages, { errorMap: () => ({ message: 'language.invalid' }) });

export const newAccountSchema = z.object({
  displayName: displayNameField,
  password: passwordField,
  preferredLanguage: languageField,
});
