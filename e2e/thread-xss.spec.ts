import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, test } from './fixtures';

/*
 * What people write in a thread never runs in its readers' browsers. Every payload below is
 * posted through the thread's real action, as plain text (the no-JavaScript textarea) and, for
 * those that make sense there, as the editor's JSON document; each is either stored or refused
 * with a 4xx. Then the thread is opened in Chromium with a canary: a payload that ran would set
 * `window.__xss` or open a dialog.
 */

declare global {
  interface Window {
    __xss?: number;
  }
}

const debate = '/consultations/grand-debat-national';
const pageRoute = 'routes/consultations.$slug.modules.$instanceId';
const run = 'window.__xss=1';

/** Payloads a person may type: stored as text, shown as text. */
const textPayloads: string[] = [
  `<script>${run}</script>`,
  `<SCRIPT SRC=data:text/javascript,${run}></SCRIPT>`,
  `<script>alert(document.cookie)</script>`,
  `"><script>${run}</script>`,
  `'><script>${run}</script>`,
  `</textarea><script>${run}</script>`,
  `</p></div></article><script>${run}</script>`,
  `<img src=x onerror="${run}">`,
  `<img src=x onerror=alert(1)//`,
  `<IMG SRC="javascript:${run}">`,
  `<img src="x" ONERROR=${run}>`,
  `<svg onload=${run}>`,
  `<svg><script>${run}</script></svg>`,
  `<svg><animate onbegin=${run} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${run}"><text x="20" y="20">XSS</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${run}>`,
  `<body onload=${run}>`,
  `<iframe src="javascript:${run}"></iframe>`,
  `<iframe srcdoc="<script>parent.${run}</script>"></iframe>`,
  `<object data="javascript:${run}"></object>`,
  `<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">`,
  `<a href="javascript:${run}">cliquez</a>`,
  `<a href="JaVaScRiPt:${run}">cliquez</a>`,
  `<a href="java&#x09;script:${run}">cliquez</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">cliquez</a>`,
  `<a href="data:text/html,<script>${run}</script>">data</a>`,
  `javascript:${run}`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==`,
  `vbscript:msgbox(1)`,
  `<div style="background:url(javascript:${run})">fond</div>`,
  `<div style="width: expression(${run})">IE</div>`,
  `<style>@import 'javascript:${run}';</style>`,
  `<style>*{background:url("javascript:${run}")}</style>`,
  `<link rel="stylesheet" href="javascript:${run}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run}">`,
  `<form action="javascript:${run}"><button>Envoyer</button></form>`,
  `<button formaction="javascript:${run}">OK</button>`,
  `<input onfocus=${run} autofocus>`,
  `<details open ontoggle=${run}>`,
  `<video><source onerror="${run}"></video>`,
  `<audio src=x onerror=${run}>`,
  `<marquee onstart=${run}>`,
  `<div onmouseover="${run}">survolez-moi</div>`,
  `<p title="</p><img src=x onerror=${run}>">titre</p>`,
  `<<script>${run};//<</script>`,
  `<scr<script>ipt>${run}</scr</script>ipt>`,
  `<img """><script>${run}</script>">`,
  `<!--<img src="--><img src=x onerror=${run}//">`,
  `<![CDATA[<script>${run}</script>]]>`,
  `&lt;script&gt;${run}&lt;/script&gt;`,
  `&#60;script&#62;${run}&#60;/script&#62;`,
  `\\u003cscript\\u003e${run}\\u003c/script\\u003e`,
  `%3Cscript%3E${run}%3C%2Fscript%3E`,
  `{{constructor.constructor('${run}')()}}`,
  `\${${run}}`,
  `#{${run}}`,
  `<%= ${run} %>`,
  `{{7*7}} [[${run}]] {${run}}`,
  `<template><img src=x onerror=${run}></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${run}>"></noscript>`,
  `<base href="javascript:${run}//">`,
  `<x contenteditable onblur=${run}>lose focus!</x>`,
  `Ligne 1\n\n<script>${run}</script>\nLigne 3`,
  `<mark class="caught" id="extract-x" onclick="${run}">passage forgé</mark>`,
];

const doc = (...content: unknown[]) => JSON.stringify({ type: 'doc', content });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string, marks?: unknown[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const link = (href: string, attrs: Record<string, unknown> = {}) => [{ type: 'link', attrs: { href, ...attrs } }];

/**
 * Payloads only the editor's JSON can carry (links, attributes, node types), with what the
 * server must do: refuse the document, or store it made harmless.
 */
const documentPayloads: [body: string, outcome: 'refused' | 'stored'][] = [
  [doc(paragraph(text('cliquez', link(`javascript:${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(`JAVASCRIPT:${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(` javascript:${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(`java\tscript:${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(`\u0000javascript:${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(`javascript://%0a${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link(`data:text/html,<script>${run}</script>`)))), 'refused'],
  [doc(paragraph(text('cliquez', link('vbscript:msgbox(1)')))), 'refused'],
  [doc(paragraph(text('cliquez', link(`//evil.example/${run}`)))), 'refused'],
  [doc(paragraph(text('cliquez', link('https://example.org/', { onclick: run })))), 'refused'],
  [doc(paragraph(text('cliquez', link('https://example.org/', { class: 'x" onmouseover="alert(1)' })))), 'refused'],
  [doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.org' }, onclick: run }] })), 'refused'],
  [doc(paragraph({ type: 'image', attrs: { src: 'x', onerror: run } })), 'refused'],
  [doc({ type: 'iframe', attrs: { src: `javascript:${run}` } }), 'refused'],
  [doc({ type: 'html', content: [text(`<script>${run}</script>`)] }), 'refused'],
  [doc({ type: 'paragraph', attrs: { onclick: run }, content: [text('paragraphe')] }), 'refused'],
  [doc({ type: 'paragraph', attrs: { style: `background:url(javascript:${run})` }, content: [text('paragraphe')] }), 'refused'],
  [doc({ type: 'orderedList', attrs: { start: `1" onmouseover="${run}` }, content: [{ type: 'listItem', content: [paragraph(text('un'))] }] }), 'refused'],
  [doc({ type: 'orderedList', attrs: { type: `1" onclick="${run}` }, content: [{ type: 'listItem', content: [paragraph(text('un'))] }] }), 'refused'],
  [doc(paragraph(text('passage', [{ type: 'caught', attrs: { anchor: `x" onclick="${run}`, extracts: '<script>' } }]))), 'refused'],
  [doc(paragraph(text('code', [{ type: 'code' }])), { type: 'codeBlock', content: [text(`<script>${run}</script>`)] }), 'refused'],
  [JSON.stringify({ type: 'text', text: `<script>${run}</script>` }), 'refused'],
  ['{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"proto"}]}],"__proto__":{"onload":"alert(1)"}}', 'refused'],
  ['{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"ctor"}]}],"constructor":{"prototype":{"onload":"alert(1)"}}}', 'refused'],
  [doc(paragraph(text(`<script>${run}</script>`))), 'stored'],
  [doc(paragraph(text(`<img src=x onerror=${run}>`, [{ type: 'bold' }]))), 'stored'],
  [doc(paragraph(text('lien', link(`https://example.org/" onmouseover="${run}`)))), 'stored'],
  [doc(paragraph(text('lien', link(`https://example.org/"><script>${run}</script>`)))), 'stored'],
  [doc(paragraph(text('lien', link('https://example.org/', { target: `javascript:${run}`, rel: 'opener' })))), 'stored'],
  [doc(paragraph(text('écrire', link(`mailto:x@example.org?body=<script>${run}</script>`)))), 'stored'],
];

interface Stored {
  postId: string;
  payload: string;
  asText: boolean;
}

/** A participant of the debate who joined pseudonymously, in a browser context of its own. */
async function pseudonymousParticipant(page: Page): Promise<BrowserContext> {
  const context = await page.context().browser()!.newContext({ locale: 'fr-FR', baseURL: new URL(page.url()).origin });
  const joined = await context.request.post(`${debate}/join`, { headers: { Origin: new URL(page.url()).origin }, form: {}, maxRedirects: 0 });
  expect(joined.status()).toBe(302);
  return context;
}

test('nothing a participant writes in a thread runs in a reader’s browser', async ({ page, visit }) => {
  test.setTimeout(240_000);

  // The demo strategist signs in and opens one of the debate's threads.
  await visit(`/login?redirectTo=${encodeURIComponent(debate)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(new RegExp(`${debate}$`));
  await expectAccessible(page);
  const threadPath = await page.locator(`a[href^="${debate}/modules/"]`).first().getAttribute('href');
  expect(threadPath, 'the debate has a thread in its current phase').toMatch(/\/modules\/[0-9a-f-]{36}$/);
  const action = `${threadPath}?_data=${encodeURIComponent(pageRoute)}`;
  const origin = new URL(page.url()).origin;

  // Each author stays under the contribution limit (20 a minute): the strategist, then
  // pseudonymous participants as needed.
  const authors: APIRequestContext[] = [page.request];
  const participants: BrowserContext[] = [];
  let sent = 0;
  async function postAs(body: string): Promise<{ status: number; postId: string | null }> {
    const index = Math.floor(sent++ / 18);
    while (authors.length <= index) {
      const participant = await pseudonymousParticipant(page);
      participants.push(participant);
      authors.push(participant.request);
    }
    const response = await authors[index]!.post(action, { headers: { Origin: origin }, form: { intent: 'post', body } });
    const answer = (await response.json()) as { ok: boolean; result?: { postId: string }; errors?: Record<string, string> };
    return { status: response.status(), postId: answer.result?.postId ?? null };
  }

  const stored: Stored[] = [];
  for (const payload of textPayloads) {
    const { status, postId } = await postAs(payload);
    // Typed text is never refused for what it says: it is stored, and shown as the words typed.
    expect(status, `answer to ${payload}`).toBe(200);
    stored.push({ postId: postId!, payload, asText: true });
  }
  for (const [payload, outcome] of documentPayloads) {
    const { status, postId } = await postAs(payload);
    expect(status, `answer to ${payload}`).toBe(outcome === 'stored' ? 200 : 400);
    if (postId) stored.push({ postId, payload, asText: false });
  }
  expect(textPayloads.length + documentPayloads.length).toBeGreaterThanOrEqual(50);

  // The thread, window by window over the posts written here, as the strategist reads it.
  const storedIds = new Set(stored.map((entry) => entry.postId));
  const windows: string[] = [];
  let query = `post=${stored[0]!.postId}`;
  const seen = new Set<string>();
  while (seen.size < storedIds.size) {
    windows.push(query);
    const data = (await (await page.request.get(`${threadPath}?${query}&_data=${encodeURIComponent(pageRoute)}`)).json()) as {
      module: { page: { posts: { id: string; sortPath: string }[]; hasLater: boolean } };
    };
    const { posts, hasLater } = data.module.page;
    for (const post of posts) if (storedIds.has(post.id)) seen.add(post.id);
    if (!hasLater) break;
    query = `after=${encodeURIComponent(posts.at(-1)!.sortPath)}`;
  }
  expect(seen.size).toBe(storedIds.size);

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.__xss = 0;
  });

  const shownAnywhere = new Set<string>();
  for (const query of windows) {
    await page.goto(`${threadPath}?${query}`);
    await expect(page.locator('article[id^="post-"]').first()).toBeVisible();
    await expectAccessible(page);
    // Give anything that would run (onload, onerror, autofocus, hover…) the occasion to.
    await page.waitForTimeout(300);
    for (const body of await page.locator('article[id^="post-"] .thread-post__body').all()) await body.hover();

    const report = await page.evaluate((ids) => {
      const problems: string[] = [];
      // What the server's sanitiser lets through, and nothing else, inside a post's words.
      const allowedInBody = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a', 'mark']);
      const articles = [...document.querySelectorAll('article[id^="post-"]')];
      for (const article of articles) {
        for (const element of article.querySelectorAll('*')) {
          const tag = element.tagName.toLowerCase();
          const inBody = Boolean(element.closest('.thread-post__body')) && !element.classList.contains('thread-post__body');
          if (['script', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'style', 'template', 'math'].includes(tag) || (inBody && !allowedInBody.has(tag))) {
            problems.push(`${article.id}: <${tag}>`);
          }
          for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
            if (name.startsWith('on')) problems.push(`${article.id}: <${tag} ${name}>`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background'].includes(name) && /^(javascript|data|vbscript):/.test(value)) problems.push(`${article.id}: <${tag} ${name}="${value}">`);
            if (inBody && ['style', 'class', 'id'].includes(name) && tag !== 'mark') problems.push(`${article.id}: <${tag} ${name}>`);
          }
        }
      }
      return { problems, shown: articles.map((article) => article.id.replace(/^post-/, '')).filter((id) => ids.includes(id)) };
    }, [...storedIds]);
    expect(report.problems).toEqual([]);
    expect(report.shown.length).toBeGreaterThan(0);
    for (const id of report.shown) {
      shownAnywhere.add(id);
      const entry = stored.find((candidate) => candidate.postId === id)!;
      // Typed markup is shown as the very characters typed.
      if (entry.asText && !entry.payload.includes('\n')) await expect(page.locator(`#post-${id} .thread-post__body`)).toContainText(entry.payload);
    }
  }

  // Every stored payload was on one of the pages opened.
  expect(shownAnywhere.size).toBe(storedIds.size);
  expect(await page.evaluate(() => window.__xss)).toBe(0);
  expect(dialogs).toEqual([]);
  for (const participant of participants) await participant.close();
});
