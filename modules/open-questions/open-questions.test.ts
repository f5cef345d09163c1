import { describe, expect, it } from 'vitest';
import { moderationQueueFor } from '../../phases/dispatch.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { Consultation } from '../../platform/db/schema';
import type { ConsultationRole } from '../../platform/roles';
import { useTestApp, type RunningApp } from '../../test/app';
import { createConsultation, createPerson, paragraphs, type Person, type TestConsultation } from '../thread/test-factories';
import type { OpenQuestion, OpenQuestionsConfig, RevealRule } from './manifest';
import { createOpenQuestions, openQuestionsClient, question } from './test-factories';

/*
 * Open questions through the real HTTP server: what strategists set up, what participants answer
 * and when they see each other's answers, and what synthesizers read and export.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

type Client = ReturnType<typeof openQuestionsClient>;

interface Scene {
  consultation: TestConsultation;
  instanceId: string;
  questions: OpenQuestion[];
  client: Client;
  participant: (name?: string) => Promise<Person>;
  member: (roles: ConsultationRole[], name?: string) => Promise<Person>;
}

const museums = () => question('Que représente la culture pour vous ?', 'What does culture mean to you?');
const barriers = () => question('Qu’est-ce qui vous empêche d’aller au musée ?', 'What keeps you from going to museums?');

/** A consultation in appropriation with an open-questions instance of two questions. */
async function openQuestions({ reveal = 'afterAnswering', moderation = 'post', lifecycleState = 'appropriation' }: { reveal?: RevealRule; moderation?: 'pre' | 'post'; lifecycleState?: 'appropriation' | 'ideation' } = {}): Promise<Scene> {
  const consultation = await createConsultation(database.db, { lifecycleState, moderation });
  const questions = [museums(), barriers()];
  const instanceId = await createOpenQuestions(database.db, consultation.id, { questions, reveal });
  const member: Scene['member'] = (roles, name) => createPerson(database.db, app, { consultationId: consultation.id, roles, name });
  return { consultation, instanceId, questions, client: openQuestionsClient(app, consultation.slug, instanceId), participant: (name) => member(['participant'], name), member };
}

const storedConfig = async (instanceId: string) =>
  (await database.db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow()).config as OpenQuestionsConfig;
const storedAnswers = async (instanceId: string) => database.db.selectFrom('posts').select(['id', 'topic', 'status']).where('instance_id', '=', instanceId).execute();

async function saveSettings(scene: Scene, person: Person | null, fields: Record<string, string>) {
  const response = await fetch(`${app.url}${scene.client.settingsPath}?_data=${encodeURIComponent('routes/consultations.$slug.modules.$instanceId_.settings')}`, {
    method: 'POST',
    headers: { Origin: app.url, 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') ? ((await response.json()) as { saved: boolean; errors: Record<string, string> }) : null };
}

describe('a strategist setting up the questions', () => {
  it('adds questions by theme in each language, edits them without changing their ids, and chooses the reveal rule', async () => {
    const scene = await openQuestions();
    const strategist = await scene.member(['strategist']);
    const theme = await database.db
      .insertInto('themes')
      .values({ consultation_id: scene.consultation.id, slug: 'musees', title: { fr: 'Musées', en: 'Museums' } })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [first, second] = scene.questions;
    const saved = await saveSettings(scene, strategist, {
      'q-0-id': first!.id,
      'q-0-theme': theme.id,
      'q-0-text-fr': 'Que représente la culture pour vous, aujourd’hui ?',
      'q-0-text-en': '',
      'q-1-id': second!.id,
      'q-1-theme': '',
      'q-1-text-fr': second!.text.fr!,
      'q-1-text-en': second!.text.en!,
      'q-1-remove': 'on',
      'q-2-id': '',
      'q-2-theme': '',
      'q-2-text-fr': '',
      'q-2-text-en': 'Which cultural place do you miss?',
      'q-3-id': '',
      'q-3-text-fr': '',
      'q-3-text-en': '',
      reveal: 'atOnce',
    });
    expect(saved).toEqual({ status: 200, body: { saved: true, errors: {} } });
    const config = await storedConfig(scene.instanceId);
    expect(config.reveal).toBe('atOnce');
    expect(config.questions).toHaveLength(2);
    expect(config.questions[0]).toEqual({ id: first!.id, themeId: theme.id, text: { fr: 'Que représente la culture pour vous, aujourd’hui ?' } });
    expect(config.questions[1]).toMatchObject({ themeId: null, text: { en: 'Which cultural place do you miss?' } });
    expect(config.questions[1]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a question without text, too long, on an unknown theme, or removed while it holds answers, and saves nothing', async () => {
    const scene = await openQuestions();
    const strategist = await scene.member(['strategist']);
    await scene.client.answer(await scene.participant(), scene.questions[0]!.id, 'Un lieu où se retrouver.');
    const before = await storedConfig(scene.instanceId);
    const row = (overrides: Record<string, string>) => ({ 'q-0-id': scene.questions[0]!.id, 'q-0-text-fr': 'Question', 'q-0-text-en': '', reveal: 'afterAnswering', ...overrides });

    const cases: [string, Record<string, string>, number, Record<string, string>][] = [
      ['no text', row({ 'q-0-text-fr': '  ' }), 400, { 'q-0-text-fr': 'question.textRequired' }],
      ['too long', row({ 'q-0-text-en': 'x'.repeat(501) }), 400, { 'q-0-text-en': 'question.tooLong' }],
      ['unknown theme', row({ 'q-0-theme': '00000000-0000-4000-8000-000000000000' }), 400, { 'q-0-theme': 'theme.unknown' }],
      ['removing an answered question', row({ 'q-0-remove': 'on' }), 409, { 'q-0-remove': 'question.hasAnswers' }],
      ['unknown reveal rule', row({ reveal: 'never' }), 400, { reveal: 'reveal.invalid' }],
      ['an id that is not one of its questions', row({ 'q-0-id': '00000000-0000-4000-8000-000000000000' }), 404, { 'q-0-id': 'question.unknown' }],
    ];
    for (const [what, fields, status, errors] of cases) {
      const answer = await saveSettings(scene, strategist, fields);
      expect(answer.status, what).toBe(status);
      expect(answer.body?.errors, what).toEqual(errors);
    }
    expect(await storedConfig(scene.instanceId)).toEqual(before);
  });

  it('lets only strategists change the questions', async () => {
    const scene = await openQuestions();
    const participant = await scene.participant();
    const answer = await saveSettings(scene, participant, { 'q-0-id': '', 'q-0-text-fr': 'Ma question', reveal: 'atOnce' });
    expect(answer.status).toBe(403);
    expect((await storedConfig(scene.instanceId)).questions).toHaveLength(2);
  });
});

describe('answering an open question', () => {
  it('publishes a participant’s answer to the question it answers, in their language', async () => {
    const { client, questions, instanceId, participant } = await openQuestions();
    const anne = await participant('Anne');
    const postId = await client.answer(anne, questions[0]!.id, paragraphs('Un lieu où l’on se retrouve.'));
    const { page } = await client.page(anne);
    expect(page.questions[0]).toMatchObject({ id: questions[0]!.id, answered: true, revealed: true, answers: 1 });
    expect(page.posts).toEqual([expect.objectContaining({ id: postId, topic: questions[0]!.id, language: 'en', html: '<p>Un lieu où l’on se retrouve.</p>' })]);
    expect(await storedAnswers(instanceId)).toEqual([{ id: postId, topic: questions[0]!.id, status: 'published' }]);
  });

  it('refuses an empty or too long answer, an unknown question, a second answer and replies, and keeps nothing of them', async () => {
    const { client, questions, instanceId, participant } = await openQuestions();
    const anne = await participant('Anne');
    const first = await client.answer(anne, questions[0]!.id, 'Ma première réponse.');
    const cases: [string, Record<string, string>, number, Record<string, string>][] = [
      ['empty', { questionId: questions[1]!.id, body: '   ' }, 400, { body: 'body.empty' }],
      ['too long', { questionId: questions[1]!.id, body: 'x'.repeat(10_001) }, 400, { body: 'body.tooLong' }],
      ['unknown question', { questionId: '00000000-0000-4000-8000-000000000000', body: 'Bonjour' }, 404, { questionId: 'question.unknown' }],
      ['no question', { body: 'Bonjour' }, 404, { questionId: 'question.unknown' }],
      ['second answer', { questionId: questions[0]!.id, body: 'Une autre réponse.' }, 409, { form: 'answer.exists' }],
    ];
    for (const [what, fields, status, errors] of cases) {
      const answer = await client.act(anne, 'answer', fields);
      expect(answer.status, what).toBe(status);
      expect(answer.errors, what).toEqual(errors);
    }
    const reply = await client.act(anne, 'post', { body: 'Une réponse à une réponse.', parentId: first });
    expect(reply.status).toBe(404);
    expect(await storedAnswers(instanceId)).toHaveLength(1);
  });

  it('keeps one answer per person even when the same answer is sent ten times at once', async () => {
    const { client, questions, instanceId, participant } = await openQuestions();
    const anne = await participant('Anne');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => client.act(anne, 'answer', { questionId: questions[0]!.id, body: `Ma réponse, envoi ${i}.` })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.errors.form === 'answer.exists')).toBe(true);
    expect(await storedAnswers(instanceId)).toHaveLength(1);
  });

  it('lets an idea catcher catch a passage of an answer into an idea', async () => {
    const { client, questions, participant, member } = await openQuestions({ reveal: 'atOnce' });
    const anne = await participant('Anne');
    const catcher = await member(['idea_catcher'], 'Léa');
    const postId = await client.answer(anne, questions[0]!.id, 'La culture, c’est des bibliothèques ouvertes le dimanche.');
    const { page } = await client.page(catcher);
    expect(page.viewer.mayCatch).toBe(true);
    expect(page.catching).not.toBeNull();
    // The answer offers the catcher its "Catch a passage" action, and nobody else.
    expect((await client.html(catcher)).html).toContain('>Catch a passage<');
    expect((await client.html(anne)).html).not.toContain('>Catch a passage<');
    const caught = await client.act(catcher, 'catch', { postId, quote: 'bibliothèques ouvertes le dimanche', nature: 'solution', nextStep: 'deepen', title: 'Ouvrir les bibliothèques le dimanche' });
    expect(caught.status).toBe(200);
    const after = (await client.page(anne)).page.posts.find((post) => post.id === postId)!;
    expect(after.html).toContain('<mark class="caught"');
    expect(after.caught.map((c) => c.ideaTitle)).toEqual(['Ouvrir les bibliothèques le dimanche']);
    // Nobody else catches.
    expect((await client.act(anne, 'catch', { postId, quote: 'bibliothèques', nature: 'solution', nextStep: 'deepen', title: 'Autre' })).status).toBe(403);
  });

  it('lets the author edit their answer, and answer again once they deleted it', async () => {
    const { client, questions, participant } = await openQuestions();
    const anne = await participant('Anne');
    const postId = await client.answer(anne, questions[0]!.id, 'Premier jet.');
    expect((await client.act(anne, 'edit', { postId, body: 'Version revue.' })).status).toBe(200);
    expect((await client.page(anne)).page.posts[0]).toMatchObject({ id: postId, html: '<p>Version revue.</p>' });
    expect((await client.act(anne, 'delete', { postId })).status).toBe(200);
    await client.answer(anne, questions[0]!.id, 'Nouvelle réponse.');
  });

  it('refuses answers and likes once the phase is over, with a message', async () => {
    const scene = await openQuestions();
    const anne = await scene.participant('Anne');
    const postId = await scene.client.answer(anne, scene.questions[0]!.id, 'Avant la fin.');
    await database.db.updateTable('consultations').set({ lifecycle_state: 'ideation' }).where('id', '=', scene.consultation.id).execute();
    const bilal = await scene.participant('Bilal');
    for (const [intent, fields] of [
      ['answer', { questionId: scene.questions[1]!.id, body: 'Trop tard ?' }],
      ['react', { postId, kind: 'like' }],
    ] as const) {
      const answer = await scene.client.act(bilal, intent, fields);
      expect(answer.status, intent).toBe(409);
      expect(answer.errors, intent).toEqual({ form: 'module.closed' });
    }
    expect(await storedAnswers(scene.instanceId)).toHaveLength(1);
    // Still readable, by those who may see the answers.
    expect((await scene.client.page(anne)).page.posts.map((post) => post.id)).toEqual([postId]);
  });

  it('refuses answers from people who have not joined', async () => {
    const { client, questions, consultation } = await openQuestions();
    const stranger = await createPerson(database.db, app, { name: 'Passant' });
    const viewer = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['client_viewer'] });
    for (const person of [null, stranger, viewer]) {
      const answer = await client.act(person, 'answer', { questionId: questions[0]!.id, body: 'Bonjour' });
      expect(answer.status).toBe(403);
    }
  });
});

describe('when participants see each other’s answers', () => {
  it('shows others’ answers only after answering, in page data and in the changes feed', async () => {
    const { client, questions, participant } = await openQuestions({ reveal: 'afterAnswering' });
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const annes = await client.answer(anne, questions[0]!.id, 'La culture, c’est ce qui nous relie.');

    const before = await client.page(bilal);
    expect(before.page.questions[0]).toMatchObject({ answers: 1, answered: false, revealed: false });
    expect(before.page.posts).toEqual([]);
    expect(JSON.stringify(before.page)).not.toContain('nous relie');
    const feedBefore = await client.changes(bilal, '0');
    expect(feedBefore.posts).toEqual([]);
    const visitor = await client.page(null);
    expect(visitor.page.posts).toEqual([]);
    expect((await client.changes(null, '0')).posts).toEqual([]);

    const bilals = await client.answer(bilal, questions[0]!.id, 'Des lieux ouverts à tous.');
    const after = await client.page(bilal);
    expect(after.page.questions[0]).toMatchObject({ answers: 2, answered: true, revealed: true });
    expect(after.page.posts.map((post) => post.id)).toEqual([annes, bilals]);
    expect((await client.changes(bilal, '0')).posts.map((post) => post.id).sort()).toEqual([annes, bilals].sort());
    // Answering one question reveals that question only.
    await client.answer(anne, questions[1]!.id, 'Les horaires.');
    expect((await client.page(bilal)).page.posts.map((post) => post.topic)).toEqual([questions[0]!.id, questions[0]!.id]);
  });

  it('never sends the content of an answer to the room when answers are revealed after answering', async () => {
    const { consultation, instanceId, questions } = await openQuestions({ reveal: 'afterAnswering' });
    const events: { event: string; payload: unknown }[] = [];
    const { dispatchModuleAction } = await import('../../phases/dispatch.server');
    const row = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultation.id).executeTakeFirstOrThrow();
    const anne = await createPerson(database.db, app, { consultationId: consultation.id, name: 'Anne' });
    const form = new FormData();
    form.set('questionId', questions[0]!.id);
    form.set('body', 'Un secret bien gardé.');
    await dispatchModuleAction(database.db, {
      actor: { userId: anne.id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['participant']) },
      consultation: row,
      instanceId,
      action: 'answer',
      form,
      locale: 'fr',
      events: { toModule: (_id, event, payload) => events.push({ event, payload }) },
    });
    expect(events).toEqual([{ event: 'open-question:changed', payload: { questionId: questions[0]!.id } }]);
  });

  it('shows every answer at once when the strategist chose so', async () => {
    const { client, questions, participant } = await openQuestions({ reveal: 'atOnce' });
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const annes = await client.answer(anne, questions[0]!.id, 'Un lieu de rencontre.');
    const { page } = await client.page(bilal);
    expect(page.questions[0]).toMatchObject({ answered: false, revealed: true });
    expect(page.posts.map((post) => post.id)).toEqual([annes]);
    expect((await client.changes(null, '0')).posts.map((post) => post.id)).toEqual([annes]);
  });

  it('lets participants like answers, once each', async () => {
    const { client, questions, participant } = await openQuestions({ reveal: 'atOnce' });
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const postId = await client.answer(anne, questions[0]!.id, 'Un lieu de rencontre.');
    const liked = await client.act(bilal, 'react', { postId, kind: 'like' });
    expect(liked).toMatchObject({ status: 200, result: { given: true } });
    expect((await client.page(bilal)).page).toMatchObject({ posts: [{ reactions: { like: 1 } }], myReactions: { [postId]: ['like'] } });
    expect((await client.act(bilal, 'react', { postId, kind: 'disagree' })).errors).toEqual({ kind: 'reaction.unknown' });
    expect((await client.act(bilal, 'react', { postId, kind: 'like' })).result).toMatchObject({ given: false });
  });
});

describe('moderating answers', () => {
  it('holds answers back in a pre-moderated consultation and lists them, and reported ones, in the moderation queue', async () => {
    const scene = await openQuestions({ moderation: 'pre', reveal: 'atOnce' });
    const [anne, bilal] = await Promise.all([scene.participant('Anne'), scene.participant('Bilal')]);
    const moderator = await scene.member(['moderator'], 'Modératrice');
    const waiting = await scene.client.act<{ postId: string; status: string }>(anne, 'answer', { questionId: scene.questions[0]!.id, body: 'À relire.' });
    expect(waiting.result.status).toBe('awaiting');
    expect((await scene.client.page(bilal)).page.posts).toEqual([]);

    const row: Consultation = await database.db.selectFrom('consultations').selectAll().where('id', '=', scene.consultation.id).executeTakeFirstOrThrow();
    const moderatorActor = { userId: moderator.id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['moderator'] as const) };
    const queue = await moderationQueueFor(database.db, moderatorActor, row, 'fr');
    expect(queue).toEqual([expect.objectContaining({ id: waiting.result.postId, kind: 'open-questions', cause: 'awaiting', instanceId: scene.instanceId })]);

    const { moderateItem } = await import('../../phases/dispatch.server');
    await moderateItem(database.db, { actor: moderatorActor, consultation: row, instanceId: scene.instanceId, itemId: waiting.result.postId, decision: { decision: 'publish' }, locale: 'fr' });
    expect((await scene.client.page(bilal)).page.posts.map((post) => post.id)).toEqual([waiting.result.postId]);
    expect((await scene.client.act(bilal, 'report', { postId: waiting.result.postId, reason: 'Hors sujet' })).status).toBe(200);
    expect((await moderationQueueFor(database.db, moderatorActor, row, 'fr')).map((item) => item.cause)).toEqual(['reported']);
  });
});

describe('reviewing the answers', () => {
  async function answeredScene() {
    const scene = await openQuestions({ reveal: 'afterAnswering' });
    await database.db.updateTable('consultations').set({ segment_fields: ['region', 'age_band'] }).where('id', '=', scene.consultation.id).execute();
    const [anne, bilal, chloe] = await Promise.all([scene.participant('Anne Martin'), scene.participant('Bilal Haddad'), scene.participant('Chloé Petit')]);
    await database.db
      .insertInto('participant_segments')
      .values([
        { consultation_id: scene.consultation.id, user_id: anne.id, field: 'region', value: 'Bretagne', consented_at: new Date() },
        { consultation_id: scene.consultation.id, user_id: anne.id, field: 'age_band', value: '25-34', consented_at: new Date() },
        { consultation_id: scene.consultation.id, user_id: bilal.id, field: 'region', value: 'Occitanie', consented_at: new Date() },
      ])
      .execute();
    const [first, second] = scene.questions;
    await scene.client.answer(anne, first!.id, 'Des musées gratuits le dimanche.');
    await scene.client.answer(bilal, first!.id, '=HYPERLINK("http://evil")');
    await scene.client.answer(chloe, second!.id, 'Le prix des billets.');
    const synthesizer = await scene.member(['synthesizer'], 'Sam Synthèse');
    return { ...scene, anne, bilal, chloe, synthesizer };
  }

  it('shows a synthesizer every answer of a question, filtered by segment and language, without names', async () => {
    const scene = await answeredScene();
    const [first] = scene.questions;
    const all = await scene.client.page(scene.synthesizer, { review: '', question: first!.id });
    expect(all.page.review).toMatchObject({ count: 2, segmentFields: ['region', 'age_band'], segmentValues: { region: ['Bretagne', 'Occitanie'], age_band: ['25-34'] } });
    expect(all.page.review!.answers.map((answer) => answer.segments)).toEqual([{ region: 'Bretagne', age_band: '25-34' }, { region: 'Occitanie' }]);
    expect(JSON.stringify(all.page.review)).not.toContain('Anne Martin');

    const bretagne = await scene.client.page(scene.synthesizer, { review: '', question: first!.id, segment: 'region:Bretagne' });
    expect(bretagne.page.review!.answers.map((answer) => answer.html)).toEqual(['<p>Des musées gratuits le dimanche.</p>']);
    expect((await scene.client.page(scene.synthesizer, { review: '', language: 'fr' })).page.review!.count).toBe(0);
    expect((await scene.client.page(scene.synthesizer, { review: '', language: 'en' })).page.review!.count).toBe(3);
    expect(all.page.review!.exportHref).toBe(`/consultations/${scene.consultation.slug}/modules/${scene.instanceId}/export?question=${first!.id}`);
  });

  it('exports the answers as CSV with segments and no identities, to synthesizers only', async () => {
    const scene = await answeredScene();
    const [first] = scene.questions;
    const csv = await scene.client.csv(scene.synthesizer, { question: first!.id });
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"question","answer","language","written_at","likes","status","region","age_band"');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^"What does culture mean to you\?","Des musées gratuits le dimanche\.","en","[^"]+","0","published","Bretagne","25-34"$/);
    // A formula stays text in the spreadsheet.
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    for (const person of [scene.anne, scene.bilal]) {
      expect(csv.text).not.toContain(person.name);
      expect(csv.text).not.toContain(person.id);
    }
    expect(csv.text).not.toContain('@example.org');
    const filtered = await scene.client.csv(scene.synthesizer, { segment: 'region:Occitanie' });
    expect(filtered.text.trim().split('\r\n')).toHaveLength(2);

    expect((await scene.client.csv(scene.anne, { question: first!.id })).status).toBe(403);
    expect((await scene.client.csv(null, { question: first!.id })).status).toBe(403);
    expect((await scene.client.page(scene.anne, { review: '' })).page.review).toBeNull();
    expect((await scene.client.csv(scene.synthesizer, { question: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });
});

describe('the pages, as a browser loads them', () => {
  it('draws the questions, the reviewers’ page and the settings form', async () => {
    const scene = await openQuestions({ reveal: 'atOnce' });
    const [anne, synthesizer, strategist] = await Promise.all([scene.participant('Anne'), scene.member(['synthesizer']), scene.member(['strategist'])]);
    await scene.client.answer(anne, scene.questions[0]!.id, 'Un lieu de rencontre.');

    const page = await scene.client.html(anne);
    expect(page.status).toBe(200);
    expect(page.html).toContain('What does culture mean to you?');
    expect(page.html).toContain('Un lieu de rencontre.');

    const review = await scene.client.html(synthesizer, { review: '', question: scene.questions[0]!.id });
    expect(review.status).toBe(200);
    expect(review.html).toContain('Export as CSV');
    expect(review.html).not.toContain('Anne');

    const settings = await fetch(`${app.url}${scene.client.settingsPath}`, { headers: { Cookie: strategist.cookie, 'Accept-Language': 'en' } });
    expect(settings.status).toBe(200);
    const form = await settings.text();
    expect(form).toContain(`value="${scene.questions[1]!.id}"`);
    expect(form).toContain('name="q-2-text-fr"');
  });
});
