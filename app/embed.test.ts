import { describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import type { ProposalsPageData } from '../modules/proposals/proposals-data';
import { useTestApp, type RunningApp } from '../test/app';

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened), { before: (opened) => seedDemo(opened.db, { strategistPassword: 'demo password 123' }) });

const widget = '/embed/grand-debat-national';
const widgetData = `${widget}?_data=${encodeURIComponent('routes/embed.$slug')}`;
const get = (path: string, cookie = '') => fetch(app.url + path, { headers: { 'Accept-Language': 'en', ...(cookie ? { Cookie: cookie } : {}) }, redirect: 'manual' });

/** A visitor who takes part under a pseudonym from inside the widget: the form posts from Plenum's own origin (the iframe's). */
async function joinFromWidget(returnTo = widget): Promise<{ cookie: string; location: string | null }> {
  const response = await fetch(`${app.url}/consultations/grand-debat-national/join`, {
    method: 'POST',
    headers: { Origin: app.url, 'Accept-Language': 'en' },
    body: new URLSearchParams({ returnTo }),
    redirect: 'manual',
  });
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, location: response.headers.get('location') };
}

describe('the embeddable widget', () => {
  it('shows the current phase’s card stack without the site’s header, framable only by Plenum and the sites the strategist allowed', async () => {
    await database.db.updateTable('consultations').set({ embed_origins: ['https://www.example-news.fr', 'http://127.0.0.1:3299'] }).where('slug', '=', 'grand-debat-national').execute();
    const response = await get(widget);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self' https://www.example-news.fr http://127.0.0.1:3299");
    const html = await response.text();
    expect(html).toContain('<body class="bare">');
    expect(html).not.toContain('site-header');
    expect(html).toContain('How can we transform France together?');

    // The rest of the site may be framed by no other site, whatever the list says (clickjacking).
    const page = await get('/consultations/grand-debat-national');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    expect(await page.text()).toContain('site-header');

    await database.db.updateTable('consultations').set({ embed_origins: [] }).where('slug', '=', 'grand-debat-national').execute();
    expect((await get(widget)).headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
  });

  it('says plainly that there is nothing to vote on when the consultation is not open or collects no proposals now', async () => {
    // Halvéo is in appropriation, with no proposals; WeEuropeans is closed; the last one does not exist.
    for (const slug of ['halveo-futur-des-courses', 'weeuropeans', 'no-such-consultation']) {
      const response = await get(`/embed/${slug}`);
      expect(response.status, slug).toBe(404);
      expect(response.headers.get('content-security-policy'), slug).toMatch(/^frame-ancestors 'self'/);
      const html = await response.text();
      expect(html, slug).toContain('Nothing to vote on here at the moment');
      expect(html, slug).not.toContain('site-header');
    }
  });

  it('brings a visitor who joins from the widget straight back to the widget, and nowhere else', async () => {
    // Straight back: the debate's segment questions are not asked inside the host site's frame.
    expect((await joinFromWidget()).location).toBe(`${widget}?joined=1`);
    expect((await joinFromWidget(`${widget}?view=propose`)).location).toBe(`${widget}?view=propose&joined=1`);
    for (const elsewhere of ['/embed/weeuropeans', '/embed/grand-debat-national-2', '//evil.example/embed/grand-debat-national']) {
      expect((await joinFromWidget(elsewhere)).location, elsewhere).toBe('/consultations/grand-debat-national/about-you?joined=1');
    }
  });

  it('records a vote cast from the widget’s cards as the widget’s, and counts it', async () => {
    const { cookie } = await joinFromWidget();
    const loaded = await get(widgetData, cookie);
    expect(loaded.status).toBe(200);
    const { module } = (await loaded.json()) as { module: { id: string; page: ProposalsPageData } };
    expect(module.page.embedded).toBe(true);
    expect(module.page.viewer.mayVote).toBe(true);
    const sequence = module.page.sequence!;
    expect(sequence.source).toBe('widget');
    const card = sequence.cards[0]!;
    expect(card.key).toBeTruthy();
    const before = await database.db.selectFrom('proposals').select(['agree', 'sequence_votes']).where('id', '=', card.id).executeTakeFirstOrThrow();

    // What the card stack sends: the module's own route, from Plenum's origin (the iframe's).
    const voted = await fetch(`${app.url}/consultations/grand-debat-national/modules/${module.id}`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: app.url, 'Accept-Language': 'en' },
      body: new URLSearchParams({ intent: 'vote', proposalId: card.id, vote: 'agree', key: card.key!, source: sequence.source }),
    });
    expect(voted.status).toBe(200);
    const vote = await database.db.selectFrom('proposal_votes').select(['source', 'trusted', 'vote']).where('proposal_id', '=', card.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(vote).toEqual({ source: 'widget', trusted: true, vote: 'agree' });
    const after = await database.db.selectFrom('proposals').select(['agree', 'sequence_votes']).where('id', '=', card.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ agree: before.agree + 1, sequence_votes: before.sequence_votes + 1 });
  });

  it('offers the widget’s views to participants, never the team’s moderation in another site’s page', async () => {
    const strategist = await database.db.selectFrom('users').select('id').where('email', '=', 'strategist@demo.plenum.test').executeTakeFirstOrThrow();
    const cookie = (await app.services.sessionCookie.serialize(await startSession(database.db, strategist.id, 'test'))).split(';')[0]!;
    const moderate = (await (await get(`${widgetData}&view=moderate`, cookie)).json()) as { module: { page: ProposalsPageData } };
    expect(moderate.module.page.view).toBe('sequence');
    expect(moderate.module.page.moderation).toBeNull();
    const propose = (await (await get(`${widgetData}&view=propose`, cookie)).json()) as { module: { page: ProposalsPageData } };
    expect(propose.module.page.view).toBe('propose');
  });
});
