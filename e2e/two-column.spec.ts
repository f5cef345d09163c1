import type { Browser, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, takePartUnderPseudonym, test } from './fixtures';

const debate = '/consultations/grand-debat-national';
const idea = 'Donner un effet au vote blanc';

/** A visitor who takes part under a pseudonym from the idea's page, in a browser of their own (narrow: a phone). */
async function pseudonymousParticipant(browser: Browser, ideaUrl: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await page.goto(ideaUrl);
  await takePartUnderPseudonym(page);
  // Joining leads back to the idea the person was reading.
  await expect(page).toHaveURL(/[?&]idea=[0-9a-f-]{36}&joined=1$/);
  await expect(page.getByRole('button', { name: 'Ajouter à « Pour »' })).toBeAttached();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea);
  return page;
}

test('two participants argue in opposite columns of an idea and see each other live; a synthesizer’s column summary appears for both', async ({ page, browser }) => {
  // The demo strategist moves the debate from ideation to deepening.
  await page.goto(`/login?redirectTo=${encodeURIComponent(`${debate}/console`)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: 'Passer à la phase suivante' }).click();
  await page.getByRole('button', { name: 'Passer à la phase suivante' }).click();
  await expect(page.getByText('Phase en cours :')).toContainText('Approfondissement');
  await expectAccessible(page);

  // From the consultation page to the ideas of the phase, then to one idea.
  await page.goto(debate);
  await page.getByRole('link', { name: 'Peser les idées' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deux colonnes (pour / contre)');
  await expectAccessible(page);
  await page.getByRole('link', { name: idea, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea);
  await expectAccessible(page);
  const ideaUrl = page.url();

  const anne = await pseudonymousParticipant(browser, ideaUrl);
  const bilal = await pseudonymousParticipant(browser, ideaUrl, { width: 390, height: 844 });
  await expectAccessible(anne);

  // On Bilal's phone the columns are tabs: the arrow keys move between them.
  const forTab = bilal.getByRole('tab', { name: /^Pour/ });
  const againstTab = bilal.getByRole('tab', { name: /^Contre/ });
  await forTab.focus();
  await bilal.keyboard.press('ArrowRight');
  await expect(againstTab).toBeFocused();
  await expect(againstTab).toHaveAttribute('aria-selected', 'true');
  await expect(bilal.getByRole('tabpanel')).toHaveCount(1);
  await expectAccessible(bilal);

  // Anne argues for; Bilal argues against; each sees the other's argument without reloading.
  const pro = `Compter le vote blanc redonne une voix à ceux qui ne se reconnaissent dans aucun candidat. (${Date.now()})`;
  const con = `Un vote blanc en tête bloquerait l’élection sans rien proposer à la place. (${Date.now()})`;
  await anne.getByRole('textbox', { name: 'Votre argument : Pour' }).fill(pro);
  await anne.getByRole('button', { name: 'Ajouter à « Pour »' }).click();
  await expect(anne.getByRole('status').filter({ hasText: 'Votre argument est publié.' })).toBeVisible();
  await bilal.getByRole('textbox', { name: 'Votre argument : Contre' }).fill(con);
  await bilal.getByRole('button', { name: 'Ajouter à « Contre »' }).click();
  await expect(bilal.getByRole('status').filter({ hasText: 'Votre argument est publié.' })).toBeVisible();

  await expect(anne.getByRole('region', { name: 'Contre', exact: true }).getByRole('article').filter({ hasText: con })).toBeVisible();
  await expect(forTab).toContainText('(2)');
  await forTab.click();
  const proOnBilal = bilal.getByRole('tabpanel').getByRole('article').filter({ hasText: pro });
  await expect(proOnBilal).toBeVisible();

  // Bilal upvotes Anne's argument; Anne sees the count change.
  await proOnBilal.getByRole('button', { name: /Argument fort/ }).click();
  await expect(anne.getByRole('article').filter({ hasText: pro }).getByRole('button', { name: /Argument fort/ })).toContainText('1');
  await expectAccessible(anne);

  // The strategist (who may write syntheses) summarises the "Pour" column; both participants see it live.
  const summary = 'Les arguments pour insistent sur la reconnaissance des électeurs qui votent blanc.';
  const forColumn = page.getByRole('region', { name: 'Pour', exact: true });
  await forColumn.getByRole('button', { name: 'Écrire la synthèse' }).click();
  await page.getByRole('textbox', { name: 'Synthèse de la colonne « Pour »' }).fill(summary);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publier la synthèse' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'La synthèse est publiée.' })).toBeVisible();
  for (const reader of [anne, bilal]) {
    const box = reader.getByRole('region', { name: 'Synthèse : Pour' });
    await expect(box).toContainText(summary);
    await expect(box).toContainText('Mise à jour le');
  }
  await expectAccessible(bilal);

  await anne.context().close();
  await bilal.context().close();
});
