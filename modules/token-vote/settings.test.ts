import { describe, expect, it } from 'vitest';
import { contrastWithWhite } from '../../platform/colors';
import type { OpenDatabase } from '../../platform/db/database.server';
import { useTestApp, type RunningApp } from '../../test/app';
import type { TokenVoteConfig } from './manifest';
import { openPrioritisation, tokenVoteClient, type Person } from './test-factories';
import type { TokenVoteSettingsData } from './token-vote-data';

/*
 * The strategist's settings of a token vote, through the real HTTP routes: what they save is
 * what they meant, every mistake comes back beside its field, and nothing that holds votes
 * can be taken away.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

async function scene(options: Parameters<typeof openPrioritisation>[2] = {}) {
  const prioritisation = await openPrioritisation(database.db, app, options);
  const strategist = await prioritisation.person(['strategist']);
  return { ...prioritisation, strategist, client: tokenVoteClient(app, prioritisation.slug, prioritisation.instanceId) };
}

const storedConfig = async (instanceId: string) => (await database.db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow()).config as TokenVoteConfig;

interface CategoryInput {
  key: string;
  fr: string;
  en?: string;
  color?: string;
  budget?: string;
  maxPerItem?: string;
  sign?: string;
  excludes?: string[];
}
type GaugeInput =
  | { key: string; type: 'numeric'; fr: string; en?: string; min: string; max: string; step: string; unit?: { fr?: string; en?: string } }
  | { key: string; type: 'labelled'; fr: string; en?: string; choices: { key: string; fr: string; en?: string }[] };

const green: CategoryInput = { key: 'a', fr: 'À mettre en œuvre', en: 'To act on', color: '#1b7a3d', budget: '5', maxPerItem: '3', sign: 'for', excludes: ['b'] };
const red: CategoryInput = { key: 'b', fr: 'Peu de potentiel', en: 'Little potential', color: '#b3261e', budget: '3', maxPerItem: '1', sign: 'against', excludes: [] };
const priority: GaugeInput = {
  key: 'a',
  type: 'labelled',
  fr: 'Priorité',
  choices: [
    { key: 'a', fr: 'Pas prioritaire' },
    { key: 'b', fr: 'Prioritaire' },
  ],
};

/** The settings form as a browser sends it, with `extra` fields (exceptions of items) added. */
function settingsFields({
  categories = [green, red],
  gauges = [],
  itemIds,
  results = 'afterClose',
  extra = [],
}: {
  categories?: CategoryInput[];
  gauges?: GaugeInput[];
  itemIds: string[];
  results?: string;
  extra?: [string, string][];
}): [string, string][] {
  const fields: [string, string][] = [];
  for (const category of categories) {
    fields.push(['category', category.key], [`label_${category.key}_fr`, category.fr], [`label_${category.key}_en`, category.en ?? '']);
    fields.push([`color_${category.key}`, category.color ?? '#1f5fa8'], [`budget_${category.key}`, category.budget ?? '3'], [`maxPerItem_${category.key}`, category.maxPerItem ?? '']);
    if (category.sign !== '') fields.push([`sign_${category.key}`, category.sign ?? 'for']);
    for (const other of category.excludes ?? []) fields.push([`excludes_${category.key}`, other]);
  }
  for (const gauge of gauges) {
    fields.push(['gauge', gauge.key], [`gaugeType_${gauge.key}`, gauge.type], [`gaugeLabel_${gauge.key}_fr`, gauge.fr], [`gaugeLabel_${gauge.key}_en`, gauge.en ?? '']);
    if (gauge.type === 'numeric') {
      fields.push([`gaugeMin_${gauge.key}`, gauge.min], [`gaugeMax_${gauge.key}`, gauge.max], [`gaugeStep_${gauge.key}`, gauge.step]);
      fields.push([`gaugeUnit_${gauge.key}_fr`, gauge.unit?.fr ?? ''], [`gaugeUnit_${gauge.key}_en`, gauge.unit?.en ?? '']);
    } else {
      for (const choice of gauge.choices) {
        fields.push([`choice_${gauge.key}`, choice.key], [`choiceLabel_${gauge.key}_${choice.key}_fr`, choice.fr], [`choiceLabel_${gauge.key}_${choice.key}_en`, choice.en ?? '']);
      }
    }
  }
  for (const id of itemIds) fields.push(['itemIds', id]);
  if (results) fields.push(['results', results]);
  return [...fields, ...extra];
}

/** Votes written straight into the tables, as the voting actions would leave them. */
async function votes(instanceId: string, voter: Person, { tokens = [], answers = [] }: { tokens?: [string, string, number][]; answers?: [string, string, number | string][] }) {
  await database.db.insertInto('token_ballots').values({ instance_id: instanceId, user_id: voter.id }).onConflict((oc) => oc.doNothing()).execute();
  for (const [itemId, category, count] of tokens) {
    await database.db.insertInto('token_allocations').values({ instance_id: instanceId, user_id: voter.id, item_id: itemId, category_key: category, tokens: count }).execute();
  }
  for (const [itemId, gauge, answer] of answers) {
    await database.db
      .insertInto('gauge_votes')
      .values({ instance_id: instanceId, user_id: voter.id, item_id: itemId, gauge_key: gauge, value: typeof answer === 'number' ? answer : null, choice: typeof answer === 'string' ? answer : null })
      .execute();
  }
}

describe('the strategist’s settings of a token vote', () => {
  it('saves the categories, gauges, items, their exceptions and when results are shown, as the strategist meant them', async () => {
    const { client, strategist, ideas, instanceId } = await scene();
    const read = await client.settings(strategist);
    expect(read.status).toBe(200);
    const data = read.data!.settings.data as TokenVoteSettingsData;
    expect(data.ideas.map((idea) => [idea.title, idea.extracts])).toEqual([
      ['Compter le vote blanc', 0],
      ['Des transports gratuits', 0],
      ['Renforcer le contrôle fiscal', 0],
      ['Supprimer le Sénat', 0],
    ]);
    expect(data).toMatchObject({ itemsInUse: [], categoriesInUse: [], gaugesInUse: [] });

    const fields = settingsFields({
      categories: [
        { ...green, color: '#1B7A3D', budget: '12', maxPerItem: '4' },
        { ...red, en: '', maxPerItem: '' },
        { key: 'c', fr: 'Urgent', en: 'Urgent', color: '#6b3fa0', budget: '1 000', maxPerItem: '', sign: 'for', excludes: ['b'] },
      ],
      gauges: [
        { key: 'a', type: 'numeric', fr: 'Budget', en: 'Budget', min: '0', max: '1\u202f000', step: '2,5', unit: { fr: '€' } },
        {
          key: 'b',
          type: 'labelled',
          fr: 'Priorité',
          en: 'Priority',
          choices: [
            { key: 'a', fr: 'Pas prioritaire', en: 'Not a priority' },
            { key: 'b', fr: 'Prioritaire', en: 'A priority' },
            { key: 'c', fr: 'Priorité absolue', en: 'Top priority' },
          ],
        },
      ],
      // Newly chosen ideas come after those already in the vote, whatever order the form lists them in.
      itemIds: [ideas.leftOut, ideas.fiscal, ideas.transport],
      results: 'live',
      extra: [
        [`off_${ideas.fiscal}_b`, 'on'],
        [`gaugeOff_${ideas.fiscal}_b`, 'on'],
        [`maxPerItem_${ideas.leftOut}_a`, '2'],
        [`gaugeMin_${ideas.leftOut}_a`, '100'],
        // The same as every item: no exception.
        [`gaugeMax_${ideas.leftOut}_a`, '1 000'],
        [`maxPerItem_${ideas.transport}_a`, '4'],
        [`gaugeStep_${ideas.transport}_a`, '2.5'],
        // An idea left out of the vote keeps no exception.
        [`off_${ideas.blank}_a`, 'on'],
      ],
    });
    expect(await client.saveSettings(strategist, fields)).toEqual({ status: 200, saved: true, errors: {} });
    expect(await storedConfig(instanceId)).toEqual({
      items: [
        { kind: 'idea', id: ideas.fiscal, override: { categories: { b: { off: true } }, gauges: { b: { off: true } } } },
        { kind: 'idea', id: ideas.transport },
        { kind: 'idea', id: ideas.leftOut, override: { categories: { a: { maxPerItem: 2 } }, gauges: { a: { min: 100 } } } },
      ],
      categories: [
        { key: 'a', label: { fr: 'À mettre en œuvre', en: 'To act on' }, color: '#1b7a3d', budget: 12, maxPerItem: 4, excludes: ['b'], sign: 'for' },
        { key: 'b', label: { fr: 'Peu de potentiel' }, color: '#b3261e', budget: 3, maxPerItem: null, excludes: [], sign: 'against' },
        { key: 'c', label: { fr: 'Urgent', en: 'Urgent' }, color: '#6b3fa0', budget: 1000, maxPerItem: null, excludes: ['b'], sign: 'for' },
      ],
      gauges: [
        { key: 'a', label: { fr: 'Budget', en: 'Budget' }, type: 'numeric', min: 0, max: 1000, step: 2.5, unit: { fr: '€' } },
        {
          key: 'b',
          label: { fr: 'Priorité', en: 'Priority' },
          type: 'labelled',
          choices: [
            { key: 'a', label: { fr: 'Pas prioritaire', en: 'Not a priority' } },
            { key: 'b', label: { fr: 'Prioritaire', en: 'A priority' } },
            { key: 'c', label: { fr: 'Priorité absolue', en: 'Top priority' } },
          ],
        },
      ],
      results: 'live',
    });

    // Saving the same form again changes nothing: the order of items holds.
    expect((await client.saveSettings(strategist, fields)).status).toBe(200);
    expect((await storedConfig(instanceId)).items.map((item) => item.id)).toEqual([ideas.fiscal, ideas.transport, ideas.leftOut]);
  });

  it('draws the settings form with what was saved, in the strategist’s language', async () => {
    const { client, strategist, ideas } = await scene();
    const fields = settingsFields({
      gauges: [{ key: 'a', type: 'numeric', fr: 'Budget en euros', en: 'Budget in euros', min: '0', max: '100', step: '0,5' }],
      itemIds: [ideas.fiscal],
      extra: [[`maxPerItem_${ideas.fiscal}_a`, '2']],
    });
    expect((await client.saveSettings(strategist, fields)).status).toBe(200);
    const page = async (language: string) => {
      const response = await fetch(`${app.url}${client.path}/settings`, { headers: { Cookie: strategist.cookie, 'Accept-Language': language } });
      // React separates neighbouring texts with comments in server HTML.
      return { status: response.status, html: (await response.text()).replaceAll('<!-- -->', '') };
    };
    const english = await page('en');
    expect(english.status).toBe(200);
    for (const text of [
      'Token categories',
      'Label in Français',
      'value="Little potential"',
      'value="#b3261e"',
      'Tokens per participant',
      'Gauge 1: a number',
      'value="Budget in euros"',
      'Items to vote on',
      'Renforcer le contrôle fiscal (0 extracts)',
      'Exceptions for this item',
      'When participants see the results',
      'Add a token category',
    ]) {
      expect(english.html).toContain(text);
    }
    // The item's exception is open and holds what was saved.
    expect(english.html).toMatch(new RegExp(`<details open=""[^>]*>.*?name="maxPerItem_${ideas.fiscal}_a"[^>]*value="2"`, 's'));
    const french = await page('fr');
    expect(french.status).toBe(200);
    for (const text of ['Catégories de jetons', 'Jetons par participant', 'value="0,5"', 'Exceptions pour cet élément']) expect(french.html).toContain(text);
  });

  it('refuses each mistake with a message beside its field, and keeps the previous settings', async () => {
    const { client, strategist, ideas, instanceId } = await scene();
    const elsewhere = await openPrioritisation(database.db, app);
    const before = await storedConfig(instanceId);
    const items = [ideas.fiscal, ideas.blank, ideas.transport];
    const numeric = (min: string, max: string, step: string): GaugeInput => ({ key: 'a', type: 'numeric', fr: 'Budget', min, max, step });
    const cases: [string, Parameters<typeof settingsFields>[0], Record<string, string>][] = [
      ['a colour white text cannot be read on', { categories: [green, { ...red, color: '#ffd84d' }], itemIds: items }, { color_b: 'color.lowContrast' }],
      ['a colour that is not one', { categories: [green, { ...red, color: 'red' }], itemIds: items }, { color_b: 'color.invalid' }],
      ['no label in the main language', { categories: [green, { ...red, fr: ' ' }], itemIds: items }, { label_b_fr: 'label.required' }],
      ['a label too long', { categories: [{ ...green, en: 'x'.repeat(61) }, red], itemIds: items }, { label_a_en: 'label.tooLong' }],
      ['a budget of 0', { categories: [{ ...green, budget: '0', maxPerItem: '' }, red], itemIds: items }, { budget_a: 'budget.range' }],
      ['a budget in letters', { categories: [{ ...green, budget: 'abc' }, red], itemIds: items }, { budget_a: 'number.invalid' }],
      ['a budget of 1001', { categories: [{ ...green, budget: '1 001' }, red], itemIds: items }, { budget_a: 'budget.range' }],
      ['half a token', { categories: [{ ...green, budget: '2,5' }, red], itemIds: items }, { budget_a: 'number.notWhole' }],
      ['digits badly grouped', { categories: [{ ...green, budget: '1 50' }, red], itemIds: items }, { budget_a: 'number.invalid' }],
      ['no budget', { categories: [{ ...green, budget: '' }, red], itemIds: items }, { budget_a: 'number.required' }],
      ['a maximum per item above the budget', { categories: [{ ...green, budget: '5', maxPerItem: '6' }, red], itemIds: items }, { maxPerItem_a: 'maxPerItem.overBudget' }],
      ['a maximum per item of 0', { categories: [{ ...green, maxPerItem: '0' }, red], itemIds: items }, { maxPerItem_a: 'maxPerItem.range' }],
      ['no sign', { categories: [green, { ...red, sign: '' }], itemIds: items }, { sign_b: 'sign.invalid' }],
      ['an exclusion of an unknown category', { categories: [{ ...green, excludes: ['z'] }, red], itemIds: items }, { excludes_a: 'excludes.unknown' }],
      ['a category excluding itself', { categories: [{ ...green, excludes: ['a'] }, red], itemIds: items }, { excludes_a: 'excludes.unknown' }],
      ['no category', { categories: [], itemIds: items }, { categories: 'categories.tooFew' }],
      ['five categories', { categories: ['a', 'b', 'c', 'd', 'e'].map((key) => ({ ...red, key })), itemIds: items }, { categories: 'categories.tooMany' }],
      ['the same category twice', { categories: [green, green], itemIds: items }, { categories: 'categories.invalid' }],
      ['a numeric gauge whose lowest is its highest', { gauges: [numeric('10', '10', '1')], itemIds: items }, { gaugeMax_a: 'gauge.range' }],
      ['a numeric gauge upside down', { gauges: [numeric('100', '0', '1')], itemIds: items }, { gaugeMax_a: 'gauge.range' }],
      ['a step that does not divide the range', { gauges: [numeric('0', '10', '3')], itemIds: items }, { gaugeStep_a: 'step.uneven' }],
      ['a step of 0', { gauges: [numeric('0', '10', '0')], itemIds: items }, { gaugeStep_a: 'step.positive' }],
      ['a numeric gauge without its highest value', { gauges: [numeric('0', '', '1')], itemIds: items }, { gaugeMax_a: 'number.required' }],
      ['a unit too long', { gauges: [{ ...(numeric('0', '10', '1') as Extract<GaugeInput, { type: 'numeric' }>), unit: { fr: 'x'.repeat(21) } }], itemIds: items }, { gaugeUnit_a_fr: 'unit.tooLong' }],
      ['a labelled gauge with one choice', { gauges: [{ ...priority, choices: [{ key: 'a', fr: 'Oui' }] } as GaugeInput], itemIds: items }, { choices_a: 'choices.tooFew' }],
      ['a choice without a label', { gauges: [{ ...priority, choices: [{ key: 'a', fr: 'Oui' }, { key: 'b', fr: '' }] } as GaugeInput], itemIds: items }, { choiceLabel_a_b_fr: 'label.required' }],
      ['a gauge without a question', { gauges: [{ ...priority, fr: '' }], itemIds: items }, { gaugeLabel_a_fr: 'label.required' }],
      ['five gauges', { gauges: ['a', 'b', 'c', 'd', 'e'].map((key) => ({ ...priority, key })), itemIds: items }, { gauges: 'gauges.tooMany' }],
      ['an idea of another consultation', { itemIds: [...items, elsewhere.ideas.fiscal] }, { itemIds: 'items.unknown' }],
      ['an idea that is not an id', { itemIds: ['nonsense'] }, { itemIds: 'items.unknown' }],
      ['an exception above the budget', { itemIds: items, extra: [[`maxPerItem_${ideas.blank}_a`, '6']] }, { [`maxPerItem_${ideas.blank}_a`]: 'maxPerItem.overBudget' }],
      ['an exception in letters', { itemIds: items, extra: [[`maxPerItem_${ideas.blank}_b`, 'un']] }, { [`maxPerItem_${ideas.blank}_b`]: 'number.invalid' }],
      ['an exception turning a gauge upside down', { gauges: [numeric('0', '10', '1')], itemIds: items, extra: [[`gaugeMin_${ideas.fiscal}_a`, '20']] }, { [`gaugeMax_${ideas.fiscal}_a`]: 'gauge.range' }],
      ['an exception with an uneven step', { gauges: [numeric('0', '10', '1')], itemIds: items, extra: [[`gaugeStep_${ideas.fiscal}_a`, '4']] }, { [`gaugeStep_${ideas.fiscal}_a`]: 'step.uneven' }],
      ['no choice of when results are shown', { itemIds: items, results: '' }, { results: 'results.invalid' }],
      ['an unknown time for results', { itemIds: items, results: 'never' }, { results: 'results.invalid' }],
    ];
    for (const [what, input, errors] of cases) {
      const answer = await client.saveSettings(strategist, settingsFields(input));
      expect(answer, what).toEqual({ status: 400, saved: false, errors });
    }
    expect(await storedConfig(instanceId)).toEqual(before);
    expect(contrastWithWhite('#ffd84d')).toBeLessThan(4.5);
  });

  it('will not take away an item, a category, a gauge or a choice that holds votes', async () => {
    const { client, strategist, ideas, instanceId, configure, person } = await scene();
    await configure({ gauges: [{ key: 'a', type: 'labelled', label: { fr: 'Priorité' }, choices: [{ key: 'a', label: { fr: 'Pas prioritaire' } }, { key: 'b', label: { fr: 'Prioritaire' } }, { key: 'c', label: { fr: 'Urgent' } }] }] });
    const [anne, bilal] = [await person(), await person()];
    await votes(instanceId, anne, { tokens: [[ideas.fiscal, 'b', 1]] });
    await votes(instanceId, bilal, { answers: [[ideas.blank, 'a', 'b']] });
    const { data } = await client.settings(strategist);
    const inUse = data!.settings.data as TokenVoteSettingsData;
    expect([...inUse.itemsInUse].sort()).toEqual([ideas.fiscal, ideas.blank].sort());
    expect(inUse).toMatchObject({ categoriesInUse: ['b'], gaugesInUse: ['a'] });

    const before = await storedConfig(instanceId);
    const items = [ideas.fiscal, ideas.blank, ideas.transport];
    const cases: [string, Parameters<typeof settingsFields>[0], Record<string, string>][] = [
      ['an item with tokens', { gauges: [priority], itemIds: [ideas.blank, ideas.transport] }, { itemIds: 'items.inUse' }],
      ['an item with a gauge answer', { gauges: [{ ...priority, choices: [...(priority as Extract<GaugeInput, { type: 'labelled' }>).choices, { key: 'c', fr: 'Urgent' }] }], itemIds: [ideas.fiscal] }, { itemIds: 'items.inUse' }],
      ['a category with tokens', { categories: [{ ...green, excludes: [] }], gauges: [priority], itemIds: items }, { categories: 'categories.inUse' }],
      ['a gauge with answers', { gauges: [], itemIds: items }, { gauges: 'gauges.inUse' }],
      ['a choice somebody picked', { gauges: [{ ...priority, choices: [{ key: 'a', fr: 'Pas prioritaire' }, { key: 'c', fr: 'Urgent' }] } as GaugeInput], itemIds: items }, { choices_a: 'choices.inUse' }],
      ['a gauge with answers turned into a number', { gauges: [{ key: 'a', type: 'numeric', fr: 'Priorité', min: '0', max: '10', step: '1' }], itemIds: items }, { gaugeType_a: 'gauge.typeInUse' }],
    ];
    for (const [what, input, errors] of cases) {
      expect(await client.saveSettings(strategist, settingsFields(input)), what).toEqual({ status: 409, saved: false, errors });
    }
    expect(await storedConfig(instanceId)).toEqual(before);

    // What holds no vote may go: an item, category c, and the choice nobody picked.
    const allowed = settingsFields({ gauges: [{ ...priority, choices: [{ key: 'a', fr: 'Pas prioritaire' }, { key: 'b', fr: 'Prioritaire' }] } as GaugeInput], itemIds: [ideas.fiscal, ideas.blank] });
    expect(await client.saveSettings(strategist, allowed)).toEqual({ status: 200, saved: true, errors: {} });
    const after = await storedConfig(instanceId);
    expect(after.items.map((item) => item.id)).toEqual([ideas.fiscal, ideas.blank]);
    expect(after.gauges[0]).toMatchObject({ type: 'labelled', choices: [{ key: 'a' }, { key: 'b' }] });

    const form = await fetch(`${app.url}${client.path}/settings`, { headers: { Cookie: strategist.cookie, 'Accept-Language': 'en' } });
    const html = (await form.text()).replaceAll('<!-- -->', '');
    expect(html).toContain('Tokens of this category have been placed: it cannot be removed.');
    expect(html).toContain('Participants have answered this gauge: it cannot be removed.');
    expect(html).toContain('It holds votes: it stays in the vote.');
  });

  it('opens only to strategists: a participant is forbidden, a visitor is sent to log in', async () => {
    const { client, ideas, instanceId, person } = await scene();
    const before = await storedConfig(instanceId);
    const change = settingsFields({ itemIds: [ideas.leftOut], results: 'live' });
    const participant = await person(['participant']);
    expect((await client.settings(participant)).status).toBe(403);
    expect((await client.saveSettings(participant, change)).status).toBe(403);
    const visitorRead = await fetch(`${app.url}${client.path}/settings`, { headers: { 'Accept-Language': 'en' }, redirect: 'manual' });
    expect(visitorRead.status).toBe(302);
    expect(visitorRead.headers.get('location')).toMatch(/^\/login\?/);
    const visitorSave = await fetch(`${app.url}${client.path}/settings`, { method: 'POST', headers: { Origin: app.url }, body: new URLSearchParams(change), redirect: 'manual' });
    expect(visitorSave.status).toBe(302);
    expect(visitorSave.headers.get('location')).toMatch(/^\/login\?/);
    expect(await storedConfig(instanceId)).toEqual(before);
  });
});
