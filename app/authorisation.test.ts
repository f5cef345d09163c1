import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { defaultTokenVoteConfig } from '../modules/token-vote/manifest';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { actions, type Action } from '../platform/policy';
import { consultationRoles, type ConsultationRole } from '../platform/roles';
import { useTestApp, type RunningApp } from '../test/app';

/**
 * The authorisation matrix, driven through HTTP: every kind of actor against every action of
 * platform/policy.ts, each row naming who may. A new action is one row here.
 */
type ActorName = 'visitor' | 'pseudonymous' | 'account' | ConsultationRole | 'admin';
const everyone: ActorName[] = ['visitor', 'pseudonymous', 'account', ...consultationRoles, 'admin'];
const withSession = everyone.filter((a) => a !== 'visitor');
const accounts = withSession.filter((a) => a !== 'pseudonymous');

const debate = '/consultations/grand-debat-national';
// Joining changes memberships: it is tried on consultations of its own, so that it grants
// nobody a role that another row then sees.
const openToAnonymous = '/consultations/join-anonymity-allowed';
const accountsOnly = '/consultations/join-anonymity-forbidden';
const draft = '/consultations/in-preparation';
const member = { email: 'member@example.org' };
// Who takes part in the conversation: participants (pseudonymous ones too) and the team, not a client viewer.
const contributors: ActorName[] = ['pseudonymous', 'participant', 'moderator', 'idea_catcher', 'synthesizer', 'strategist', 'expert', 'admin'];

interface Row {
  action: Action;
  label?: string;
  allowed: ActorName[];
  request: () => { method: 'GET' | 'POST'; path: string; form?: Record<string, string | string[]> };
  /** How to tell a granted request from a refused one, when the status alone does not say. */
  granted?: (body: string) => boolean;
}

const matrix: Row[] = [
  { action: 'consultation.view', allowed: everyone, request: () => ({ method: 'GET', path: debate }) },
  { action: 'consultation.view', label: 'while a draft', allowed: ['moderator', 'idea_catcher', 'synthesizer', 'strategist', 'expert', 'client_viewer', 'admin'], request: () => ({ method: 'GET', path: draft }) },
  { action: 'consultation.create', allowed: accounts, request: () => ({ method: 'GET', path: '/console/new' }) },
  { action: 'consultation.configure', allowed: ['strategist', 'admin'], request: () => ({ method: 'GET', path: `${debate}/console` }) },
  { action: 'phase.switch', allowed: ['strategist', 'admin'], request: () => ({ method: 'POST', path: `${draft}/console`, form: { intent: 'switch', event: 'open', version: '0' } }), granted: (body) => body.includes('has no module yet') },
  { action: 'consultation.join', label: 'where anonymity is allowed', allowed: everyone, request: () => ({ method: 'POST', path: `${openToAnonymous}/join`, form: {} }) },
  { action: 'consultation.join', label: 'where anonymity is forbidden', allowed: accounts, request: () => ({ method: 'POST', path: `${accountsOnly}/join`, form: {} }) },
  { action: 'consultation.moderate', allowed: ['moderator', 'strategist', 'admin'], request: () => ({ method: 'GET', path: `${debate}/moderation` }) },
  { action: 'members.view', allowed: ['moderator', 'strategist', 'client_viewer', 'admin'], request: () => ({ method: 'GET', path: `${debate}/team` }) },
  { action: 'identities.view', allowed: ['moderator', 'strategist', 'admin'], request: () => ({ method: 'GET', path: `${debate}/team` }), granted: (body) => body.includes(member.email) },
  { action: 'members.invite', allowed: ['strategist', 'admin'], request: () => ({ method: 'POST', path: `${debate}/team`, form: { intent: 'invite', email: 'newcomer@example.org', role: 'participant' } }) },
  { action: 'members.manage', allowed: ['strategist', 'admin'], request: () => ({ method: 'POST', path: `${debate}/team`, form: { intent: 'setRoles', userId: memberId, roles: ['participant'] } }) },
  { action: 'contributions.post', allowed: contributors, request: () => ({ method: 'POST', path: threadAction, form: { intent: 'post', body: 'Des musées gratuits le dimanche.' } }) },
  { action: 'contributions.react', allowed: contributors, request: () => ({ method: 'POST', path: threadAction, form: { intent: 'react', postId: threadPostId, kind: 'like' } }) },
  { action: 'contributions.report', allowed: withSession, request: () => ({ method: 'POST', path: threadAction, form: { intent: 'report', postId: threadPostId, reason: 'Hors sujet' } }) },
  { action: 'ideas.catch', allowed: ['idea_catcher', 'strategist', 'admin'], request: () => ({ method: 'POST', path: threadAction, form: { intent: 'catch', postId: threadPostId, quote: 'bibliothèques le soir', nature: 'solution', nextStep: 'specify', title: 'Ouvrir les bibliothèques le soir' } }) },
  { action: 'contributions.review', label: 'CSV export', allowed: ['synthesizer', 'strategist', 'admin'], request: () => ({ method: 'GET', path: `${questionsPath}/export` }) },
  { action: 'contributions.review', label: 'reviewers’ page', allowed: ['synthesizer', 'strategist', 'admin'], request: () => ({ method: 'GET', path: `${questionsPath}?review` }), granted: (body) => body.includes('Export as CSV') },
  { action: 'syntheses.write', allowed: ['synthesizer', 'strategist', 'admin'], request: () => ({ method: 'POST', path: columnsAction, form: { intent: 'summarise', ideaId: columnsIdeaId, column: 'a', body: 'Les arguments pour portent sur les moyens.' } }) },
  { action: 'votes.cast', allowed: contributors, request: () => ({ method: 'POST', path: tokensAction, form: { intent: 'tokens', itemId: columnsIdeaId, category: 'a', op: 'add' } }) },
  { action: 'results.view', label: 'CSV of a token vote', allowed: ['synthesizer', 'strategist', 'client_viewer', 'admin'], request: () => ({ method: 'GET', path: `${tokensPath}/export` }) },
  { action: 'results.view', label: 'a token vote’s results before it closes', allowed: ['synthesizer', 'strategist', 'client_viewer', 'admin'], request: () => ({ method: 'GET', path: `${tokensPath}?view=results&_data=${encodeURIComponent('routes/consultations.$slug.modules.$instanceId')}` }), granted: (body) => body.includes('"results":{"voters"') },
  { action: 'votes.export', label: 'votes of a massive consultation, pseudonymised', allowed: ['synthesizer', 'strategist', 'admin'], request: () => ({ method: 'GET', path: `${proposalsPath}/export?download=votes` }) },
  { action: 'results.view', label: 'proposals’ figures as Excel', allowed: ['synthesizer', 'strategist', 'client_viewer', 'admin'], request: () => ({ method: 'GET', path: `${proposalsPath}/export?download=proposals&format=xlsx` }) },
  {
    action: 'results.view',
    label: 'PDF report',
    allowed: ['synthesizer', 'strategist', 'client_viewer', 'admin'],
    request: () => ({ method: 'GET', path: `${proposalsPath}/report.pdf` }),
    // A server without Chromium grants the request with advice to print from the browser instead.
    granted: (body) => body.startsWith('%PDF') || body.includes('Print › Save as PDF'),
  },
  { action: 'segments.configure', allowed: ['strategist', 'admin'], request: () => ({ method: 'POST', path: `${debate}/team`, form: { intent: 'segments', fields: ['region'] } }) },
  { action: 'segments.answer', allowed: ['pseudonymous', 'participant'], request: () => ({ method: 'GET', path: `${debate}/about-you` }) },
  { action: 'profile.edit', allowed: withSession, request: () => ({ method: 'POST', path: '/profile', form: { intent: 'save', displayName: 'Camille', preferredLanguage: 'fr' } }) },
];

let database: OpenDatabase;
let app: RunningApp;
let memberId = '';
// A thread of the debate's current phase (ideation), and a post in it to react to, report and catch.
let threadAction = '';
let threadPostId = '';
let columnsAction = '';
let questionsPath = '';
let columnsIdeaId = '';
let tokensPath = '';
let tokensAction = '';
let proposalsPath = '';
const cookies = new Map<ActorName, string>();

useTestApp((opened) => ({ database, app } = opened), { before: (opened) => seedDemo(opened.db) });
beforeAll(async () => {
  const { db } = database;
  const { id: consultationId, organisation_id } = await db
    .selectFrom('consultations')
    .select(['id', 'organisation_id'])
    .where('slug', '=', 'grand-debat-national')
    .executeTakeFirstOrThrow();
  for (const anonymity of ['allowed', 'forbidden'] as const) {
    await db
      .insertInto('consultations')
      .values({ organisation_id, slug: `join-anonymity-${anonymity}`, question: { fr: 'Rejoindre ?' }, languages: ['fr'], default_language: 'fr', anonymity, lifecycle_state: 'ideation' })
      .execute();
  }

  const { id: draftId } = await db
    .insertInto('consultations')
    .values({ organisation_id, slug: 'in-preparation', question: { fr: 'En préparation ?' }, languages: ['fr'], default_language: 'fr' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const memberRow = await db.insertInto('users').values({ email: member.email, display_name: 'Membre' }).returning('id').executeTakeFirstOrThrow();
  memberId = memberRow.id;
  await db.insertInto('memberships').values({ consultation_id: consultationId, user_id: memberId, role: 'participant' }).execute();

  for (const name of withSession) {
    const user = await db
      .insertInto('users')
      .values({
        email: name === 'pseudonymous' ? null : `${name}@example.org`,
        display_name: name,
        is_anonymous: name === 'pseudonymous',
        is_platform_admin: name === 'admin',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const role: ConsultationRole | null = name === 'pseudonymous' ? 'participant' : (consultationRoles as readonly string[]).includes(name) ? (name as ConsultationRole) : null;
    if (role) {
      await db
        .insertInto('memberships')
        .values([consultationId, draftId].map((id) => ({ consultation_id: id, user_id: user.id, role })))
        .execute();
    }
    const sessionId = await startSession(db, user.id, 'matrix');
    cookies.set(name, (await app.services.sessionCookie.serialize(sessionId)).split(';')[0]!);
  }

  const thread = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase: 'ideation', kind: 'thread', config: JSON.stringify({ title: {} }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  // `_data` asks for the action's JSON answer, as the thread page's fetchers do.
  threadAction = `${debate}/modules/${thread.id}?_data=${encodeURIComponent('routes/consultations.$slug.modules.$instanceId')}`;
  const written = await send('participant', { action: 'contributions.post', allowed: [], request: () => ({ method: 'POST', path: threadAction, form: { intent: 'post', body: 'Ouvrir les bibliothèques le soir.' } }) });
  threadPostId = ((await written.json()) as { result: { postId: string } }).result.postId;

  // Reviewing answers: the debate's open questions, from the demo seed.
  const questions = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultationId).where('kind', '=', 'open-questions').executeTakeFirstOrThrow();
  questionsPath = `${debate}/modules/${questions.id}`;

  // Column summaries: a two-column module on one of the debate's ideas, in its current phase.
  const idea = await db.selectFrom('ideas').select('id').where('consultation_id', '=', consultationId).executeTakeFirstOrThrow();
  columnsIdeaId = idea.id;
  const columns = await db
    .insertInto('module_instances')
    .values({
      consultation_id: consultationId,
      phase: 'ideation',
      kind: 'two-column',
      config: JSON.stringify({ columns: [{ key: 'a', label: { fr: 'Pour' }, color: '#1b7a3d' }, { key: 'b', label: { fr: 'Contre' }, color: '#b3261e' }], ideaIds: [idea.id], sort: 'upvotes' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  columnsAction = `${debate}/modules/${columns.id}?_data=${encodeURIComponent('routes/consultations.$slug.modules.$instanceId')}`;

  // Tokens and results: a token vote on the same idea in the current phase, its results published when it closes.
  const tokens = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase: 'ideation', kind: 'token-vote', config: JSON.stringify({ ...defaultTokenVoteConfig, items: [{ kind: 'idea', id: idea.id }], results: 'afterClose' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  tokensPath = `${debate}/modules/${tokens.id}`;
  tokensAction = `${tokensPath}?_data=${encodeURIComponent('routes/consultations.$slug.modules.$instanceId')}`;

  // Results of a massive consultation: the demo's proposals, with their computed results.
  const proposals = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultationId).where('kind', '=', 'proposals').executeTakeFirstOrThrow();
  proposalsPath = `${debate}/modules/${proposals.id}`;
});

async function send(actor: ActorName, row: Row): Promise<Response> {
  const { method, path, form } = row.request();
  const headers: Record<string, string> = { Origin: app.url, 'Accept-Language': 'en' };
  const cookie = cookies.get(actor);
  if (cookie) headers.Cookie = cookie;
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  }
  return fetch(app.url + path, { method, headers, body, redirect: 'manual' });
}

async function outcome(response: Response, row: Row): Promise<'allowed' | 'denied'> {
  const location = response.headers.get('location') ?? '';
  if (response.status === 403 || (response.status >= 300 && response.status < 400 && location.startsWith('/login'))) return 'denied';
  // A granted request may still be refused by a business rule (a 400): `granted` tells them apart.
  if (row.granted) return row.granted(await response.text()) ? 'allowed' : 'denied';
  if (response.status >= 400) throw new Error(`unexpected status ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return 'allowed';
}

describe('the authorisation matrix', () => {
  it('has a row for every action of the policy', () => {
    expect(new Set(matrix.map((row) => row.action))).toEqual(new Set(actions));
  });

  describe.each(matrix.map((row) => [`${row.action}${row.label ? ` (${row.label})` : ''}`, row] as const))('%s', (_name, row) => {
    it.each(everyone)('%s', async (actor) => {
      const response = await send(actor, row);
      expect(await outcome(response, row)).toBe(row.allowed.includes(actor) ? 'allowed' : 'denied');
    });
  });
});
