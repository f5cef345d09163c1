import type { Browser, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, takePartUnderPseudonym, test } from './fixtures';

/*
 * The massive consultation, in the debate's ideation (this file runs before two-column.spec.ts,
 * which moves the debate on to deepening). The demo seeds the proposals it relies on
 * (demo/proposals.server.ts): accepted ones to vote on, and pending ones, the oldest with
 * spelling mistakes, the next one written in capitals.
 */

const debate = '/consultations/grand-debat-national';
const lookAlike = 'développer l’offre de transports en commun dans les zones rurales';
const misspelt = 'developper les pistes cyclable entre les village';
const corrected = 'développer les pistes cyclables entre les villages';
const shouting = 'ARRÊTER DE PRENDRE LES CONTRIBUABLES POUR DES VACHES À LAIT';

/** A vote or qualification button, whether pressed (a check mark before its word) or not. */
const voteButton = (label: string) => ({ name: new RegExp(`^(✓\\s*)?${label}$`) });

/** A visitor on a phone who opens the propose form from the consultation page and takes part under a pseudonym there. */
async function pseudonymousProposer(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(debate);
  await page.getByRole('link', { name: 'Proposer', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Participez pour proposer' })).toBeVisible();
  await expectAccessible(page);
  // The debate asks where they live, with their consent, then brings them back to the form.
  await takePartUnderPseudonym(page, { Région: 'Bretagne' });
  await expect(page).toHaveURL(/\/modules\/[0-9a-f-]{36}\?view=propose&joined=1$/);
  await expect(page.getByRole('heading', { name: 'Votre proposition' })).toBeVisible();
  return page;
}

async function signInAsStrategist(page: Page, to: string): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(to)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('a participant votes on a look-alike while proposing, sees their proposal pending, and goes through the card stack; a moderator corrects and accepts the oldest proposal, which voters then read corrected', async ({
  page,
  browser,
}) => {
  const participant = await pseudonymousProposer(browser);
  const field = participant.getByRole('textbox', { name: 'Complétez la phrase « Il faut… »' });

  // While typing, an accepted proposal that says much the same appears under the field: the participant votes on it.
  await field.pressSequentially('développer les transports en commun dans les campagnes');
  const similar = participant.getByRole('region', { name: 'Propositions proches' });
  const existing = similar.getByRole('listitem').filter({ hasText: lookAlike });
  await expect(existing).toBeVisible();
  await expectAccessible(participant);
  await existing.getByRole('button', voteButton('D’accord')).click();
  await expect(existing.getByRole('status')).toHaveText('Vote enregistré : D’accord.');
  await expect(existing.getByRole('button', voteButton('D’accord'))).toHaveAttribute('aria-pressed', 'true');
  await existing.getByRole('button', voteButton('Réaliste')).click();
  await expect(existing.getByRole('button', voteButton('Réaliste'))).toHaveAttribute('aria-pressed', 'true');

  // …then sends a proposal of their own, which waits for a moderator.
  const mine = `créer des lignes de bus à la demande entre les hameaux (${Date.now() % 100000})`;
  await field.fill(mine);
  await participant.getByRole('button', { name: 'Envoyer ma proposition' }).click();
  await expect(participant.getByRole('heading', { name: 'Merci !' })).toBeVisible();
  await participant.getByRole('link', { name: 'Voir mes propositions' }).click();
  const myProposal = participant.getByRole('listitem').filter({ hasText: mine });
  await expect(myProposal).toContainText('En attente de modération');
  await expectAccessible(participant);

  // The card stack: a vote with the keyboard, a qualification with the mouse, the next card.
  await participant.getByRole('link', { name: 'Voter', exact: true }).click();
  const firstCard = participant.getByRole('article');
  await expect(firstCard).toBeVisible();
  const firstText = await firstCard.getByRole('heading').innerText();
  expect(firstText).not.toContain(lookAlike);
  await expectAccessible(participant);
  await firstCard.getByRole('button', voteButton('D’accord')).focus();
  await participant.keyboard.press('Tab');
  await expect(firstCard.getByRole('button', voteButton('Pas d’accord'))).toBeFocused();
  await participant.keyboard.press('Enter');
  await expect(firstCard.getByRole('status')).toHaveText('Vote enregistré : Pas d’accord.');
  await firstCard.getByRole('button', voteButton('Surtout pas')).click();
  await expect(firstCard.getByRole('button', voteButton('Surtout pas'))).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(participant);
  await firstCard.getByRole('button', { name: /^Proposition suivante|^Suivante/ }).click();
  const secondCard = participant.getByRole('article');
  await expect(secondCard.getByRole('heading')).not.toHaveText(firstText);
  // Focus follows: the new card's text, then its vote buttons with the keyboard.
  await expect(secondCard.getByRole('heading')).toBeFocused();
  await participant.keyboard.press('Tab');
  await expect(secondCard.getByRole('button', voteButton('D’accord'))).toBeFocused();
  await participant.keyboard.press('Space');
  await expect(secondCard.getByRole('status')).toHaveText('Vote enregistré : D’accord.');

  // The demo strategist (who may moderate) takes the oldest waiting proposal with the keyboard.
  await signInAsStrategist(page, debate);
  await page.getByRole('link', { name: /propositions? en attente de modération/ }).click();
  await expect(page.getByRole('heading', { name: 'Modération', exact: true, level: 2 })).toBeVisible();
  // Live updates are on once the page runs its script: its shortcuts too.
  await expect(page.getByText('Mis à jour en direct')).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('n');
  const held = page.getByRole('article', { name: 'Proposition à modérer' });
  await expect(held).toContainText(misspelt);
  await expectAccessible(page);

  // Corrects its spelling, then accepts with A (once out of the text field, where keys are typed).
  const text = page.getByRole('textbox', { name: 'Texte après « Il faut… »' });
  await text.fill(corrected);
  await held.getByRole('heading', { name: 'Proposition à modérer' }).focus();
  await page.keyboard.press('a');

  // The next one, taken at once, shouts: the assistance says so; the moderator postpones it with P.
  await expect(held).toContainText(shouting);
  await expect(held).toContainText('Écrite surtout en majuscules');
  await expectAccessible(page);
  await held.getByRole('heading', { name: 'Proposition à modérer' }).focus();
  await page.keyboard.press('p');
  await expect(page.getByText('1 reportée')).toBeVisible();
  await expect(held).not.toContainText(shouting);

  // Voters read the corrected text: here, as a look-alike of what the participant types next.
  await participant.getByRole('link', { name: 'Proposer', exact: true }).click();
  await participant.getByRole('textbox', { name: 'Complétez la phrase « Il faut… »' }).pressSequentially('développer les pistes cyclables');
  const cycling = participant.getByRole('region', { name: 'Propositions proches' }).getByRole('listitem').filter({ hasText: corrected });
  await expect(cycling).toBeVisible();
  await expect(participant.getByText(misspelt)).toHaveCount(0);
  await expectAccessible(participant);

  await participant.context().close();
});
