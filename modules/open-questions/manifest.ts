import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { OpenQuestionsPage } from './open-questions-page';
import { OpenQuestionsSettings } from './open-questions-settings';
import { OpenQuestionsSummary } from './open-questions-summary';
import type { OpenQuestionsPageData, OpenQuestionsSettingsData, OpenQuestionsSummaryData } from './open-questions-data';

/** The longest question, in characters, in each language. */
export const maxQuestionChars = 500;
/** Enough for an appropriation phase; a page of more would no longer be read. */
export const maxQuestions = 60;

const questionText = z
  .record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(maxQuestionChars))
  .refine((text) => Object.values(text).some((value) => value.length > 0), 'question.textRequired');

/** One question: its id stays the same across edits, as answers point to it (their topic). */
export const openQuestion = z.object({ id: z.string().uuid(), themeId: z.string().uuid().nullable(), text: questionText });
export type OpenQuestion = z.infer<typeof openQuestion>;

/** When participants read each other's answers: once they have answered a question, or at once. */
export const revealRules = ['afterAnswering', 'atOnce'] as const;
export type RevealRule = (typeof revealRules)[number];

export const openQuestionsConfig = z.object({
  questions: z.array(openQuestion).max(maxQuestions),
  reveal: z.enum(revealRules),
});
export type OpenQuestionsConfig = z.infer<typeof openQuestionsConfig>;

/** The event the room hears when an answer changes and its content may not travel (reveal after answering). */
export const answerSignal = 'open-question:changed';

/**
 * The assembly method's way in: a strategist asks questions per theme, participants answer in
 * rich text and read each other's answers (once they have answered, or at once), like them,
 * report them; synthesizers read every answer of a question on one page and export them.
 */
export const openQuestionsManifest: ModuleManifest<OpenQuestionsConfig, OpenQuestionsSummaryData, OpenQuestionsPageData, OpenQuestionsSettingsData> = {
  id: 'open-questions',
  name: { fr: 'Questions ouvertes', en: 'Open questions' },
  phases: ['appropriation', 'ideation', 'deepening'],
  configSchema: openQuestionsConfig,
  Component: OpenQuestionsSummary,
  Page: OpenQuestionsPage,
  Settings: OpenQuestionsSettings,
  defaultConfig: { questions: [], reveal: 'afterAnswering' },
  realtimeEvents: ['post:changed', answerSignal],
  namespaces: ['open-questions', 'posts'],
};
