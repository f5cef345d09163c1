import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, test } from './fixtures';

/*
 * The widget inside a media site's page, on another origin than Plenum's: a tiny static site
 * serves an article with the iframe and Plenum's embed.js. One origin is allowed by the
 * strategist, the other is not.
 */

const debate = '/consultations/grand-debat-national';

/** A vote or qualification button, whether pressed (a check mark before its word) or not. */
const voteButton = (label: string) => ({ name: new RegExp(`^(✓\\s*)?${label}$`) });

/** The media site's article: the widget's iframe and the script that sizes it. */
function article(plenum: string): string {
  return `<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Le Journal d’exemple : le grand débat</title></head>
  <body>
    <main>
      <h1>Grand débat : à vous de proposer</h1>
      <p>Votez sur les propositions des autres lecteurs, ou faites la vôtre, sans quitter l’article.</p>
      <iframe id="plenum" src="${plenum}/embed/grand-debat-national" title="Consultation « Comment transformer la France ensemble ? »" data-plenum-embed style="width: 100%; border: 0" height="150"></iframe>
      <p>Suite de l’article.</p>
    </main>
    <script src="${plenum}/embed.js" async></script>
  </body>
</html>`;
}

/** The article on a free port of 127.0.0.1: an origin of its own (another port is another origin). */
function serveArticle(plenum: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(article(plenum));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let sites: Server[] = [];
let allowed = '';
let refused = '';
const originOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
test.beforeAll(async ({ baseURL }) => {
  sites = [await serveArticle(baseURL!), await serveArticle(baseURL!)];
  [allowed, refused] = sites.map(originOf) as [string, string];
});
test.afterAll(async () => {
  await Promise.all(sites.map((site) => new Promise((resolve) => site.close(resolve))));
});

async function signInAsStrategist(page: Page, to: string): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(to)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The widget's frame, once its page has loaded from Plenum. */
async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe#plenum').elementHandle();
  const frame = await handle!.contentFrame();
  expect(frame).not.toBeNull();
  return frame!;
}

/** A reader of the media site, in a browser of their own. */
async function readerOf(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  return context.newPage();
}

test('the widget takes votes inside a media site’s page on another origin, sized to its content; a site not allowed cannot frame it', async ({ page, browser, baseURL }) => {
  // The strategist allows the media site in the consultation's settings; a page address is refused first.
  await signInAsStrategist(page, `${debate}/console`);
  const field = page.getByRole('textbox', { name: 'Sites autorisés à intégrer le widget' });
  await field.fill(`${allowed}/articles/grand-debat`);
  await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
  await expect(page.getByText('Écrivez seulement le début de l’adresse de chaque site')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await field.fill(allowed);
  await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Réglages enregistrés.' })).toBeVisible();
  await expect(field).toHaveValue(allowed);

  // A reader of the allowed site sees the widget in the article, as tall as its content.
  const reader = await readerOf(browser);
  const readerErrors: string[] = [];
  reader.on('pageerror', (error) => readerErrors.push(error.message));
  await reader.goto(`${allowed}/`);
  const iframe = reader.locator('iframe#plenum');
  let widget = await widgetFrame(reader);
  await expect(widget.getByText('Comment transformer la France ensemble ?')).toBeVisible();
  // No header nor footer of Plenum's inside someone else's page.
  await expect(widget.locator('.site-header')).toHaveCount(0);
  await expect.poll(async () => (await iframe.boundingBox())?.height ?? 0).toBeGreaterThan(300);
  const contentHeight = async () => widget.evaluate(() => Math.ceil(document.querySelector('.embed')!.getBoundingClientRect().height));
  await expect.poll(async () => Math.abs(((await iframe.boundingBox())?.height ?? 0) - (await contentHeight()))).toBeLessThanOrEqual(2);
  await expectAccessible(reader);

  // The reader takes part under a pseudonym without leaving the article, and comes back to the widget.
  await widget.getByRole('button', { name: 'Participer sous un pseudonyme' }).first().click();
  await expect.poll(() => widget.url()).toMatch(/\/embed\/grand-debat-national\?joined=1$/);
  widget = await widgetFrame(reader);
  expect(reader.url()).toBe(`${allowed}/`);

  // A vote on a card goes to Plenum from its own origin, marked as the widget's.
  const voteSent = reader.waitForRequest((request) => request.method() === 'POST' && /\/modules\/[0-9a-f-]{36}$/.test(new URL(request.url()).pathname) && (request.postData() ?? '').includes('intent=vote'));
  await widget.getByRole('button', voteButton('D’accord')).first().click();
  const request = await voteSent;
  const sent = new URLSearchParams(request.postData() ?? '');
  expect(sent.get('source')).toBe('widget');
  expect(sent.get('key')).toBeTruthy();
  expect(new URL(request.url()).origin).toBe(baseURL);
  expect((await request.response())?.status()).toBe(200);
  await expect(widget.getByRole('status').filter({ hasText: 'Vote enregistré : D’accord.' })).toBeAttached();
  await expectAccessible(reader);
  expect(readerErrors).toEqual([]);
  await reader.context().close();

  // On a site the strategist did not list, the browser refuses to show the widget.
  const stranger = await readerOf(browser);
  const refusals: string[] = [];
  stranger.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
  });
  await stranger.goto(`${refused}/`);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  const blocked = await widgetFrame(stranger);
  await expect(blocked.getByText('Comment transformer la France ensemble ?')).toHaveCount(0);
  expect(blocked.url()).not.toContain('/embed/');
  await stranger.context().close();
});
