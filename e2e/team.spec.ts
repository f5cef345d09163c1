import { e2eDemoPassword, e2eSmtpPort } from '../playwright.config';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp';
import { expect, expectAccessible, test } from './fixtures';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer({ port: e2eSmtpPort });
});
test.afterAll(async () => {
  await smtp?.close();
});

/** The first link to this site in an e-mail, as a path. */
function linkIn(text: string, path: string): string {
  const match = text.match(new RegExp(`https?://[^\\s]+(${path}[^\\s]*)`));
  if (!match?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}

test('a person signs up, signs out and signs in again', async ({ page, visit }) => {
  const email = `camille-${Date.now()}@example.org`;
  await visit('/signup');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'M’envoyer le lien' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultez votre messagerie');
  await expectAccessible(page);

  const mail = await smtp.nextMessageTo(email, 15_000);
  await visit(linkIn(mail.text, '/signup/'));
  await page.getByLabel('Votre nom').fill('Camille');
  await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Votre compte est prêt' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Camille' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();

  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('ne correspondent pas');
  await expectAccessible(page);
  await page.getByLabel('Mot de passe').fill('une phrase de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('link', { name: 'Camille' })).toBeVisible();
});

test('a strategist invites a moderator, who reaches the moderation page that a participant cannot open', async ({ browser, visit, page }) => {
  // The strategist signs in and invites by e-mail.
  await visit('/login?redirectTo=/consultations/grand-debat-national/team');
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Équipe et participants');
  await expectAccessible(page);

  const moderatorEmail = `modo-${Date.now()}@example.org`;
  await page.getByLabel('Son adresse e-mail').fill(moderatorEmail);
  await page.getByLabel('Rôle').selectOption('moderator');
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation envoyée à ${moderatorEmail}` })).toBeVisible();
  await expect(page.getByText(moderatorEmail).first()).toBeVisible();
  await expectAccessible(page);

  // The moderator follows the link from the e-mail they received, in a browser of their own.
  const invitation = await smtp.nextMessageTo(moderatorEmail, 15_000);
  expect(invitation.subject).toContain('Invitation');
  const moderatorContext = await browser.newContext({ locale: 'fr-FR' });
  const moderator = await moderatorContext.newPage();
  await moderator.goto(linkIn(invitation.text, '/invitations/'));
  await expect(moderator.getByRole('heading', { level: 1 })).toHaveText('Vous êtes invité·e');
  await expectAccessible(moderator);
  await moderator.getByLabel('Votre nom').fill('Dominique');
  await moderator.getByLabel('Nouveau mot de passe').fill('moderer avec soin');
  await moderator.getByRole('button', { name: 'Créer mon compte et accepter' }).click();
  await expect(moderator.getByRole('status').filter({ hasText: 'modérateur·rice' })).toBeVisible();
  await moderator.getByRole('link', { name: 'Modération', exact: true }).click();
  await expect(moderator.getByRole('heading', { level: 1 })).toHaveText('Modération');
  await expectAccessible(moderator);
  await moderatorContext.close();

  // A participant cannot open it.
  const participantContext = await browser.newContext({ locale: 'fr-FR' });
  const participant = await participantContext.newPage();
  await participant.goto('/consultations/grand-debat-national');
  await participant.getByRole('button', { name: 'Participer sous un pseudonyme' }).click();
  await expect(participant.getByRole('status').filter({ hasText: 'Vous participez désormais' })).toBeVisible();
  await expectAccessible(participant);
  const refused = await participant.goto('/consultations/grand-debat-national/moderation');
  expect(refused?.status()).toBe(403);
  await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Vous ne pouvez pas ouvrir cette page');
  await expectAccessible(participant);
  await participantContext.close();
});
