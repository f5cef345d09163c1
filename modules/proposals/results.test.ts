import { describe, expect, it } from 'vitest';
import { cardKey } from '../../platform/auth/card-keys.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { ModuleContext } from '../../platform/modules/server';
import { visitor } from '../../platform/policy';
import { useTestApp, type RunningApp } from '../../test/app';
import { computeEmergence } from './emergence';
import { plantedConsultation } from './emergence-fixtures';
import { columnarInputOf } from './emergence-transfer';
import { defaultResultsConfig, type ProposalsConfig } from './manifest';
import type { VoteOutcome } from './participation-data';
import type { EmergenceResults } from './results-data';
import { computeEmergenceOffThread, readResults, refreshResults } from './results.server';
import { insertProposals, openConsultation, proposalsClient, setStatus, type Person } from './test-factories';

/*
 * The stored emergence of a proposals instance: computed from the trusted votes of accepted
 * proposals only, recomputed when (and only when) something changed, read once per computation.
 * Votes go through the real HTTP routes, as the card stack sends them.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

/** A consultation in ideation whose regions are shown from one voter on. */
async function scene() {
  const consultation = await openConsultation(database.db, app, { config: { results: { ...defaultResultsConfig, minSegmentVoters: 1 } } });
  const client = proposalsClient(app, consultation.slug, consultation.instanceId);
  const accepted = (bodies: string[]) => insertProposals(database.db, consultation.instanceId, consultation.consultationId, bodies.map((body) => ({ body })));
  /** The instance as the results job hands it over: its stored configuration. */
  const instance = async () => {
    const row = await database.db.selectFrom('module_instances').select(['id', 'consultation_id', 'config']).where('id', '=', consultation.instanceId).executeTakeFirstOrThrow();
    return { id: row.id, consultationId: row.consultation_id, config: row.config as ProposalsConfig };
  };
  const refresh = async (options: { force?: boolean } = {}) => refreshResults(database.db, await instance(), options);
  const read = async () => {
    const consultationRow = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultation.consultationId).executeTakeFirstOrThrow();
    const { config } = await instance();
    const context: ModuleContext<ProposalsConfig> = {
      db: database.db,
      actor: visitor,
      consultation: consultationRow,
      instance: { id: consultation.instanceId, phase: 'ideation', config, themeId: null },
      open: true,
      locale: 'fr',
      emit: () => {},
    };
    return readResults(context);
  };
  const stored = () => database.db.selectFrom('proposal_results').select(['computed_at', 'fingerprint']).where('instance_id', '=', consultation.instanceId).executeTakeFirst();
  return { ...consultation, client, accepted, refresh, read, stored };
}

/** A vote as the card stack sends it, with the card's key (without it, the vote is kept and never counted). */
async function vote(client: ReturnType<typeof proposalsClient>, person: Person, proposalId: string, choice: 'agree' | 'disagree' | 'neutral', { key = true } = {}) {
  const fields: Record<string, string> = { proposalId, vote: choice, source: 'sequence' };
  if (key) fields.key = await cardKey(database.db, proposalId, person.id);
  const answer = await client.act<VoteOutcome>(person, 'vote', fields);
  expect(answer.status).toBe(200);
}

const resultOf = (results: EmergenceResults | null, proposalId: string) => results?.proposals.find((proposal) => proposal.id === proposalId);

describe('computing the results', () => {
  it('has no results before the first computation, then counts every trusted vote of the accepted proposals', async () => {
    const { client, person, accepted, refresh, read } = await scene();
    const [museums, libraries] = await accepted(['rendre les musées gratuits le dimanche', 'ouvrir les bibliothèques le soir']);
    const bretons = [await person(['participant'], { segments: { region: 'Bretagne' } }), await person(['participant'], { segments: { region: 'Bretagne' } })];
    const normand = await person(['participant'], { segments: { region: 'Normandie' } });
    expect(await read()).toBeNull();

    await vote(client, bretons[0]!, museums!, 'agree');
    await vote(client, bretons[1]!, museums!, 'agree');
    await vote(client, normand, museums!, 'disagree');
    await vote(client, bretons[0]!, libraries!, 'neutral');
    await vote(client, bretons[1]!, libraries!, 'agree');
    await client.act(bretons[0]!, 'qualify', { proposalId: museums!, qualification: 'likeIt', on: '1' });

    expect(await refresh()).toBe(true);
    const results = await read();
    expect(resultOf(results, museums!)?.counts).toMatchObject({ votes: 3, agree: 2, disagree: 1, neutral: 0, qualifications: expect.objectContaining({ likeIt: 1 }) });
    expect(resultOf(results, libraries!)?.counts).toMatchObject({ votes: 2, agree: 1, disagree: 0, neutral: 1 });
    expect(results?.participation).toMatchObject({ voters: 3, votes: 5, untrustedVotes: 0 });
    const regions = results?.segments.find((segment) => segment.field === 'region');
    expect(Object.fromEntries((regions?.values ?? []).map((value) => [value.value, value.voters]))).toEqual({ Bretagne: 2, Normandie: 1 });
  });

  it('leaves out votes without a card key and votes on proposals that are no longer accepted', async () => {
    const { client, person, accepted, refresh, read } = await scene();
    const [kept, refused] = await accepted(['rendre les musées gratuits le dimanche', 'fermer les théâtres le lundi']);
    const [camille, dominique] = [await person(), await person()];
    await vote(client, camille, kept!, 'agree');
    await vote(client, dominique, kept!, 'disagree', { key: false });
    await vote(client, camille, refused!, 'agree');
    await setStatus(database.db, [refused!], 'refused', 'offTopic');

    expect(await refresh()).toBe(true);
    const results = await read();
    expect(resultOf(results, kept!)?.counts).toMatchObject({ votes: 1, agree: 1, disagree: 0 });
    expect(resultOf(results, kept!)?.untrustedVotes).toBe(1);
    expect(resultOf(results, refused!)).toBeUndefined();
    expect(results?.participation).toMatchObject({ votes: 1, untrustedVotes: 1 });
    expect(results?.participation.proposals).toMatchObject({ accepted: 1, refused: 1 });
  });

  it('keeps the stored computation while nothing changes, and recomputes after a new vote', async () => {
    const { client, person, accepted, refresh, read, stored } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    const [camille, dominique] = [await person(), await person()];
    await vote(client, camille, museums!, 'agree');
    expect(await refresh()).toBe(true);
    const first = await stored();

    expect(await refresh()).toBe(false);
    expect(await stored()).toEqual(first);

    await vote(client, dominique, museums!, 'disagree');
    expect(await refresh()).toBe(true);
    expect(resultOf(await read(), museums!)?.counts).toMatchObject({ votes: 2, agree: 1, disagree: 1 });
    expect((await stored())?.fingerprint).not.toBe(first?.fingerprint);
  });

  it('recomputes when a participant changes their vote, though the totals stay the same', async () => {
    const { client, person, accepted, refresh, read } = await scene();
    const [museums, libraries] = await accepted(['rendre les musées gratuits le dimanche', 'ouvrir les bibliothèques le soir']);
    const [camille, dominique] = [await person(), await person()];
    await vote(client, camille, museums!, 'agree');
    await vote(client, dominique, libraries!, 'disagree');
    expect(await refresh()).toBe(true);

    // One more agree and one less disagree in all, on different proposals: the sums hide it.
    await vote(client, camille, museums!, 'disagree');
    await vote(client, dominique, libraries!, 'agree');
    expect(await refresh()).toBe(true);
    const results = await read();
    expect(resultOf(results, museums!)?.counts).toMatchObject({ agree: 0, disagree: 1 });
    expect(resultOf(results, libraries!)?.counts).toMatchObject({ agree: 1, disagree: 0 });
  });

  it('forgets a segment answer whose consent is withdrawn, on the votes and at the next computation', async () => {
    const { client, person, accepted, refresh, read, slug } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    const breton = await person(['participant'], { segments: { region: 'Bretagne', age_band: '25-34' } });
    await vote(client, breton, museums!, 'agree');
    expect(await refresh()).toBe(true);
    const regionsOf = async () => (await read())?.segments.find((segment) => segment.field === 'region');
    expect((await regionsOf())?.values.map((value) => value.value)).toEqual(['Bretagne']);

    // The participant empties their region on "About you" (keeping their age band).
    const withdrawn = await fetch(`${app.url}/consultations/${slug}/about-you`, {
      method: 'POST',
      headers: { Origin: app.url, Cookie: breton.cookie },
      body: new URLSearchParams({ region: '', age_band: '25-34', 'age_band-consent': 'yes' }),
      redirect: 'manual',
    });
    expect(withdrawn.status).toBe(200);
    const stored = await database.db.selectFrom('proposal_votes').select('segments').where('user_id', '=', breton.id).executeTakeFirstOrThrow();
    expect(stored.segments).toEqual({ age_band: '25-34' });
    // No vote changed, yet the next computation runs and no longer counts the region.
    expect(await refresh()).toBe(true);
    expect(await regionsOf()).toMatchObject({ values: [], unansweredVoters: 1 });
  });

  it('counts the cards served to readers as impressions', async () => {
    const { client, person, accepted, refresh, read } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    const [camille, dominique] = [await person(), await person()];
    expect((await client.read(camille)).page.sequence?.cards.map((card) => card.id)).toEqual([museums]);
    expect((await client.read(dominique)).page.sequence?.cards.map((card) => card.id)).toEqual([museums]);

    expect(await refresh()).toBe(true);
    expect(resultOf(await read(), museums!)?.impressions).toBe(2);
  });

  it('recomputes with new settings, keeping the last snapshot readable until then', async () => {
    const { client, person, accepted, refresh, read, configure } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    await vote(client, await person(), museums!, 'agree');
    expect(await refresh()).toBe(true);
    const before = await read();
    expect(before?.settings.minVotes).toBe(defaultResultsConfig.minVotes);

    await configure({ results: { ...defaultResultsConfig, minSegmentVoters: 1, minVotes: 1 } });
    expect(await read()).toBe(before);
    expect(await refresh()).toBe(true);
    const after = await read();
    expect(after?.settings.minVotes).toBe(1);
    expect(after?.fingerprint).not.toBe(before?.fingerprint);
    expect(resultOf(after, museums!)?.counts.votes).toBe(1);
  });
});

describe('reading the results', () => {
  it('parses a computation once for every reader, and gives the new one after a refresh', async () => {
    const { client, person, accepted, refresh, read } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    await vote(client, await person(), museums!, 'agree');
    await refresh();
    const first = await read();
    expect(await read()).toBe(first);

    await vote(client, await person(), museums!, 'agree');
    await refresh();
    const second = await read();
    expect(second).not.toBe(first);
    expect(resultOf(second, museums!)?.counts.agree).toBe(2);
    expect(await read()).toBe(second);
  });

  it('computes an instance once when two refreshes start at the same moment', async () => {
    const { client, person, accepted, refresh } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    await vote(client, await person(), museums!, 'agree');
    expect((await Promise.all([refresh(), refresh()])).sort()).toEqual([false, true]);
  });

  it('recomputes on demand when forced, even without a change', async () => {
    const { client, person, accepted, refresh, stored } = await scene();
    const [museums] = await accepted(['rendre les musées gratuits le dimanche']);
    await vote(client, await person(), museums!, 'agree');
    await refresh();
    const first = await stored();
    expect(await refresh({ force: true })).toBe(true);
    expect((await stored())?.computed_at).not.toEqual(first?.computed_at);
    expect((await stored())?.fingerprint).toBe(first?.fingerprint);
  });
});

describe('computing off the request path', () => {
  it('keeps the server answering while a large instance is computed, with the same results as computing in place', async () => {
    // 400,000 votes: more than a second of computation on this machine's cores.
    const { input } = plantedConsultation({ proposals: 200, voters: 20_000, votesPerVoter: 20, seed: 11 });
    const expected = computeEmergence(input, defaultResultsConfig, null);
    const columnar = columnarInputOf(input);

    // What a request waiting for the event loop would wait: the longest gap between two turns.
    let longestGap = 0;
    let turns = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      turns++;
    }, 5);
    let output: Awaited<ReturnType<typeof computeEmergenceOffThread>>;
    try {
      output = await computeEmergenceOffThread(columnar, defaultResultsConfig, null);
    } finally {
      clearInterval(ticker);
      longestGap = Math.max(longestGap, performance.now() - last);
    }

    expect(longestGap).toBeLessThan(500);
    expect(turns).toBeGreaterThan(10);
    expect(JSON.parse(output.results)).toEqual(JSON.parse(JSON.stringify(expected.results)));
    expect(JSON.parse(output.state)).toEqual(JSON.parse(JSON.stringify(expected.state)));
  }, 120_000);
});
