import type { Browser, Page } from '@playwright/test';
import { e2eDemoPassword } from '../playwright.config';
import { expect, expectAccessible, takePartUnderPseudonym, test } from './fixtures';

/*
 * What emerges from the debate's proposals (demo/proposals.server.ts seeds 240 voters with
 * planted consensus, controversies split between two camps, a rejection, and segment answers;
 * its results are published live). Runs while the debate is in ideation, after proposals.spec.ts.
 * The server recomputes results every second here (RESULTS_INTERVAL_MS in playwright.config.ts).
 */

const debate = '/consultations/grand-debat-national';

async function signInAsStrategist(page: Page, to: string): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(to)}`);
  await page.getByLabel('Adresse e-mail').fill('strategist@demo.plenum.test');
  await page.getByLabel('Mot de passe').fill(e2eDemoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** A visitor who takes part under a pseudonym from the card stack. */
async function pseudonymousVoter(browser: Browser, resultsPath: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(resultsPath.replace('?view=results', '?view=propose'));
  await takePartUnderPseudonym(page, { Région: 'Normandie', 'Tranche d’âge': '25–34' });
  await expect(page).toHaveURL(/joined=1/);
  return page;
}

/** The figure under a label of the live monitor ("Votes", "Votants"). */
const figure = (page: Page, label: string) => page.locator('.proposals-figure').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');

const asNumber = (text: string) => Number(text.replace(/\s/g, ''));

test('a visitor reads the consensus, controversies and rejections with their margins; a participant asking for the dashboard gets the public results', async ({ page }) => {
  await page.goto(debate);
  await page.getByRole('link', { name: 'Voir les résultats' }).click();
  await expect(page.getByRole('heading', { name: 'Résultats', level: 2 })).toBeVisible();
  await expect(page.getByText(/^Calculé le /)).toBeVisible();
  await expectAccessible(page);

  const consensus = page.locator('section, div').filter({ has: page.getByRole('heading', { name: 'Consensus', exact: true }) }).last();
  const first = consensus.getByRole('listitem').first();
  // Written whole, with its agreement, its 95 % bounds and its votes.
  await expect(first).toContainText(/^Il faut /);
  await expect(first).toContainText(/D’accord\s:\s\d+\s%\s\(\d+\s%\s–\s\d+\s%\)\s·\s\d+\svotes/);
  // The controversies split the two camps: each is flagged as carried by one opinion group.
  await expect(page.getByText('portée par un seul groupe d’opinion : Groupe 1').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Rejets', exact: true })).toBeVisible();
  await expect(page.getByText('Il faut augmenter la TVA sur tous les produits pour financer la baisse des autres impôts').first()).toBeVisible();

  // The team's views are for the team: a visitor asking for them reads the public results.
  await page.goto(`${new URL(page.url()).pathname}?view=dashboard&tab=groups`);
  await expect(page.getByRole('heading', { name: 'Résultats', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Groupes d’opinion' })).toHaveCount(0);
});

test('the strategist follows the votes live, reads segments, the map and the opinion groups, and downloads the figures and the report', async ({ page, browser }) => {
  await signInAsStrategist(page, debate);
  await page.getByRole('link', { name: 'Voir les résultats' }).click();
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { name: 'Tableau de bord', level: 2 })).toBeVisible();
  await expectAccessible(page);
  const modulePath = new URL(page.url()).pathname;

  // Live: a participant votes in another browser; the strategist's figures move without a reload.
  const votes = figure(page, 'Votes');
  const before = asNumber(await votes.innerText());
  const voter = await pseudonymousVoter(browser, `${modulePath}?view=results`);
  await voter.getByRole('link', { name: 'Voter', exact: true }).click();
  const card = voter.getByRole('article');
  await card.getByRole('button', { name: /^(✓\s*)?D’accord$/ }).click();
  await expect(card.getByRole('status')).toHaveText('Vote enregistré : D’accord.');
  await expect(async () => expect(asNumber(await votes.innerText())).toBe(before + 1)).toPass({ timeout: 15_000 });
  await voter.context().close();

  // Every proposal with every figure and its bounds, sortable; one proposal in full.
  await page.getByRole('link', { name: 'Propositions', exact: true }).click();
  await expect(page.getByRole('table').first()).toBeVisible();
  await expectAccessible(page);

  // Segments: agreement by region, and participation on the map of France's regions.
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await expect(page.getByText('Votants par région (France métropolitaine et outre-mer)')).toBeVisible();
  await expect(page.locator('figure').filter({ hasText: 'IDF' }).first()).toBeVisible();
  // Regions held by fewer than 5 voters are never shown apart.
  await expect(page.getByText(/ne sont pas montrés à part/).first()).toBeVisible();
  await page.getByRole('link', { name: 'Tranche d’âge' }).click();
  // The debate weights its figures to the population's age bands: raw and weighted side by side.
  await expect(page.getByText(/taille d’échantillon effective/).first()).toBeVisible();
  await expectAccessible(page);

  // Opinion groups: the two camps the demo planted.
  await page.getByRole('link', { name: 'Groupes d’opinion', exact: true }).click();
  await expect(page.getByText(/répartis en 2 groupes/)).toBeVisible();
  await expect(page.getByRole('img', { name: /Groupe 1/ }).first()).toBeVisible();
  await expectAccessible(page);

  // Downloads: the proposals with every figure as CSV and as an Excel workbook.
  await page.getByText('Télécharger les données').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV Propositions et tous leurs chiffres' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^grand-debat-national-proposals-\d{4}-\d\d-\d\d\.csv$/);
  const csvText = (await (await import('node:fs/promises')).readFile((await csv.path())!)).toString('utf8');
  expect(csvText.split('\n')[0]).toContain('agree_rate_low');
  expect(csvText).toContain('compter le vote blanc comme un suffrage exprimé');
  const xlsx = await page.request.get(`${modulePath}/export?download=proposals&format=xlsx`);
  expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

  // The printable report, then the same report as an A4 PDF rendered by headless Chromium.
  await page.getByRole('link', { name: 'Rapport imprimable' }).click();
  await expect(page.getByRole('button', { name: 'Imprimer' })).toBeVisible();
  // The report gathers the consultation's results: the token vote waiting in prioritisation too.
  await expect(page.getByRole('heading', { name: 'Priorités votées' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Vote par jetons (priorisation)' }).getByRole('row')).toHaveCount(5);
  await expectAccessible(page);
  const pdf = await page.request.get(`${modulePath}/report.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const pdfText = (await pdf.body()).toString('latin1');
  expect(pdfText.startsWith('%PDF-')).toBe(true);
  expect(pdfText.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
});
