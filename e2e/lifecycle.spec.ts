import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, test } from './fixtures';

test('a strategist creates a consultation and runs its phases; a participant’s page follows live', async ({ page, browser, visit }) => {
  // The strategist signs in and creates a consultation.
  await visit('/login?redirectTo=/console/new');
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer une consultation');
  await expectAccessible(page);

  const question = `Comment rendre la culture accessible à tous ? ${Date.now()}`;
  await page.getByLabel('Organisation').fill('Ville de Lyon');
  await page.getByRole('group', { name: 'Texte en Français' }).getByLabel('La question').fill(question);
  await page.getByRole('group', { name: 'Texte en Français' }).getByRole('textbox', { name: 'Description' }).fill('Une consultation des habitantes et habitants.');
  await page.getByRole('group', { name: 'Texte en Français' }).getByRole('button', { name: 'Gras' }).click();
  await page.getByRole('group', { name: 'Texte en Français' }).getByRole('textbox', { name: 'Description' }).pressSequentially(' Ouverte à toutes et tous.');
  await page.getByRole('button', { name: 'Créer la consultation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'La consultation est créée' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(question);
  await expectAccessible(page);
  const consoleUrl = page.url();
  const publicPath = new URL(consoleUrl).pathname.replace(/\/console$/, '');

  // Two themes, and the four phases (all ticked by default) with a module in the first two.
  for (const theme of ['Musées et patrimoine', 'Spectacle vivant']) {
    await page.getByLabel('Titre en Français').fill(theme);
    await page.getByRole('button', { name: 'Ajouter le thème' }).click();
    await expect(page.getByRole('button', { name: `Retirer ${theme}` })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Enregistrer les phases et les dates' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Phases et dates enregistrées' })).toBeVisible();
  for (const [phase, title] of [
    ['Appropriation', 'Découvrez le sujet'],
    ['Idéation', 'Proposez vos idées'],
  ] as const) {
    const section = page.getByRole('region', { name: `Modules de la phase ${phase}` });
    await section.getByText('Ajouter un message des organisateurs').click();
    await section.getByRole('group', { name: 'Français' }).getByLabel('Titre').fill(title);
    await section.getByRole('button', { name: `Ajouter le message à la phase ${phase}` }).click();
    await expect(section.getByRole('button', { name: `Retirer ${title}` })).toBeVisible();
  }
  await expectAccessible(page);

  // Opening asks for a confirmation first.
  await page.getByRole('link', { name: 'Ouvrir la consultation' }).click();
  await expect(page.getByRole('heading', { name: 'Ouvrir la consultation aux participants ?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'la phase a changé' })).toBeVisible();
  await expect(page.getByText('Phase en cours :')).toContainText('Appropriation');

  // A participant opens the public page in another browser.
  const participantContext = await browser.newContext({ locale: 'fr-FR' });
  const participant = await participantContext.newPage();
  await participant.goto(publicPath);
  await expect(participant.getByRole('heading', { name: 'En ce moment : Appropriation' })).toBeVisible();
  await expect(participant.getByRole('heading', { name: 'Découvrez le sujet' })).toBeVisible();
  await expect(participant.getByRole('heading', { name: 'Musées et patrimoine' })).toBeVisible();
  await expect(participant.locator('.rich-text-view strong')).toHaveText('Ouverte à toutes et tous.');
  await expectAccessible(participant);
  // A marker that a reload would wipe out.
  await participant.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  // The strategist moves on; the participant's page follows without reloading.
  await page.getByRole('link', { name: 'Passer à la phase suivante' }).click();
  await page.getByRole('button', { name: 'Passer à la phase suivante' }).click();
  await expect(page.getByText('Phase en cours :')).toContainText('Idéation');

  await expect(participant.getByRole('heading', { name: 'En ce moment : Idéation' })).toBeVisible();
  await expect(participant.getByRole('heading', { name: 'Proposez vos idées' })).toBeVisible();
  await expect(participant.locator('[aria-current="step"]')).toContainText('Idéation');
  expect(await participant.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await expectAccessible(participant);
  await participantContext.close();

  // The history explains the change.
  const history = page.getByRole('region', { name: 'Historique' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history).toContainText('Appropriation → Idéation');
  await expect(history).toContainText('Camille Stratège');
});
