import { e2eSmtpPort } from '../playwright.config';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp';
import { expect, expectAccessible, test } from './fixtures';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer({ port: e2eSmtpPort });
});
test.afterAll(async () => {
  await smtp?.close();
});

const halveo = '/consultations/halveo-futur-des-courses';
const questionText = 'Quel service vous ferait gagner du temps lors de vos courses ?';
/** What a demo participant answered to that question (published by the demo's moderator). */
const othersAnswer = 'Commander sur l’application à midi';

test('a participant answers an open question, then sees what others said', async ({ page, visit }) => {
  // Halvéo asks for an account: sign up first.
  const email = `nour-${Date.now()}@example.org`;
  await visit('/signup');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'M’envoyer le lien' }).click();
  const mail = await smtp.nextMessageTo(email, 15_000);
  const link = mail.text.match(/https?:\/\/[^\s]+(\/signup\/[^\s]*)/)?.[1];
  expect(link, 'a sign-up link in the e-mail').toBeTruthy();
  await visit(link!);
  await page.getByLabel('Votre nom').fill('Nour');
  await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Votre compte est prêt' })).toBeVisible();

  // From the consultation page to the open questions of its appropriation phase.
  await visit(halveo);
  await page.getByRole('link', { name: 'Répondre aux questions' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Questions ouvertes');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Participer à cette consultation' }).click();

  // Before answering, others' answers stay hidden.
  const question = page.getByRole('region', { name: questionText });
  await expect(question.getByText('Répondez pour voir ce que les autres ont dit.')).toBeVisible();
  await expect(page.getByText(othersAnswer)).toHaveCount(0);
  await expectAccessible(page);

  // An empty answer is refused beside the field; then the participant answers.
  const box = question.getByRole('textbox', { name: 'Votre réponse' });
  await question.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(question.getByText('Écrivez d’abord quelque chose.')).toBeVisible();
  await box.fill('Des casiers réfrigérés pour retirer mes courses le soir, même après la fermeture.');
  await question.getByRole('button', { name: 'Envoyer ma réponse' }).click();

  // Halvéo reads every contribution first: the answer waits, and what others said shows at once.
  await expect(question.getByRole('status').filter({ hasText: 'Merci : votre réponse paraîtra dès qu’un modérateur l’aura lue.' })).toBeVisible();
  await expect(question.getByRole('heading', { name: 'Votre réponse' })).toBeVisible();
  await expect(question.getByRole('heading', { name: 'Ce que les autres ont dit' })).toBeVisible();
  await expect(question.getByText(othersAnswer)).toBeVisible();
  await expect(question.getByRole('button', { name: /J’aime/ }).first()).toBeVisible();
  await expectAccessible(page);

  // Another question stays closed until it is answered too.
  const other = page.getByRole('region', { name: 'Quel engagement attendez-vous en priorité d’une enseigne de proximité ?' });
  await expect(other.getByText('Répondez pour voir ce que les autres ont dit.')).toBeVisible();
});
