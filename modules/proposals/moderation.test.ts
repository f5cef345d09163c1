import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { RefusalReason } from '../../platform/db/schema';
import { useTestApp, type RunningApp } from '../../test/app';
import { createTestDatabase, usingRealPostgres } from '../../test/database';
import type { DecideManyResult, DecideResult, GroupResult, HeldProposal, ModerationData, SupervisionData } from './moderation-data';
import { moderationChanged } from './proposals-data';
import { insertProposals, openConsultation, proposalsClient, type Answer, type MassiveConsultation, type Person, type ProposalRow } from './test-factories';

/*
 * Moderating proposals through the real HTTP routes: moderators take the next proposal (locked
 * for them, so that two never handle the same one), accept it (corrected, tagged, themed),
 * refuse it with a reason, postpone it, decide a selection at once, group duplicates into ideas,
 * and the supervision board counts it all. Nobody else may do any of it.
 */

let database: OpenDatabase;
let app: RunningApp;
const sockets: Socket[] = [];

useTestApp((opened) => ({ database, app } = opened));
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
});

const pageRoute = 'routes/consultations.$slug.modules.$instanceId';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function scene() {
  const consultation = await openConsultation(database.db, app);
  const client = proposalsClient(app, consultation.slug, consultation.instanceId);

  /** Posts an action whose fields may repeat (`proposalIds`), as a form with checkboxes does. */
  async function actWith<Result>(person: Person | null, intent: string, fields: [string, string][]): Promise<Answer<Result>> {
    const response = await fetch(`${app.url}${client.path}?_data=${encodeURIComponent(pageRoute)}`, {
      method: 'POST',
      headers: { Origin: app.url, 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) },
      body: new URLSearchParams([['intent', intent], ...fields]),
      redirect: 'manual',
    });
    const body = (await response.json()) as { ok: boolean; result?: Result; errors?: Record<string, string> };
    // A null result (nothing left to take) stays null.
    return { status: response.status, ok: body.ok, result: body.result === undefined ? ({} as Result) : body.result, errors: body.errors ?? {} };
  }

  return {
    ...consultation,
    client,
    moderator: (name?: string) => consultation.person(['moderator'], { name }),
    insert: (rows: ProposalRow[]) => insertProposals(database.db, consultation.instanceId, consultation.consultationId, rows),
    take: (person: Person, fields: Record<string, string> = {}) => actWith<HeldProposal | null>(person, 'take', Object.entries(fields)),
    decide: (person: Person, fields: Record<string, string>) => client.act<DecideResult>(person, 'decide', fields),
    decideMany: (person: Person, ids: string[], fields: Record<string, string>) =>
      actWith<DecideManyResult>(person, 'decideMany', [...ids.map((id): [string, string] => ['proposalIds', id]), ...Object.entries(fields)]),
    group: (person: Person, ids: string[], fields: Record<string, string>) => actWith<GroupResult>(person, 'group', [...ids.map((id): [string, string] => ['proposalIds', id]), ...Object.entries(fields)]),
    async workspace(person: Person, query: Record<string, string> = {}): Promise<ModerationData> {
      const { status, page } = await client.read(person, { view: 'moderate', ...query });
      expect(status).toBe(200);
      expect(page.view).toBe('moderate');
      return page.moderation!;
    },
    async supervision(person: Person): Promise<SupervisionData> {
      const { status, page } = await client.read(person, { view: 'supervise' });
      expect(status).toBe(200);
      return page.supervision!;
    },
  };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** `count` pending proposals, the first one the oldest (a minute apart). */
function pendingRows(count: number, start = 600): ProposalRow[] {
  return Array.from({ length: count }, (_, index) => ({ body: `proposition en attente numéro ${index} pour la culture`, status: 'pending' as const, createdAt: minutesAgo(start - index) }));
}

async function stored(id: string) {
  return database.db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('taking the next proposal', () => {
  it('never gives two moderators asking at the same moment the same proposal', async () => {
    const moderation = await scene();
    const ids = await moderation.insert(pendingRows(30));
    const moderators = await Promise.all(Array.from({ length: 12 }, (_, index) => moderation.moderator(`Modérateur ${index}`)));
    const answers = await Promise.all(moderators.map((moderator) => moderation.take(moderator)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    const taken = answers.map((answer) => answer.result!.id);
    expect(new Set(taken).size).toBe(12);
    // The twelve oldest, each locked for the one who got it.
    expect([...taken].sort()).toEqual([...ids.slice(0, 12)].sort());
    for (const [index, answer] of answers.entries()) {
      const row = await stored(answer.result!.id);
      expect(row.locked_by).toBe(moderators[index]!.id);
      expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    }

    // A second round at once: again all different, and nobody gets what someone else holds.
    const again = await Promise.all(moderators.map((moderator) => moderation.take(moderator)));
    // A moderator who holds one gets it back rather than a second one.
    expect(again.map((answer) => answer.result!.id)).toEqual(taken);
  });

  it('gives the oldest pending proposal first, postponed ones only when asked and after the pending ones', async () => {
    const moderation = await scene();
    const [newer, postponed, oldest] = await moderation.insert([
      { body: 'ouvrir les musées le soir en semaine', status: 'pending', createdAt: minutesAgo(10) },
      { body: 'une proposition déjà remise à plus tard', status: 'postponed', createdAt: minutesAgo(90) },
      { body: 'des concerts gratuits dans les parcs', status: 'pending', createdAt: minutesAgo(60) },
      { body: 'une proposition déjà acceptée depuis longtemps', status: 'accepted', createdAt: minutesAgo(120) },
    ]);
    const anne = await moderation.moderator('Anne');
    const first = await moderation.take(anne);
    expect(first.result).toMatchObject({ id: oldest, body: 'des concerts gratuits dans les parcs', status: 'pending' });
    // Asking again while holding it gives the same one back.
    expect((await moderation.take(anne)).result!.id).toBe(oldest);
    expect((await moderation.decide(anne, { proposalId: oldest!, decision: 'accept' })).status).toBe(200);
    expect((await moderation.take(anne)).result!.id).toBe(newer);
    expect((await moderation.decide(anne, { proposalId: newer!, decision: 'accept' })).status).toBe(200);
    // Only postponed ones are left: none unless asked for.
    expect((await moderation.take(anne)).result).toBeNull();
    expect((await moderation.take(anne, { include: 'postponed' })).result).toMatchObject({ id: postponed, status: 'postponed' });
    // Held, it comes back even when postponed ones are not asked for.
    expect((await moderation.take(anne)).result).toMatchObject({ id: postponed });
  });

  it('lets another moderator take a proposal once its lock has expired', async () => {
    const moderation = await scene();
    const [first, second] = await moderation.insert(pendingRows(2));
    const [anne, bruno, chloe] = [await moderation.moderator('Anne'), await moderation.moderator('Bruno'), await moderation.moderator('Chloé')];
    expect((await moderation.take(anne)).result!.id).toBe(first);
    expect((await moderation.take(bruno)).result!.id).toBe(second);
    expect((await moderation.take(chloe)).result).toBeNull();
    // Anne went away: her two minutes are over.
    await database.db.updateTable('proposals').set({ locked_until: minutesAgo(1) }).where('id', '=', first!).execute();
    expect((await moderation.take(chloe)).result!.id).toBe(first);
    expect((await stored(first!)).locked_by).toBe(chloe.id);
    // Anne coming back cannot decide what Chloé now holds.
    const late = await moderation.decide(anne, { proposalId: first!, decision: 'accept' });
    expect(late).toMatchObject({ status: 409, errors: { form: 'lockedByOther' } });
    expect((await stored(first!)).status).toBe('pending');
  });

  it('gives a proposal back when its moderator releases it', async () => {
    const moderation = await scene();
    const [first] = await moderation.insert(pendingRows(1));
    const [anne, bruno] = [await moderation.moderator('Anne'), await moderation.moderator('Bruno')];
    expect((await moderation.take(anne)).result!.id).toBe(first);
    expect((await moderation.take(bruno)).result).toBeNull();
    // Bruno cannot release Anne's lock.
    expect((await moderation.client.act(bruno, 'release', { proposalId: first! })).result).toEqual({ proposalId: first, released: false });
    expect((await moderation.client.act(anne, 'release', { proposalId: first! })).result).toEqual({ proposalId: first, released: true });
    expect((await moderation.take(bruno)).result!.id).toBe(first);
  });

  it('shows the held proposal with its assistance in the workspace', async () => {
    const moderation = await scene();
    const [accepted, , subject] = await moderation.insert([
      { body: 'rendre les musées gratuits pour tous les jeunes', status: 'accepted', createdAt: minutesAgo(100) },
      { body: 'construire des pistes cyclables partout', status: 'accepted', createdAt: minutesAgo(100) },
      { body: 'rendre les musées gratuits pour les jeunes, voir www.musees-gratuits.fr', status: 'pending', createdAt: minutesAgo(50) },
    ]);
    const anne = await moderation.moderator('Anne');
    const taken = (await moderation.take(anne)).result!;
    expect(taken.id).toBe(subject);
    expect(taken).toMatchObject({ prefix: 'Il faut', language: 'fr', originalBody: taken.body, authorName: null });
    expect(taken.assistance.duplicates.map((duplicate) => duplicate.id)).toEqual([accepted]);
    expect(taken.assistance.flags).toMatchObject({ links: true, phones: false, shouting: false, profanity: [] });
    expect(taken.assistance.language).toEqual({ detected: 'fr', declared: 'fr', expected: true });

    const workspace = await moderation.workspace(anne);
    expect(workspace.held).toEqual(taken);
    expect(workspace.pending).toBe(1);
    expect(workspace.list.items.map((item) => item.id)).toEqual([subject]);
    expect(workspace.list.items[0]!.flags.links).toBe(true);
    expect(workspace.refusalReasons).toContain('offTopic');
    expect(workspace.themes.map((theme) => theme.title)).toEqual(['Culture', 'Transport']);
    // Another moderator sees it in the list as held by someone else, and holds nothing.
    const bruno = await moderation.moderator('Bruno');
    const theirs = await moderation.workspace(bruno);
    expect(theirs.held).toBeNull();
    expect(theirs.list.items[0]!.lockedByOther).toBe(true);
  });
});

describe('deciding', () => {
  it('accepts a proposal with a corrected text, tags and a theme, keeping what the author wrote', async () => {
    const moderation = await scene();
    const [id] = await moderation.insert([{ body: 'rendre les musés gratuit pour les jeune', status: 'pending' }]);
    const anne = await moderation.moderator('Anne');
    await moderation.take(anne);
    const accepted = await moderation.decide(anne, {
      proposalId: id!,
      decision: 'accept',
      body: 'Il faut rendre les musées gratuits pour les jeunes',
      tags: ' musées, jeunesse ,, musées',
      themeId: moderation.themes.culture,
    });
    expect(accepted).toMatchObject({ status: 200, result: { proposalId: id, status: 'accepted' } });
    const row = await stored(id!);
    expect(row).toMatchObject({
      status: 'accepted',
      body: 'rendre les musées gratuits pour les jeunes',
      original_body: 'rendre les musés gratuit pour les jeune',
      tags: ['musées', 'jeunesse'],
      theme_id: moderation.themes.culture,
      refusal_reason: null,
      moderated_by: anne.id,
      locked_by: null,
      locked_until: null,
    });
    expect(row.moderated_at).not.toBeNull();
  });

  it('refuses a correction or tags that break the rules, and changes nothing', async () => {
    const moderation = await scene();
    const [id] = await moderation.insert([{ body: 'rendre les musées gratuits pour les jeunes', status: 'pending' }]);
    const anne = await moderation.moderator('Anne');
    await moderation.take(anne);
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'accept', body: 'Il faut trop' })).toMatchObject({ status: 400, errors: { body: 'text.tooShort' } });
    const manyTags = Array.from({ length: 11 }, (_, index) => `tag${index}`).join(',');
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'accept', tags: manyTags })).toMatchObject({ status: 400, errors: { tags: 'tags.tooMany' } });
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'accept', tags: 'x'.repeat(31) })).toMatchObject({ status: 400, errors: { tags: 'tags.tooLong' } });
    const other = await openConsultation(database.db, app);
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'accept', themeId: other.themes.culture })).toMatchObject({ status: 400, errors: { themeId: 'theme.unknown' } });
    expect(await stored(id!)).toMatchObject({ status: 'pending', body: 'rendre les musées gratuits pour les jeunes', tags: [], theme_id: null, locked_by: anne.id });
  });

  it('refuses only with a reason, and keeps the reason', async () => {
    const moderation = await scene();
    const [id] = await moderation.insert([{ body: 'achetez nos vélos sur promo-velo.fr', status: 'pending' }]);
    const anne = await moderation.moderator('Anne');
    await moderation.take(anne);
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'refuse' })).toMatchObject({ status: 400, errors: { reason: 'reason.required' } });
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'refuse', reason: 'because' })).toMatchObject({ status: 400, errors: { reason: 'reason.required' } });
    expect((await stored(id!)).status).toBe('pending');
    expect(await moderation.decide(anne, { proposalId: id!, decision: 'refuse', reason: 'advertising' })).toMatchObject({ status: 200, result: { status: 'refused' } });
    expect(await stored(id!)).toMatchObject({ status: 'refused', refusal_reason: 'advertising', locked_by: null });
  });

  it('postpones and archives, and refuses a decision it does not know', async () => {
    const moderation = await scene();
    const [first, second] = await moderation.insert(pendingRows(2));
    const anne = await moderation.moderator('Anne');
    expect(await moderation.decide(anne, { proposalId: first!, decision: 'publish' })).toMatchObject({ status: 400, errors: { decision: 'decision.unknown' } });
    expect(await moderation.decide(anne, { proposalId: first!, decision: 'postpone' })).toMatchObject({ status: 200, result: { status: 'postponed' } });
    expect(await moderation.decide(anne, { proposalId: second!, decision: 'archive' })).toMatchObject({ status: 200, result: { status: 'archived' } });
    expect(await moderation.decide(anne, { proposalId: '00000000-0000-4000-8000-000000000000', decision: 'archive' })).toMatchObject({ status: 404, errors: { proposalId: 'proposal.unknown' } });
    // A proposal of another consultation is unknown here.
    const elsewhere = await scene();
    const [foreign] = await elsewhere.insert(pendingRows(1));
    expect(await moderation.decide(anne, { proposalId: foreign!, decision: 'archive' })).toMatchObject({ status: 404 });
    expect((await stored(foreign!)).status).toBe('pending');
  });

  it('decides a selection at once, skipping what another moderator holds', async () => {
    const moderation = await scene();
    const ids = await moderation.insert(pendingRows(5));
    const [anne, bruno] = [await moderation.moderator('Anne'), await moderation.moderator('Bruno')];
    expect((await moderation.take(bruno)).result!.id).toBe(ids[0]);
    expect(await moderation.decideMany(anne, ids, { decision: 'refuse' })).toMatchObject({ status: 400, errors: { reason: 'reason.required' } });
    expect(await moderation.decideMany(anne, [], { decision: 'accept' })).toMatchObject({ status: 400, errors: { proposalIds: 'selection.empty' } });
    const answer = await moderation.decideMany(anne, ids, { decision: 'refuse', reason: 'offTopic' });
    expect(answer).toMatchObject({ status: 200, result: { decided: ids.slice(1), skipped: [ids[0]] } });
    const rows = await database.db.selectFrom('proposals').select(['id', 'status', 'refusal_reason', 'moderated_by']).where('id', 'in', ids).execute();
    for (const row of rows) {
      if (row.id === ids[0]) expect(row).toMatchObject({ status: 'pending', refusal_reason: null });
      else expect(row).toMatchObject({ status: 'refused', refusal_reason: 'offTopic', moderated_by: anne.id });
    }
    // Accepting in bulk works the same way.
    expect(await moderation.decideMany(anne, ids.slice(3), { decision: 'accept' })).toMatchObject({ status: 200, result: { decided: ids.slice(3), skipped: [] } });
    expect((await stored(ids[4]!)).refusal_reason).toBeNull();
  });
});

describe('who may moderate', () => {
  it('refuses every moderation action to participants and visitors (403), and shows them the card stack instead of the workspace', async () => {
    const moderation = await scene();
    const [id, other] = await moderation.insert(pendingRows(2));
    const [participant, strategist] = [await moderation.person(), await moderation.person(['strategist'])];
    const attempts: [string, [string, string][]][] = [
      ['take', []],
      ['decide', [['proposalId', id!], ['decision', 'accept']]],
      ['decideMany', [['proposalIds', id!], ['decision', 'accept']]],
      ['release', [['proposalId', id!]]],
      ['group', [['proposalIds', id!], ['proposalIds', other!], ['title', 'Musées']]],
    ];
    for (const [intent, fields] of attempts) {
      const answer = await moderation.client.act(participant, intent, Object.fromEntries(fields));
      expect(answer, intent).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    }
    expect((await moderation.client.act(null, 'take')).status).toBe(403);
    const rows = await database.db.selectFrom('proposals').select(['status', 'locked_by', 'idea_id']).where('id', 'in', [id!, other!]).execute();
    expect(rows).toEqual([
      { status: 'pending', locked_by: null, idea_id: null },
      { status: 'pending', locked_by: null, idea_id: null },
    ]);
    for (const view of ['moderate', 'supervise']) {
      const { page } = await moderation.client.read(participant, { view });
      expect(page).toMatchObject({ view: 'sequence', moderation: null, supervision: null });
    }
    // A strategist moderates too.
    expect((await moderation.take(strategist)).result!.id).toBe(id);
  });
});

describe('grouping duplicates into ideas', () => {
  it('groups proposals into a new or an existing idea and sums their votes per idea', async () => {
    const moderation = await scene();
    const [a, b, c, d] = await moderation.insert([
      { body: 'rendre les musées gratuits pour les jeunes', agree: 10, disagree: 2, neutral: 1, createdAt: minutesAgo(30) },
      { body: 'la gratuité des musées pour les moins de 26 ans', agree: 5, disagree: 1, neutral: 4, createdAt: minutesAgo(20) },
      { body: 'musées gratuits le dimanche pour les jeunes', status: 'pending', createdAt: minutesAgo(10) },
      { body: 'des pistes cyclables partout', agree: 7 },
    ]);
    const anne = await moderation.moderator('Anne');
    expect(await moderation.group(anne, [a!, b!], {})).toMatchObject({ status: 400, errors: { title: 'title.required' } });
    expect(await moderation.group(anne, [a!], { title: 'Seule' })).toMatchObject({ status: 400, errors: { proposalIds: 'selection.tooFew' } });
    const created = await moderation.group(anne, [a!, b!], { title: '  Des musées gratuits  pour les jeunes ' });
    expect(created.status).toBe(200);
    const ideaId = created.result.ideaId!;
    const idea = await database.db.selectFrom('ideas').selectAll().where('id', '=', ideaId).executeTakeFirstOrThrow();
    expect(idea).toMatchObject({ consultation_id: moderation.consultationId, title: 'Des musées gratuits pour les jeunes', created_by: anne.id });
    // A third one joins the existing idea.
    expect(await moderation.group(anne, [c!], { ideaId })).toMatchObject({ status: 200, result: { ideaId, proposalIds: [c] } });
    const foreignIdea = await openConsultation(database.db, app);
    const { id: elsewhere } = await database.db.insertInto('ideas').values({ consultation_id: foreignIdea.consultationId, title: 'Ailleurs' }).returning('id').executeTakeFirstOrThrow();
    expect(await moderation.group(anne, [d!], { ideaId: elsewhere })).toMatchObject({ status: 404, errors: { ideaId: 'idea.unknown' } });

    const workspace = await moderation.workspace(anne);
    expect(workspace.ideas).toHaveLength(1);
    expect(workspace.ideas[0]).toMatchObject({ id: ideaId, title: 'Des musées gratuits pour les jeunes', votes: { agree: 15, disagree: 3, neutral: 5 } });
    expect(workspace.ideas[0]!.proposals.map((proposal) => proposal.id)).toEqual([a, b, c]);
    // Votes stay on the proposals.
    expect(await stored(a!)).toMatchObject({ agree: 10, idea_id: ideaId });
    expect(workspace.ideaChoices.map((choice) => choice.id)).toContain(ideaId);

    // One proposal taken out of its idea.
    expect(await moderation.group(anne, [b!], { ideaId: '' })).toMatchObject({ status: 200, result: { ideaId: null } });
    const after = await moderation.workspace(anne);
    expect(after.ideas[0]!.votes).toEqual({ agree: 10, disagree: 2, neutral: 1 });
    expect((await stored(b!)).idea_id).toBeNull();
  });
});

describe('supervision', () => {
  async function decisionAt(moderation: Scene, moderatorId: string, at: Date, status: 'accepted' | 'refused' | 'postponed', reason: RefusalReason | null = null) {
    const [id] = await moderation.insert([{ body: `décidée à ${at.toISOString()} ${Math.random()}`, status, refusalReason: reason }]);
    await database.db.updateTable('proposals').set({ moderated_at: at, moderated_by: moderatorId }).where('id', '=', id!).execute();
  }

  it('counts the backlog, its median wait, decisions per moderator per hour and refusal reasons, as the data says', async () => {
    const moderation = await scene();
    const [anne, bruno] = [await moderation.moderator('Anne Martin'), await moderation.moderator('Bruno Petit')];
    // Three pending proposals waiting 10, 30 and 90 minutes: the median wait is 30 minutes.
    await moderation.insert([
      { body: 'attend depuis dix minutes', status: 'pending', createdAt: minutesAgo(10) },
      { body: 'attend depuis trente minutes', status: 'pending', createdAt: minutesAgo(30) },
      { body: 'attend depuis quatre-vingt-dix minutes', status: 'pending', createdAt: minutesAgo(90) },
    ]);
    const hour = 3_600_000;
    // Not across an hour's end: the test and the server must agree on the current hour.
    const leftInHour = hour - (Date.now() % hour);
    if (leftInHour < 5000) await new Promise((resolve) => setTimeout(resolve, leftInHour + 100));
    const currentHour = Math.floor(Date.now() / hour) * hour;
    // Anne: 3 decisions in the current hour, 1 five hours ago; Bruno: 2 two hours ago; one 30 hours ago is too old to count.
    await decisionAt(moderation, anne.id, new Date(currentHour + 1000), 'accepted');
    await decisionAt(moderation, anne.id, new Date(currentHour + 2000), 'refused', 'offTopic');
    await decisionAt(moderation, anne.id, new Date(currentHour + 3000), 'refused', 'offTopic');
    await decisionAt(moderation, anne.id, new Date(currentHour - 5 * hour + 60_000), 'refused', 'rude');
    await decisionAt(moderation, bruno.id, new Date(currentHour - 2 * hour + 60_000), 'postponed');
    await decisionAt(moderation, bruno.id, new Date(currentHour - 2 * hour + 120_000), 'accepted');
    await decisionAt(moderation, bruno.id, new Date(currentHour - 30 * hour), 'accepted');

    const board = await moderation.supervision(anne);
    expect(board.backlog).toBe(3);
    expect(board.medianWaitSeconds).toBeGreaterThanOrEqual(30 * 60 - 5);
    expect(board.medianWaitSeconds).toBeLessThanOrEqual(30 * 60 + 60);
    expect(board.oldestWaitSeconds).toBeGreaterThanOrEqual(90 * 60 - 5);
    expect(board.totals).toEqual({ pending: 3, accepted: 3, refused: 3, postponed: 1, archived: 0 });
    expect(board.postponed).toBe(1);
    expect(board.refusalReasons.slice(0, 2)).toEqual([
      { reason: 'offTopic', count: 2 },
      { reason: 'rude', count: 1 },
    ]);
    expect(board.refusalReasons).toHaveLength(10);
    expect(board.hours).toHaveLength(24);
    expect(board.hours[23]).toBe(new Date(currentHour).toISOString());
    const perHour = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, index) => counts[index] ?? 0);
    expect(board.moderators).toEqual([
      { id: anne.id, name: 'Anne Martin', perHour: perHour({ 23: 3, 18: 1 }), total: 4 },
      { id: bruno.id, name: 'Bruno Petit', perHour: perHour({ 21: 2 }), total: 2 },
    ]);
  });

  it('has nothing to show for a consultation nobody has moderated yet', async () => {
    const moderation = await scene();
    const anne = await moderation.moderator('Anne');
    const board = await moderation.supervision(anne);
    expect(board).toMatchObject({ backlog: 0, medianWaitSeconds: null, oldestWaitSeconds: null, moderators: [], totals: { pending: 0, accepted: 0, refused: 0, postponed: 0, archived: 0 } });
  });

  it('tells the team live that something was moderated', async () => {
    const moderation = await scene();
    const [id] = await moderation.insert(pendingRows(1));
    const [anne, bruno] = [await moderation.moderator('Anne'), await moderation.moderator('Bruno')];
    const socket = io(app.url, { transports: ['websocket'], extraHeaders: { Cookie: bruno.cookie }, reconnection: false });
    sockets.push(socket);
    const signals: unknown[] = [];
    socket.on(moderationChanged, (payload: unknown) => signals.push(payload));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(5000).emitWithAck('module:join', { slug: moderation.slug, instanceId: moderation.instanceId })).toEqual({ ok: true });
    await moderation.decide(anne, { proposalId: id!, decision: 'accept' });
    await vi.waitFor(() => expect(signals.length).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 20 });
    // A refused decision changes nothing and says nothing.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const quiet = signals.length;
    await moderation.decide(anne, { proposalId: id!, decision: 'refuse' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signals).toHaveLength(quiet);
  });
});

describe('many moderators at once', () => {
  // On PostgreSQL the requests really run in parallel; on PGlite they take turns.
  it(`gives fifty moderators asking at once fifty different proposals (${usingRealPostgres ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const moderation = await scene();
    const ids = await moderation.insert(pendingRows(60));
    const moderators = await Promise.all(Array.from({ length: 50 }, (_, index) => moderation.moderator(`M${index}`)));
    const answers = await Promise.all(moderators.map((moderator) => moderation.take(moderator)));
    const taken = answers.map((answer) => answer.result!.id);
    expect(new Set(taken).size).toBe(50);
    expect(taken.every((id) => ids.includes(id))).toBe(true);
    const locks = await database.db.selectFrom('proposals').select(['locked_by']).where('instance_id', '=', moderation.instanceId).where('locked_by', 'is not', null).execute();
    expect(new Set(locks.map((lock) => lock.locked_by)).size).toBe(50);
    expect(locks).toHaveLength(50);
  });
});
