import { z } from 'zod';
import { contrastWithWhite } from '../colors';

/** Languages a consultation's content can be written in, from the console. */
export const contentLanguages = ['fr', 'en'] as const;

const text = (max: number) => z.string().trim().max(max, 'text.tooLong').default('');

/**
 * The consultation settings form, as the console posts it: one question and description field
 * per content language. Messages are keys of the "console" namespace.
 */
export const settingsForm = z
  .object({
    organisationName: z.string().trim().max(120, 'text.tooLong').optional(),
    question_fr: text(300),
    question_en: text(300),
    // Rich text (the editor's JSON): its length and content are checked by parseDescriptions.
    description_fr: text(500_000),
    description_en: text(500_000),
    languages: z.array(z.enum(contentLanguages)).min(1, 'languages.required'),
    defaultLanguage: z.enum(contentLanguages, { errorMap: () => ({ message: 'languages.default' }) }),
    anonymity: z.enum(['forbidden', 'allowed']),
    moderation: z.enum(['pre', 'post']),
    primaryColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'color.invalid')
      .refine((hex) => contrastWithWhite(hex) >= 4.5, 'color.contrast'),
  })
  .superRefine((form, ctx) => {
    if (!form.languages.includes(form.defaultLanguage)) {
      ctx.addIssue({ code: 'custom', path: ['defaultLanguage'], message: 'languages.default' });
    }
    for (const lang of form.languages) {
      if (!form[`question_${lang}`]) ctx.addIssue({ code: 'custom', path: [`question_${lang}`], message: 'question.required' });
    }
  });
export type SettingsForm = z.infer<typeof settingsForm>;

/** The question in each offered language. */
export function questionsFromForm(form: SettingsForm): Record<string, string> {
  return Object.fromEntries(form.languages.map((lang) => [lang, form[`question_${lang}`]]).filter(([, value]) => value));
}
