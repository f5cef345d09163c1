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
      // A 404 page reports its own status as a console error: that one is expected.
      const ownStatus = message.text().startsWith('Failed to load resource') && message.location().url === page.url();
      if (message.type() === 'error' && !ownStatus) errors.push(`${message.text()} (${message.location().url})`);
    });
    await use(page);
    // A page that threw in the browser is broken even if the assertions passed.
    expect(errors, 'errors in the browser console').toEqual([]);
  },
});

export { expect };
