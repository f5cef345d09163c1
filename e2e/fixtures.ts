import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/**
 * Fails on any serious or critical accessibility violation of the page as it is now. Every
 * browser test calls it on each page it visits.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `accessibility violations on ${page.url()}`).toEqual([]);
}

/**
 * Takes part under a pseudonym from the page shown. The debate asks about its participants
 * (region, age band, gender) first: the questions are checked, then answered (`answers`, field
 * label → value, each with its consent) or skipped, and the person is back where they were.
 */
export async function takePartUnderPseudonym(page: Page, answers: Record<string, string> = {}): Promise<void> {
  await page.getByRole('button', { name: 'Participer sous un pseudonyme' }).first().click();
  await expect(page.getByRole('heading', { name: 'À propos de vous', level: 1 })).toBeVisible();
  await expectAccessible(page);
  const entries = Object.entries(answers);
  if (entries.length === 0) {
    await page.getByRole('link', { name: 'Continuer sans répondre' }).click();
    return;
  }
  for (const [legend, value] of entries) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Votre réponse').fill(value);
    await group.getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
}

export const test = base.extend<{ visit: (path: string) => Promise<void> }>({
  // Opens a page and checks it at once; pages reached by clicking are checked explicitly.
  visit: async ({ page }, use) => {
    await use(async (path) => {
      await page.goto(path);
      await expectAccessible(page);
    });
  },
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // Chromium reports every 4xx answer as a console error. Two are expected: a 404 or 403
      // page's own status, and a form's 400 or 429 answer to a Remix data request, whose
      // message the page shows beside the field.
      const failedLoad = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
      const url = message.location().url;
      const expected = failedLoad && (url === page.url() || new URL(url).searchParams.has('_data'));
      if (message.type() === 'error' && !expected) errors.push(`${message.text()} (${url})`);
    });
    await use(page);
    // A page that threw in the browser is broken even if the assertions passed.
    expect(errors, 'errors in the browser console').toEqual([]);
  },
});

export { expect };
