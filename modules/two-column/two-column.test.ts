import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { moderationQueueFor } from '../../phases/dispatch.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import { postChanged } from '../../platform/contributions/posts.server';
import type { PostView } from '../../platform/contributions/post-state';
import { useTestApp, type RunningApp } from '../../test/app';
import { contrastWithWhite } from '../../platform/colors';
import { orderArguments } from './columns';
import { summaryChanged, type ColumnSummaryView } from './two-column-data';
import { openDeepening, settingsFields, twoColumnClient, type Deepening, type Person } from './test-factories';

/*
 * The two-column module through the real HTTP server: what strategists set, what participants
 * argue, reply and upvote, what synthesizers summarise, and what each may not do.
 */

let database: OpenDatabase;
let app: RunningApp;
const sockets: Socket[] = [];

useTestApp((opened) => ({ database, app } = opened));
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
});

async function scene(options: Parameters<typeof openDeepening>[2] = {}) {
  const deepening = await openDeepening(database.db, app, options);
  return { ...deepening, client: twoColumnClient(app, deepening.slug, deepening.instanceId) };
}

const storedPosts = (instanceId: string) => database.db.selectFrom('posts').select(['id', 'topic', 'status']).where('instance_id', '=', instanceId).execute();
const storedConfig = async (instanceId: string) => (await database.db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow()).config;

describe('the strategist’s settings', () => {
  it('sets the columns, their labels per language and colours, and the ideas moved into the phase', async () => {
    const { client, ideas, person, instanceId } = await scene();
    const strategist = await person(['strategist']);
    const read = await client.settings(strategist);
    expect(read.status).toBe(200);
    expect(read.data!.settings.data.ideas.map((idea) => idea.title).sort()).toEqual(['Compter le vote blanc', 'Renforcer le contrôle fiscal', 'Supprimer le Sénat']);

    const columns = [
      { key: 'a', fr: 'Forces', en: 'Strengths', color: '#1B7A3D' },
      { key: 'b', fr: 'Faiblesses', en: 'Weaknesses', color: '#b3261e' },
      { key: 'c', fr: 'Risques', color: '#1f5fa8' },
    ];
    const saved = await client.saveSettings(strategist, settingsFields(columns, [ideas.leftOut, ideas.fiscal], 'date'));
    expect(saved).toEqual({ status: 200, saved: true, errors: {} });
    expect(await storedConfig(instanceId)).toEqual({
      columns: [
        { key: 'a', label: { fr: 'Forces', en: 'Strengths' }, color: '#1b7a3d' },
        { key: 'b', label: { fr: 'Faiblesses', en: 'Weaknesses' }, color: '#b3261e' },
        { key: 'c', label: { fr: 'Risques' }, color: '#1f5fa8' },
      ],
      ideaIds: [ideas.leftOut, ideas.fiscal],
      sort: 'date',
    });
    const { page } = await client.read(null);
    expect(page.ideas.map((idea) => idea.title)).toEqual(['Supprimer le Sénat', 'Renforcer le contrôle fiscal']);

  });

  it('draws the settings form with what was saved, in the strategist’s language', async () => {
    const { client, ideas, person } = await scene();
    const strategist = await person(['strategist']);
    await client.saveSettings(strategist, settingsFields([{ key: 'a', fr: 'Forces', en: 'Strengths', color: '#1b7a3d' }, { key: 'b', fr: 'Faiblesses', en: 'Weaknesses', color: '#1f5fa8' }], [ideas.leftOut]));
    const form = await fetch(`${app.url}${client.path}/settings`, { headers: { Cookie: strategist.cookie, 'Accept-Language': 'en' } });
    expect(form.status).toBe(200);
    // React separates neighbouring texts with comments in server HTML.
    const html = (await form.text()).replaceAll('<!-- -->', '');
    for (const text of ['Label in Français', 'value="Weaknesses"', 'value="#1f5fa8"', 'Ideas moved into this phase', 'Supprimer le Sénat (0 extracts)']) expect(html).toContain(text);
  });

  it('refuses bad settings with a message beside the field, and keeps the previous ones', async () => {
    const { client, ideas, person, instanceId, consultationId } = await scene();
    const strategist = await person(['strategist']);
    const before = await storedConfig(instanceId);
    const good = { key: 'a', fr: 'Pour', en: 'For', color: '#1b7a3d' };
    const other = { key: 'b', fr: 'Contre', en: 'Against', color: '#b3261e' };
    const elsewhere = await openDeepening(database.db, app);
    const cases: [string, [string, string][], Record<string, string>][] = [
      ['one column', settingsFields([good], [ideas.fiscal]), { columns: 'columns.tooFew' }],
      ['five columns', settingsFields(['a', 'b', 'c', 'd', 'e'].map((key) => ({ ...good, key })), []), { columns: 'columns.tooMany' }],
      ['the same column twice', settingsFields([good, good], []), { columns: 'columns.invalid' }],
      ['a column without a label in French', settingsFields([good, { ...other, fr: '' }], []), { label_b_fr: 'label.required' }],
      ['a label too long', settingsFields([good, { ...other, en: 'x'.repeat(61) }], []), { label_b_en: 'label.tooLong' }],
      ['a colour that is not one', settingsFields([good, { ...other, color: 'red' }], []), { color_b: 'color.invalid' }],
      ['a colour white text cannot be read on', settingsFields([good, { ...other, color: '#ffd84d' }], []), { color_b: 'color.lowContrast' }],
      ['an idea of another consultation', settingsFields([good, other], [elsewhere.ideas.fiscal]), { ideaIds: 'ideas.unknown' }],
      ['an idea that is not an id', settingsFields([good, other], ['nonsense']), { ideaIds: 'ideas.unknown' }],
      ['an unknown order', settingsFields([good, other], [], 'random'), { sort: 'sort.invalid' }],
    ];
    for (const [what, fields, errors] of cases) {
      const answer = await client.saveSettings(strategist, fields);
      expect(answer.status, what).toBe(400);
      expect(answer.errors, what).toEqual(errors);
    }
    expect(await storedConfig(instanceId)).toEqual(before);
    expect(contrastWithWhite('#ffd84d')).toBeLessThan(4.5);

    // Only strategists open the settings.
    const participant = await person(['participant']);
    expect((await client.saveSettings(participant, settingsFields([good, other], []))).status).toBe(403);
    expect(consultationId).toBeTruthy();
  });

  it('will not remove a column that holds arguments', async () => {
    const { client, ideas, person } = await scene();
    const [strategist, anne] = [await person(['strategist']), await person()];
    await client.argue(anne, ideas.fiscal, 'b', 'Trop de contrôles découragent les petites entreprises.');
    const answer = await client.saveSettings(strategist, settingsFields([{ key: 'a', fr: 'Pour', color: '#1b7a3d' }, { key: 'c', fr: 'Autre', color: '#1f5fa8' }], [ideas.fiscal]));
    expect(answer).toMatchObject({ status: 409, errors: { columns: 'columns.inUse' } });
    expect((await client.settings(strategist)).data!.settings.data.columnsInUse).toEqual(['b']);
  });
});

describe('arguing in columns', () => {
  it('puts each argument in its idea’s column, and each reply under what it answers, in the same column', async () => {
    const { client, ideas, person } = await scene();
    const [anne, bilal] = [await person(['participant'], 'Anne'), await person(['participant'], 'Bilal')];
    const pro = await client.argue(anne, ideas.fiscal, 'a', 'La fraude coûte des dizaines de milliards.');
    const con = await client.argue(bilal, ideas.fiscal, 'b', 'Les contrôles pèsent sur les entreprises de bonne foi.');
    // A reply from the shared post component names only its parent.
    const reply = await client.act<{ postId: string; column: string }>(anne, 'post', { parentId: con, body: 'Un contrôle ciblé ne pèse que sur les fraudeurs.' });
    expect(reply).toMatchObject({ status: 200, result: { column: 'b' } });
    const elsewhere = await client.argue(bilal, ideas.blank, 'a', 'Le vote blanc dit quelque chose.');

    const { page } = await client.read(bilal, { idea: ideas.fiscal });
    expect(page.idea?.title).toBe('Renforcer le contrôle fiscal');
    expect(page.posts.map((post) => [post.id, post.topic, post.parentId])).toEqual([
      [pro, `${ideas.fiscal}:a`, null],
      [con, `${ideas.fiscal}:b`, null],
      [reply.result.postId, `${ideas.fiscal}:b`, con],
    ]);
    expect(page.posts.map((post) => post.id)).not.toContain(elsewhere);
    expect(page.viewer).toMatchObject({ mayPost: true, mayReact: true, maySummarise: false });
    const list = await client.read(null);
    expect(list.page.ideas.find((idea) => idea.id === ideas.fiscal)?.arguments).toEqual({ a: 1, b: 2 });
  });

  it('lets an idea catcher catch a passage of an argument, which the column then shows as caught', async () => {
    const { client, ideas, person } = await scene();
    const [anne, catcher] = [await person(), await person(['idea_catcher'])];
    const argument = await client.argue(anne, ideas.fiscal, 'a', 'Un contrôleur de plus rapporte bien plus qu’il ne coûte.');
    const { page } = await client.read(catcher, { idea: ideas.fiscal });
    expect(page.viewer.mayCatch).toBe(true);
    expect((await client.html(catcher, { idea: ideas.fiscal })).html).toContain('>Catch a passage<');
    expect((await client.html(anne, { idea: ideas.fiscal })).html).not.toContain('>Catch a passage<');
    const caught = await client.act(catcher, 'catch', { postId: argument, quote: 'rapporte bien plus qu’il ne coûte', nature: 'argument', nextStep: 'vote', ideaId: ideas.fiscal });
    expect(caught.status).toBe(200);
    const after = (await client.read(anne, { idea: ideas.fiscal })).page.posts.find((post) => post.id === argument)!;
    expect(after.html).toContain('<mark class="caught"');
    expect((await client.act(anne, 'catch', { postId: argument, quote: 'rapporte', nature: 'argument', nextStep: 'vote', ideaId: ideas.fiscal })).status).toBe(403);
  });

  it('refuses what does not belong, with a message, and saves nothing', async () => {
    const { client, ideas, person, instanceId } = await scene();
    const anne = await person();
    const first = await client.argue(anne, ideas.fiscal, 'a', 'Un premier argument.');
    const cases: [string, Record<string, string>, number, Record<string, string>][] = [
      ['an empty argument', { ideaId: ideas.fiscal, column: 'a', body: '' }, 400, { body: 'body.empty' }],
      ['an argument over the size limit', { ideaId: ideas.fiscal, column: 'a', body: 'a'.repeat(10_001) }, 400, { body: 'body.tooLong' }],
      ['an unsafe link', { ideaId: ideas.fiscal, column: 'a', body: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ici', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] }) }, 400, { body: 'body.unsafeLink' }],
      ['an idea that is not in this phase', { ideaId: ideas.leftOut, column: 'a', body: 'Supprimons-le.' }, 400, { ideaId: 'idea.notChosen' }],
      ['an idea that does not exist', { ideaId: '00000000-0000-4000-8000-000000000000', column: 'a', body: 'Bof.' }, 400, { ideaId: 'idea.notChosen' }],
      ['no idea', { column: 'a', body: 'Bof.' }, 400, { ideaId: 'idea.notChosen' }],
      ['a column that does not exist', { ideaId: ideas.fiscal, column: 'z', body: 'Bof.' }, 400, { column: 'column.unknown' }],
      ['a reply placed in another column than its parent', { ideaId: ideas.fiscal, column: 'b', parentId: first, body: 'Je réponds.' }, 400, { parentId: 'parent.elsewhere' }],
    ];
    for (const [what, fields, status, errors] of cases) {
      const answer = await client.act(anne, 'argue', fields);
      expect(answer.status, what).toBe(status);
      expect(answer.errors, what).toEqual(errors);
    }
    expect(await storedPosts(instanceId)).toHaveLength(1);
    // Visitors and client viewers read, but do not argue.
    const viewer = await person(['client_viewer']);
    for (const who of [null, viewer]) expect((await client.act(who, 'argue', { ideaId: ideas.fiscal, column: 'a', body: 'Hop.' })).errors).toEqual({ form: 'notAllowed' });
  });

  it('takes no argument nor upvote once the phase is over', async () => {
    const { client, ideas, person, consultationId, instanceId } = await scene();
    const anne = await person();
    const argument = await client.argue(anne, ideas.fiscal, 'a', 'Avant la clôture.');
    await database.db.updateTable('consultations').set({ lifecycle_state: 'prioritisation' }).where('id', '=', consultationId).execute();
    expect(await client.act(anne, 'argue', { ideaId: ideas.fiscal, column: 'a', body: 'Après.' })).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    expect(await client.act(anne, 'react', { postId: argument, kind: 'upvote' })).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    expect(await storedPosts(instanceId)).toHaveLength(1);
    const { page } = await client.read(anne, { idea: ideas.fiscal });
    expect(page.viewer).toMatchObject({ mayPost: false, mayReact: false });
    expect(page.posts).toHaveLength(1);
  });
});

describe('upvotes and order', () => {
  it('counts one upvote per person and argument, and offers no other reaction', async () => {
    const { client, ideas, person } = await scene();
    const [anne, bilal] = [await person(), await person()];
    const argument = await client.argue(anne, ideas.fiscal, 'a', 'Un argument solide.');
    expect((await client.act(bilal, 'react', { postId: argument, kind: 'upvote' })).result).toMatchObject({ given: true });
    expect((await client.act(anne, 'react', { postId: argument, kind: 'upvote' })).result).toMatchObject({ given: true });
    // Pressing again takes the upvote back: never two from one person.
    expect((await client.act(bilal, 'react', { postId: argument, kind: 'upvote' })).result).toMatchObject({ given: false });
    expect((await client.act(bilal, 'react', { postId: argument, kind: 'upvote' })).result).toMatchObject({ given: true });
    expect(await client.act(bilal, 'react', { postId: argument, kind: 'like' })).toMatchObject({ status: 400, errors: { kind: 'reaction.unknown' } });
    const { page } = await client.read(bilal, { idea: ideas.fiscal });
    expect(page.posts[0]?.reactions.upvote).toBe(2);
    expect(page.myReactions[argument]).toEqual(['upvote']);
  });

  it('sorts arguments by upvotes or by date, each followed by its replies', async () => {
    const { client, ideas, person } = await scene();
    const [anne, bilal, chloe] = [await person(), await person(), await person()];
    const older = await client.argue(anne, ideas.fiscal, 'a', 'Le plus ancien.');
    const newer = await client.argue(bilal, ideas.fiscal, 'a', 'Le plus récent.');
    const reply = await client.argue(chloe, ideas.fiscal, 'a', 'Réponse au plus ancien.', older);
    for (const voter of [bilal, chloe]) await client.act(voter, 'react', { postId: older, kind: 'upvote' });
    await client.act(anne, 'react', { postId: newer, kind: 'upvote' });

    const byVotes = await client.read(anne, { idea: ideas.fiscal, sort: 'upvotes' });
    expect(byVotes.page.sort).toBe('upvotes');
    expect(orderArguments(byVotes.page.posts, 'upvotes').map((post) => post.id)).toEqual([older, reply, newer]);
    const byDate = await client.read(anne, { idea: ideas.fiscal, sort: 'date' });
    expect(byDate.page.sort).toBe('date');
    expect(orderArguments(byDate.page.posts, 'date').map((post) => post.id)).toEqual([newer, older, reply]);
  });
});

describe('column summaries', () => {
  it('lets a synthesizer write and update a column’s summary, which everyone reads with its date', async () => {
    const { client, ideas, person } = await scene();
    const synthesizer = await person(['synthesizer'], 'Sam Synthèse');
    const first = await client.act<{ updatedAt: string }>(synthesizer, 'summarise', { ideaId: ideas.fiscal, column: 'a', body: 'La fraude est l’argument principal.' });
    expect(first.status).toBe(200);
    await client.act(synthesizer, 'summarise', { ideaId: ideas.fiscal, column: 'a', body: 'La fraude et l’équité sont les arguments principaux.' });
    const { page } = await client.read(null, { idea: ideas.fiscal });
    expect(page.summaries).toEqual([
      expect.objectContaining({ ideaId: ideas.fiscal, column: 'a', html: '<p>La fraude et l’équité sont les arguments principaux.</p>', updatedBy: 'Sam Synthèse' }),
    ]);
    expect(Date.parse(page.summaries[0]!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.result.updatedAt));
    const html = await client.html(null, { idea: ideas.fiscal });
    expect(html.html).toContain('La fraude et l’équité sont les arguments principaux.');
  });

  it('refuses summaries from anyone else, and bad ones', async () => {
    const { client, ideas, person } = await scene();
    const [anne, moderator, synthesizer] = [await person(), await person(['moderator']), await person(['synthesizer'])];
    for (const who of [null, anne, moderator]) {
      expect(await client.act(who, 'summarise', { ideaId: ideas.fiscal, column: 'a', body: 'Résumé.' })).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    }
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ ideaId: ideas.fiscal, column: 'a', body: ' ' }, { body: 'summary.empty' }],
      [{ ideaId: ideas.fiscal, column: 'a', body: 'x'.repeat(2001) }, { body: 'summary.tooLong' }],
      [{ ideaId: ideas.leftOut, column: 'a', body: 'Résumé.' }, { ideaId: 'idea.notChosen' }],
      [{ ideaId: ideas.fiscal, column: 'q', body: 'Résumé.' }, { column: 'column.unknown' }],
    ];
    for (const [fields, errors] of cases) expect(await client.act(synthesizer, 'summarise', fields)).toMatchObject({ status: 400, errors });
    expect(await database.db.selectFrom('column_summaries').selectAll().execute().then((rows) => rows.filter((row) => row.idea_id === ideas.fiscal || row.idea_id === ideas.leftOut))).toEqual([]);
  });
});

describe('following an idea live', () => {
  async function connect(person: Person | null, deepening: Deepening) {
    const socket = io(app.url, { transports: ['websocket'], extraHeaders: person ? { Cookie: person.cookie } : {}, reconnection: false });
    sockets.push(socket);
    const posts: PostView[] = [];
    const summaries: ColumnSummaryView[] = [];
    socket.on(postChanged, (post: PostView) => posts.push(post));
    socket.on(summaryChanged, (summary: ColumnSummaryView) => summaries.push(summary));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(5000).emitWithAck('module:join', { slug: deepening.slug, instanceId: deepening.instanceId })).toEqual({ ok: true });
    return { posts, summaries };
  }
  const until = <T>(check: () => T | undefined) =>
    vi.waitFor(
      () => {
        const value = check();
        if (value === undefined) throw new Error('not received yet');
        return value;
      },
      { timeout: 5000, interval: 20 },
    );

  it('brings a new argument, its upvotes and a column’s summary to another reader without reload', async () => {
    const deepening = await scene();
    const { client, ideas, person } = deepening;
    const [anne, bilal, synthesizer] = [await person(), await person(), await person(['synthesizer'])];
    const bilalLive = await connect(bilal, deepening);
    const visitorLive = await connect(null, deepening);

    const argument = await client.argue(anne, ideas.blank, 'b', 'Un vote blanc majoritaire bloquerait tout.');
    expect(await until(() => bilalLive.posts.find((post) => post.id === argument))).toMatchObject({ topic: `${ideas.blank}:b`, author: { id: anne.id } });
    await client.act(bilal, 'react', { postId: argument, kind: 'upvote' });
    expect(await until(() => visitorLive.posts.find((post) => post.id === argument && post.reactions.upvote === 1))).toBeTruthy();

    await client.act(synthesizer, 'summarise', { ideaId: ideas.blank, column: 'b', body: 'Le risque de blocage domine.' });
    const summary = await until(() => bilalLive.summaries[0]);
    expect(summary).toMatchObject({ ideaId: ideas.blank, column: 'b', html: '<p>Le risque de blocage domine.</p>' });
    expect(visitorLive.summaries).toHaveLength(1);
  });
});

describe('moderation', () => {
  it('sends arguments of a pre-moderated consultation to the shared queue, and publishes them from there', async () => {
    const deepening = await scene({ moderation: 'pre' });
    const { client, ideas, person, consultationId } = deepening;
    const [anne, bilal, moderator] = [await person(), await person(), await person(['moderator'])];
    const argument = await client.argue(anne, ideas.fiscal, 'a', 'Un argument à relire.');
    expect((await client.read(bilal, { idea: ideas.fiscal })).page.posts).toEqual([]);

    const consultation = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirstOrThrow();
    const actor = { userId: moderator.id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['moderator'] as const) };
    const queue = await moderationQueueFor(database.db, actor, consultation, 'fr');
    expect(queue).toEqual([expect.objectContaining({ id: argument, kind: 'two-column', cause: 'awaiting', path: `${client.path}?post=${argument}#post-${argument}` })]);
    // The queue's link opens the argument's idea.
    const linked = await client.read(moderator, { post: argument });
    expect(linked.page).toMatchObject({ idea: { id: ideas.fiscal }, focus: argument });

    const page = await fetch(`${app.url}/consultations/${deepening.slug}/moderation`, { headers: { Cookie: moderator.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Un argument à relire.');
  });
});
