import type { Browser, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, takePartUnderPseudonym, test } from './fixtures';

/*
 * Runs in the `prioritisation` project, after the deliberation tests have taken the demo debate
 * to deepening (see playwright.config.ts): this test moves it on to prioritisation.
 */

const debate = '/consultations/grand-debat-national';
const fiscal = 'Renforcer les moyens du contrôle fiscal';
const blank = 'Donner un effet au vote blanc';
const deserts = 'Lutter contre les déserts médicaux';
const green = 'À mettre en œuvre';
const red = 'Peu de potentiel';

const add = (category: string, item: string) => ({ name: `Ajouter un jeton « ${category} » à « ${item} »`, exact: true });
const remove = (category: string, item: string) => ({ name: `Retirer un jeton « ${category} » de « ${item} »`, exact: true });

/** The voting screen has come to life: the labelled gauge's save button is only there before the script runs. */
async function hydrated(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: /^Enregistrer « Urgence »/ })).toHaveCount(0);
}

/** A visitor on a phone who opens the vote from the consultation page and takes part under a pseudonym there. */
async function pseudonymousVoter(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(debate);
  await page.getByRole('link', { name: 'Voter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vote par jetons');
  // Not a participant yet: no buttons, an offer to take part.
  await expect(page.getByRole('button', { name: /^Ajouter un jeton/ })).toHaveCount(0);
  await expectAccessible(page);
  await takePartUnderPseudonym(page);
  await expect(page).toHaveURL(/\/modules\/[0-9a-f-]{36}\?joined=1$/);
  await expect(page.getByRole('button', add(green, fiscal))).toBeVisible();
  await hydrated(page);
  return page;
}

test('a participant spends tokens with the keyboard and the mouse, is told what the rules refuse, and finds them after a reload; a strategist watches the results move live', async ({
  page,
  browser,
  visit,
}) => {
  // The demo strategist moves the debate from deepening to prioritisation.
  await visit(`/login?redirectTo=${encodeURIComponent(`${debate}/console`)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: 'Passer à la phase suivante' }).click();
  await page.getByRole('button', { name: 'Passer à la phase suivante' }).click();
  await expect(page.getByText('Phase en cours :')).toContainText('Priorisation');
  await expectAccessible(page);

  // The strategist opens the vote from the consultation page, then its results.
  await visit(debate);
  await page.getByRole('link', { name: 'Voter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vote par jetons');
  await expect(page.getByRole('heading', { name: fiscal, level: 3 })).toBeVisible();
  await expectAccessible(page);
  const votePath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Résultats', exact: true }).click();
  await expect(page).toHaveURL(/\?view=results$/);
  const ranking = page.getByRole('table', { name: /^Classement des idées/ });
  await expect(ranking).toBeVisible();
  // Following live before anyone votes (the page rereads its results once it has joined).
  await expect(page.getByText('Résultats mis à jour en direct')).toBeVisible();
  const fiscalRow = ranking.getByRole('row').filter({ has: page.getByRole('rowheader', { name: fiscal, exact: true }) });
  // Cells: rank, tokens to act on, tokens of little potential, net score, voters.
  await expect(fiscalRow.getByRole('cell').nth(1)).toHaveText('0');
  await expect(page.getByRole('link', { name: 'Télécharger les résultats (CSV)' })).toHaveAttribute('href', `${votePath}/export`);
  await expectAccessible(page);
  // A marker that a reload would wipe out.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const anne = await pseudonymousVoter(browser);
  const left = anne.getByRole('region', { name: 'Vos jetons restants' });
  const saved = left.getByRole('status');
  await expect(left).toContainText('5 sur 5 restants');
  await expect(left).toContainText('3 sur 3 restants');
  await expectAccessible(anne);

  // With the keyboard: Enter, then Space, on the + of "to act on".
  const addGreenFiscal = anne.getByRole('button', add(green, fiscal));
  await addGreenFiscal.focus();
  await anne.keyboard.press('Enter');
  await expect(saved).toHaveText(`Enregistré : 1 jeton « ${green} » sur « ${fiscal} » ; il vous en reste 4.`);
  await expect(left).toContainText('4 sur 5 restants');
  await expect(addGreenFiscal).toBeFocused();
  await anne.keyboard.press('Space');
  await expect(saved).toHaveText(`Enregistré : 2 jetons « ${green} » sur « ${fiscal} » ; il vous en reste 3.`);
  await expect(left).toContainText('3 sur 5 restants');

  // The strategist's results follow without a reload.
  await expect(fiscalRow.getByRole('cell').nth(1)).toHaveText('2');
  await expect(fiscalRow.getByRole('cell').nth(3)).toHaveText('+2');

  // With the mouse: a third token, the most one item takes; a fourth is refused, and why is said.
  await addGreenFiscal.click();
  await expect(anne.getByRole('group', { name: `${green} 3 jetons` })).toBeVisible();
  await expect(left).toContainText('2 sur 5 restants');
  await expect(addGreenFiscal).toHaveAttribute('aria-disabled', 'true');
  await addGreenFiscal.press('Enter');
  const fiscalItem = anne.getByRole('listitem').filter({ has: anne.getByRole('heading', { name: fiscal, level: 3 }) });
  await expect(fiscalItem.getByRole('alert')).toHaveText(`« ${fiscal} » a déjà le maximum de jetons « ${green} » que vous pouvez y mettre (3).`);
  await expect(left).toContainText('2 sur 5 restants');
  // "Little potential" cannot go where "to act on" is.
  const addRedFiscal = anne.getByRole('button', add(red, fiscal));
  await expect(addRedFiscal).toHaveAttribute('aria-disabled', 'true');
  await addRedFiscal.press('Enter');
  await expect(fiscalItem.getByRole('alert')).toContainText('incompatible');
  await expect(left).toContainText('3 sur 3 restants');
  await expectAccessible(anne);
  await expect(fiscalRow.getByRole('cell').nth(1)).toHaveText('3');

  // One token back off; a red one elsewhere; an answer on the urgency gauge.
  await anne.getByRole('button', remove(green, fiscal)).click();
  await expect(saved).toHaveText(`Enregistré : 2 jetons « ${green} » sur « ${fiscal} » ; il vous en reste 3.`);
  await expect(fiscalItem.getByRole('alert')).toHaveText('');
  await anne.getByRole('button', add(red, blank)).click();
  await expect(saved).toHaveText(`Enregistré : 1 jeton « ${red} » sur « ${blank} » ; il vous en reste 2.`);
  await fiscalItem.getByRole('group', { name: 'Urgence' }).getByRole('radio', { name: 'Très prioritaire' }).check();
  await expect(saved).toHaveText(`Enregistré : votre réponse « Urgence » sur « ${fiscal} ».`);

  // Three quick clicks in a row: each is kept, in order, until the budget is spent.
  const addGreenDeserts = anne.getByRole('button', add(green, deserts));
  await addGreenDeserts.click();
  await addGreenDeserts.click();
  await addGreenDeserts.click();
  await expect(saved).toHaveText(`Enregistré : 3 jetons « ${green} » sur « ${deserts} » ; il vous en reste 0.`);
  await expect(left).toContainText('0 sur 5 restant');
  await expect(anne.getByRole('button', add(green, blank))).toHaveAttribute('aria-disabled', 'true');
  await expect(fiscalRow.getByRole('cell').nth(1)).toHaveText('2');
  await expectAccessible(anne);

  // After a reload, everything is where it was.
  await anne.reload();
  await hydrated(anne);
  await expect(left).toContainText('0 sur 5 restant');
  await expect(left).toContainText('2 sur 3 restants');
  await expect(anne.getByRole('group', { name: `${green} 2 jetons` }).filter({ has: anne.getByRole('button', add(green, fiscal)) })).toBeVisible();
  await expect(anne.getByRole('group', { name: `${green} 3 jetons` }).filter({ has: anne.getByRole('button', add(green, deserts)) })).toBeVisible();
  await expect(anne.getByRole('group', { name: `${red} 1 jeton` }).filter({ has: anne.getByRole('button', add(red, blank)) })).toBeVisible();
  await expect(fiscalItem.getByRole('radio', { name: 'Très prioritaire' })).toBeChecked();
  await expectAccessible(anne);

  // The consultation page sums it up: the tokens left, and the way back to the vote.
  await anne.goto(debate);
  await expect(anne.getByText('4 idées soumises au vote')).toBeVisible();
  await expect(anne.getByText('0 sur 5 restant', { exact: true })).toBeVisible();
  await expectAccessible(anne);
  await anne.getByRole('link', { name: 'Voter', exact: true }).click();
  await hydrated(anne);

  // The results are published when the vote closes: not to participants yet.
  await anne.getByRole('link', { name: 'Résultats', exact: true }).click();
  await expect(anne.getByText('Les résultats seront publiés à la fin du vote.')).toBeVisible();
  await expect(anne.getByRole('table')).toHaveCount(0);
  await expectAccessible(anne);

  // The strategist saw all of it live, on the page first opened.
  const desertsRow = ranking.getByRole('row').filter({ has: page.getByRole('rowheader', { name: deserts, exact: true }) });
  await expect(desertsRow.getByRole('cell').nth(1)).toHaveText('3');
  await expect(page.getByText('1 votant', { exact: true })).toBeVisible();
  const gauges = page.getByRole('region', { name: 'Réponses aux jauges' });
  await expect(gauges.getByRole('listitem').filter({ hasText: fiscal })).toContainText('Très prioritaire : 1 réponse');
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await expectAccessible(page);

  await anne.context().close();
});
