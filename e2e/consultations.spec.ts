import { expect, expectAccessible, test } from './fixtures';

test('a visitor lists the consultations, switches to English and opens a consultation', async ({ page, visit }) => {
  await visit('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Donnez votre avis');
  await expect(page.getByRole('heading', { name: 'En cours' })).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Have your say');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'How can we transform France together?' }).click();
  await expect(page).toHaveURL(/\/consultations\/grand-debat-national$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we transform France together?');
  await expect(page.getByRole('heading', { name: 'Themes' })).toBeVisible();
  // The theme (its discussion thread, in the current phase, carries the same name).
  await expect(page.getByRole('heading', { name: 'Taxation and tax fairness', level: 3 })).toBeVisible();
  await expectAccessible(page);

  // The choice is remembered: a fresh load of the home page stays in English.
  await visit('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the language switcher and the skip link work with the keyboard', async ({ page, visit }) => {
  await visit('/consultations/weeuropeans');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.getByRole('button', { name: 'English' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/consultations\/weeuropeans$/);
  await expectAccessible(page);
});

test('an unknown consultation shows a 404 page in the reader’s language', async ({ page }) => {
  const response = await page.goto('/consultations/does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expect(page).toHaveTitle('Page introuvable');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Retour à la liste des consultations' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Donnez votre avis');
});
