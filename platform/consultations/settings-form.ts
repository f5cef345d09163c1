import { z } from 'zod';
import { contrastWithWhite } from '../colors';

/** Languages a consultation's content can be written in, from the console. */
export const contentLanguages = ['fr', 'en'] as const;

const text = (max: number) => z.string().trim().max(max, 'text.tooLong').default('');

/** How many sites may embed one consultation's widget: a list to read at a glance, and a short header. */
export const maxEmbedOrigins = 20;

/**
 * One site allowed to embed the widget, as the console writes it ("https://www.example-news.fr"):
 * its origin, or why it is not one. Only the scheme, host and port count: the browser compares
 * the framing page's origin, never its path, so a path would only mislead the strategist.
 */
export function embedOriginOf(line: string): { ok: true; origin: string } | { ok: false; problem: 'invalid' | 'path' } {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) return { ok: false, problem: 'invalid' };
  if (url.pathname !== '/' || url.search || url.hash || /^https?:\/\/[^/]+\/./i.test(line)) return { ok: false, problem: 'path' };
  return { ok: true, origin: url.origin };
}

/** The textarea's lines as origins, without blanks or repeats; the first wrong line's problem otherwise. */
const embedOrigins = z
  .string()
  .max(5000, 'text.tooLong')
  .default('')
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const parsed = embedOriginOf(line);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `embedOrigins.${parsed.problem}` });
        return z.NEVER;
      }
      if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
    }
    if (origins.length > maxEmbedOrigins) {
      ctx.addIssue({ code: 'custom', message: 'embedOrigins.tooMany' });
      return z.NEVER;
    }
    return origins;
  });

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
    embedOrigins,
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
