import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Phase } from '../../platform/phases';
import type { RunningApp } from '../../test/app';
import type { OpenQuestion, OpenQuestionsConfig, RevealRule } from './manifest';
import type { OpenQuestionsPageData } from './open-questions-data';
import { threadClient, type Person } from '../thread/test-factories';

/*
 * Test data for open questions: an instance with its questions, and a client that speaks to it
 * through the real HTTP routes (the thread's client, which any module page answers).
 */

/** A question in both languages of the test consultations. */
export function question(fr: string, en: string, themeId: string | null = null): OpenQuestion {
  return { id: randomUUID(), themeId, text: { fr, en } };
}

/** An open-questions instance of the consultation, in `phase`. */
export async function createOpenQuestions(
  db: Kysely<Database>,
  consultationId: string,
  { phase = 'appropriation', questions, reveal = 'afterAnswering' }: { phase?: Phase; questions: OpenQuestion[]; reveal?: RevealRule },
): Promise<string> {
  const config: OpenQuestionsConfig = { questions, reveal };
  const { id } = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase, kind: 'open-questions', config: JSON.stringify(config), theme_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A browser's view of one open-questions instance, through the real HTTP routes. */
export function openQuestionsClient(app: RunningApp, slug: string, instanceId: string) {
  const base = threadClient(app, slug, instanceId);
  const headers = (person: Person | null) => ({ 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) });
  return {
    ...base,
    /** Answers a question; fails the test when the answer is refused. */
    async answer(person: Person, questionId: string, body: string): Promise<string> {
      const answer = await base.act<{ postId: string }>(person, 'answer', { questionId, body });
      if (answer.status !== 200) throw new Error(`answering was refused (${answer.status}): ${JSON.stringify(answer.errors)}`);
      return answer.result.postId;
    },
    async page(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; page: OpenQuestionsPageData }> {
      const { status, page } = await base.read(person, query);
      return { status, page: page as unknown as OpenQuestionsPageData };
    },
    /** The CSV download, as a reviewer's browser asks for it. */
    async csv(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> {
      const response = await fetch(`${app.url}${base.path}/export?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
    },
    settingsPath: `${base.path}/settings`,
  };
}
