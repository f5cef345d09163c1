import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { useTestApp, type RunningApp } from '../../test/app';
import { defaultResultsConfig, type ProposalsConfig } from './manifest';
import type { ProposalsSettingsData } from './participation-data';
import { openConsultation, proposalsClient, type Person } from './test-factories';

/*
 * The strategist's results settings of a massive consultation, through the real settings page:
 * who sees the results, the thresholds of the zones (typed as percentages), segments and
 * opinion groups, and the weighting margins typed as "value = share %" lines.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

/** The whole form as the page sends it, the results part as typed by a French strategist. */
const fields = (changes: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    prefix_fr: 'Il faut',
    prefix_en: 'We should',
    minChars: '12',
    maxChars: '140',
    askTheme: 'on',
    cards: '12',
    newShare: '30',
    newThreshold: '10',
    controversyShare: '10',
    cap: '1500',
    rejectionBound: '25',
    resultsVisibility: 'live',
    minVotes: '50',
    topSize: '15',
    consensusAgreeLow: '65 %',
    controversyBothLow: '22,5',
    rejectionDisagreeLow: '55\u00a0%',
    limboNeutral: '40',
    minSegmentVoters: '10',
    minVotesPerParticipant: '7',
    minGroupShare: '5 %',
    weightingField_1: 'region',
    weightingShares_1: 'Bretagne = 5,1 %\nÎle-de-France = 18,9 %\n\nOccitanie = 76 %',
    weightingField_2: 'source',
    weightingShares_2: 'newsletter: 40\nréseaux sociaux = 59,8 %',
    ...changes,
  });

async function scene() {
  const consultation = await openConsultation(database.db, app, { segmentFields: ['age_band', 'region'] });
  const client = proposalsClient(app, consultation.slug, consultation.instanceId, { language: 'fr' });
  const strategist = await consultation.person(['strategist']);
  const storedConfig = async () => (await database.db.selectFrom('module_instances').select('config').where('id', '=', consultation.instanceId).executeTakeFirstOrThrow()).config as ProposalsConfig;
  const settingsPage = async (person: Person) => {
    const response = await fetch(`${app.url}${client.path}/settings`, { headers: { 'Accept-Language': 'fr', Cookie: person.cookie } });
    return (await response.text()).replaceAll('<!-- -->', '');
  };
  return { ...consultation, client, strategist, storedConfig, settingsPage };
}

describe('the results settings', () => {
  it('show the defaults, with bounds taken from the configuration’s schema, when the instance has no results settings yet', async () => {
    const { client, strategist, configure, settingsPage } = await scene();
    await configure({ results: undefined });
    const data = (await client.settings<ProposalsSettingsData>(strategist)).data!.settings.data;
    expect(data.results.current).toEqual(defaultResultsConfig);
    expect(data.results.weightingFields).toEqual(['age_band', 'region', 'source']);
    expect(data.results.maxMargins).toBe(4);
    expect(data.results.bounds.minVotes).toEqual({ min: 1, max: 100_000, whole: true, percent: false });
    expect(data.results.bounds.controversyBothLow).toEqual({ min: 0, max: 50, whole: false, percent: true });
    expect(data.results.bounds.minGroupShare).toEqual({ min: 0, max: 50, whole: false, percent: true });

    const html = await settingsPage(strategist);
    expect(html).toContain('Seuils des zones');
    expect(html).toMatch(/name="consensusAgreeLow"[^>]*value="60"/);
    expect(html).toMatch(/name="minVotes"[^>]*value="30"/);
    expect(html).toMatch(/<input type="radio" name="resultsVisibility"[^>]* checked=""[^>]* value="afterClose"\/>/);
    expect(html).not.toMatch(/<input type="radio" name="resultsVisibility"[^>]* checked=""[^>]* value="live"\/>/);
    expect(html).toContain('De 0 à 50 %.');
    // Four margins may be entered, on a segment field or the recruitment source.
    expect(html).toContain('name="weightingShares_4"');
    expect(html).not.toContain('name="weightingShares_5"');
    expect(html).toContain('<option value="source">Source de recrutement</option>');
  });

  it('saves what the strategist typed: percentages as shares, margins scaled to sum to 1', async () => {
    const { client, strategist, storedConfig, settingsPage } = await scene();
    expect(await client.saveSettings(strategist, fields())).toEqual({ status: 200, saved: true, errors: {} });
    const { results } = await storedConfig();
    expect(results).toMatchObject({
      visibility: 'live',
      minVotes: 50,
      topSize: 15,
      consensusAgreeLow: 0.65,
      controversyBothLow: 0.225,
      rejectionDisagreeLow: 0.55,
      limboNeutral: 0.4,
      minSegmentVoters: 10,
      minVotesPerParticipant: 7,
      minGroupShare: 0.05,
    });
    expect(results!.weighting.map((margin) => margin.field)).toEqual(['region', 'source']);
    const regions = results!.weighting[0]!.shares;
    expect(Object.keys(regions).sort()).toEqual(['Bretagne', 'Occitanie', 'Île-de-France']);
    expect(regions.Bretagne).toBeCloseTo(0.051, 10);
    expect(regions['Île-de-France']).toBeCloseTo(0.189, 10);
    expect(regions.Occitanie).toBeCloseTo(0.76, 10);
    const source = results!.weighting[1]!.shares;
    expect(Object.keys(source).sort()).toEqual(['newsletter', 'réseaux sociaux']);
    expect(source.newsletter).toBeCloseTo(40 / 99.8, 10);
    expect(source.newsletter! + source['réseaux sociaux']!).toBeCloseTo(1, 10);

    // The form shows them again as typed, the values in alphabetical order.
    const html = await settingsPage(strategist);
    expect(html).toMatch(/name="consensusAgreeLow"[^>]*value="65"/);
    expect(html).toContain('Bretagne = 5,1 %\nÎle-de-France = 18,9 %\nOccitanie = 76 %');
  });

  it('saves no weighting when every margin is left empty', async () => {
    const { client, strategist, storedConfig } = await scene();
    expect((await client.saveSettings(strategist, fields({ weightingField_1: '', weightingShares_1: '', weightingField_2: '', weightingShares_2: '' }))).status).toBe(200);
    expect((await storedConfig()).results?.weighting).toEqual([]);
  });

  it('refuses each mistake beside its field in plain words, and saves nothing', async () => {
    const { client, strategist, storedConfig, settingsPage } = await scene();
    const before = await storedConfig();
    const mistakes: [Record<string, string>, Record<string, string>][] = [
      [{ resultsVisibility: 'sometimes' }, { resultsVisibility: 'visibility.invalid' }],
      [{ minVotes: '0' }, { minVotes: 'number.range' }],
      [{ minVotes: '100 001' }, { minVotes: 'number.range' }],
      [{ topSize: '2,5' }, { topSize: 'number.notWhole' }],
      [{ consensusAgreeLow: '' }, { consensusAgreeLow: 'number.required' }],
      [{ consensusAgreeLow: '120 %' }, { consensusAgreeLow: 'number.range' }],
      [{ controversyBothLow: '60' }, { controversyBothLow: 'number.range' }],
      [{ limboNeutral: 'la moitié' }, { limboNeutral: 'number.invalid' }],
      [{ minGroupShare: '51' }, { minGroupShare: 'number.range' }],
      [{ weightingField_1: '' }, { weightingField_1: 'weighting.fieldRequired' }],
      [{ weightingField_1: 'gender' }, { weightingField_1: 'weighting.field' }],
      [{ weightingField_2: 'region' }, { weightingField_2: 'weighting.duplicateField' }],
      [{ weightingShares_1: '' }, { weightingShares_1: 'weighting.sharesRequired' }],
      [{ weightingShares_1: 'Bretagne 5,1 %\nOccitanie = 94,9 %' }, { weightingShares_1: 'weighting.line' }],
      [{ weightingShares_1: 'Bretagne = cinq\nOccitanie = 95 %' }, { weightingShares_1: 'weighting.share' }],
      [{ weightingShares_1: 'Bretagne = -5\nOccitanie = 105' }, { weightingShares_1: 'weighting.share' }],
      [{ weightingShares_1: 'Bretagne = 50\nBretagne = 50' }, { weightingShares_1: 'weighting.duplicateValue' }],
      [{ weightingShares_1: 'Bretagne = 5,1 %\nOccitanie = 76 %' }, { weightingShares_1: 'weighting.sum' }],
      [{ weightingShares_2: 'newsletter = 40\nréseaux sociaux = 60,6' }, { weightingShares_2: 'weighting.sum' }],
      [{ weightingShares_1: `${'x'.repeat(201)} = 100` }, { weightingShares_1: 'weighting.value' }],
    ];
    for (const [changes, errors] of mistakes) {
      expect(await client.saveSettings(strategist, fields(changes)), JSON.stringify(changes)).toEqual({ status: 400, saved: false, errors });
    }
    expect(await storedConfig()).toEqual(before);

    // The page itself says what is wrong beside the field, after a browser's post.
    const response = await fetch(`${app.url}${client.path}/settings`, {
      method: 'POST',
      headers: { Origin: app.url, 'Accept-Language': 'fr', Cookie: strategist.cookie },
      body: new URLSearchParams(fields({ weightingShares_1: 'Bretagne = 5,1 %\nOccitanie = 76 %' })),
    });
    const html = (await response.text()).replaceAll('<!-- -->', '');
    expect(html).toContain('Les parts doivent faire 100 % au total (à 0,5 point près).');
    expect(html).toMatch(/id="field-weightingShares_1-error"/);
    expect(await settingsPage(strategist)).not.toContain('field-weightingShares_1-error');
  });

  it('keeps the current results settings when a form leaves them out', async () => {
    const { client, strategist, storedConfig, configure } = await scene();
    const custom = { ...defaultResultsConfig, minVotes: 80, weighting: [{ field: 'region', shares: { Bretagne: 0.4, Occitanie: 0.6 } }] };
    await configure({ results: custom });
    const withoutResults = fields().filter(([name]) => !['resultsVisibility', 'minVotes', 'topSize', 'consensusAgreeLow', 'controversyBothLow', 'rejectionDisagreeLow', 'limboNeutral', 'minSegmentVoters', 'minVotesPerParticipant', 'minGroupShare'].includes(name) && !name.startsWith('weighting'));
    expect((await client.saveSettings(strategist, withoutResults)).status).toBe(200);
    expect((await storedConfig()).results).toEqual(custom);
  });

  it('are the strategist’s alone', async () => {
    const { client, person, storedConfig } = await scene();
    const before = await storedConfig();
    for (const roles of [['participant'], ['client_viewer'], ['synthesizer']] as const) {
      expect((await client.saveSettings(await person([...roles]), fields())).status).toBe(403);
    }
    expect(await storedConfig()).toEqual(before);
  });
});
