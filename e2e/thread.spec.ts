import type { Browser, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, takePartUnderPseudonym, test } from './fixtures';

const debate = '/consultations/grand-debat-national';

/** Opens the debate's "Santé et société" thread from the consultation page, as a reader would. */
async function openHealthThread(page: Page): Promise<string> {
  await page.goto(debate);
  await page.getByRole('link', { name: 'Santé et société', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Santé et société');
  return page.url();
}

/** A visitor who takes part under a pseudonym from the thread itself, in a browser of their own. */
async function pseudonymousParticipant(browser: Browser, threadUrl: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(threadUrl);
  await takePartUnderPseudonym(page);
  await expect(page.getByRole('heading', { name: 'Écrire un message' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${threadUrl.replace(/[?]/g, '\\?')}`));
  return page;
}

test('two participants talk live in a thread, and an idea catcher catches a sentence of the reply into an idea that links back to it', async ({ page, browser }) => {
  const threadUrl = await openHealthThread(page);
  await expectAccessible(page);

  const anne = await pseudonymousParticipant(browser, threadUrl);
  const bilal = await pseudonymousParticipant(browser, threadUrl);
  await expectAccessible(anne);

  // Anne posts; Bilal sees it appear without reloading.
  const question = `Comment faire venir des médecins dans nos campagnes ? (${Date.now()})`;
  await anne.getByRole('textbox', { name: 'Votre message' }).fill(question);
  await anne.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(anne.getByRole('status').filter({ hasText: 'Votre message est publié.' })).toBeVisible();
  const anneOnBilal = bilal.getByRole('article').filter({ hasText: question });
  await expect(anneOnBilal).toBeVisible();

  // Bilal replies; Anne sees the reply appear under her post, without reloading.
  const sentence = 'Il faudrait ouvrir une maison de santé dans chaque canton, avec des internes logés sur place.';
  await anneOnBilal.getByRole('button', { name: 'Répondre' }).first().click();
  const replyBox = bilal.getByRole('textbox', { name: /^Votre réponse à / });
  await expect(replyBox).toBeFocused();
  await replyBox.fill(`Bonne question. ${sentence} Cela marche déjà dans le Lot.`);
  await expectAccessible(bilal);
  await bilal.getByRole('button', { name: 'Publier ma réponse' }).click();
  const replyOnAnne = anne.getByRole('article').filter({ hasText: sentence });
  await expect(replyOnAnne).toBeVisible();
  await expectAccessible(anne);

  // The demo strategist, who may catch ideas, catches the sentence of Bilal's reply.
  await page.goto('/login?redirectTo=' + encodeURIComponent(new URL(threadUrl).pathname));
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const reply = page.getByRole('article').filter({ hasText: sentence }).last();
  await expect(reply).toBeVisible();
  // Select the sentence in the post, as a mouse or Shift+arrows would.
  await reply.evaluate((article, wanted) => {
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error('sentence not found in the post');
  }, sentence);
  await reply.getByRole('button', { name: 'Capter un passage' }).click();
  await expect(page.getByRole('textbox', { name: 'Passage' })).toHaveValue(sentence);
  await page.getByLabel('Nature du passage').selectOption({ label: 'Solution' });
  await page.getByLabel('Étape suivante').selectOption({ label: 'Approfondir' });
  await page.getByLabel('Titre de l’idée').fill('Des maisons de santé dans chaque canton');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Capter le passage' }).click();
  await expect(page.getByText('Le passage est capté.')).toBeVisible();
  // The post now shows the passage as caught, for its readers too.
  await expect(reply.locator('mark.caught')).toHaveText(sentence);
  await expect(anne.getByRole('article').filter({ hasText: sentence }).locator('mark.caught')).toHaveText(sentence);

  // The idea's page links back to the exact passage.
  await page.getByRole('link', { name: 'Voir l’idée' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Des maisons de santé dans chaque canton');
  await expect(page.locator('blockquote')).toContainText(sentence);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Voir dans la conversation' }).click();
  await expect(page).toHaveURL(/#extract-[0-9a-f-]{36}$/);
  const anchor = new URL(page.url()).hash;
  await expect(page.locator(anchor)).toHaveText(sentence);
  await expect(page.locator(anchor)).toBeInViewport();
  await expectAccessible(page);

  await anne.context().close();
  await bilal.context().close();
});
