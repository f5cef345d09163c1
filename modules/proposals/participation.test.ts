import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardKey } from '../../platform/auth/card-keys.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import { visitor } from '../../platform/policy';
import { useTestApp, type RunningApp } from '../../test/app';
import { defaultProposalsConfig, defaultResultsConfig, type ProposalsConfig } from './manifest';
import { proposalExportRows } from './participation.server';
import type { ProposeResult, SimilarResult, VoteOutcome } from './participation-data';
import type { ProposalsSummaryData } from './proposals-data';
import { insertProposals, openConsultation, proposalsClient, recountVotes, setStatus, type Person } from './test-factories';

/*
 * Taking part in a massive consultation through the real HTTP server: proposing (and every
 * refusal), look-alikes found while typing, voting and qualifying with counters that always equal
 * a recount of the votes (also when requests arrive at once), a proposal's page, the author's
 * own proposals, the strategist's settings, the consultation page's summary and the exports.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

/** A consultation in ideation, read in French (the consultation's main language) unless told otherwise. */
async function scene(options: Parameters<typeof openConsultation>[2] = {}, language = 'fr') {
  const consultation = await openConsultation(database.db, app, options);
  const client = proposalsClient(app, consultation.slug, consultation.instanceId, { language });
  const accepted = (bodies: string[], authorId: string | null = null) => insertProposals(database.db, consultation.instanceId, consultation.consultationId, bodies.map((body) => ({ body, authorId })));
  return { ...consultation, client, accepted };
}
type Scene = Awaited<ReturnType<typeof scene>>;

const stored = (proposalId: string) => database.db.selectFrom('proposals').selectAll().where('id', '=', proposalId).executeTakeFirstOrThrow();
/**
 * A page's HTML as a browser reads it. React 18.3's stream may put a NUL character where a
 * multi-byte character meets its 2 kB chunk boundary (react/react#31134): left out here.
 */
const readable = (html: string) => html.replaceAll('<!-- -->', '').replaceAll('\0', '');
const votesOn = (proposalId: string) => database.db.selectFrom('proposal_votes').selectAll().where('proposal_id', '=', proposalId).execute();

/** A vote as the card stack sends it: with the card's key. */
async function vote(client: Scene['client'], person: Person, proposalId: string, choice: string, { source = 'sequence', key = true }: { source?: string; key?: boolean | string } = {}) {
  const fields: Record<string, string> = { proposalId, vote: choice, source };
  if (key === true) fields.key = await cardKey(database.db, proposalId, person.id);
  else if (typeof key === 'string') fields.key = key;
  return client.act<VoteOutcome>(person, 'vote', fields);
}
const qualify = (client: Scene['client'], person: Person, proposalId: string, qualification: string, on = true) =>
  client.act<VoteOutcome>(person, 'qualify', { proposalId, qualification, on: on ? '1' : '0' });

async function expectCountersMatchVotes(proposalId: string) {
  const { stored: counters, recount } = await recountVotes(database.db, proposalId);
  expect(counters).toEqual(recount);
  return recount;
}

describe('proposing', () => {
  it('stores a proposal after the prefix, in the reader’s language, waiting for a moderator; nobody else sees it until it is accepted', async () => {
    const { client, person, themes } = await scene();
    const author = await person();
    const other = await person();
    const sent = await client.act<ProposeResult>(author, 'propose', { body: '  rendre les musées   gratuits le dimanche ', themeId: themes.culture });
    expect(sent.status).toBe(200);
    expect(sent.result.status).toBe('pending');
    const row = await stored(sent.result.proposalId);
    expect(row).toMatchObject({ body: 'rendre les musées gratuits le dimanche', original_body: 'rendre les musées gratuits le dimanche', language: 'fr', status: 'pending', author_id: author.id, theme_id: themes.culture, source: 'proposal' });

    expect((await client.read(other, { proposal: sent.result.proposalId })).page.proposal).toBeNull();
    expect((await client.read(null, { proposal: sent.result.proposalId })).page.proposal).toBeNull();
    const own = (await client.read(author, { proposal: sent.result.proposalId })).page.proposal;
    expect(own).toMatchObject({ status: 'pending', isMine: true, prefix: 'Il faut', body: 'rendre les musées gratuits le dimanche', theme: 'Culture' });
    expect(own?.key).toBeNull();
    const vote = await client.act(other, 'vote', { proposalId: sent.result.proposalId, vote: 'agree' });
    expect(vote.status).toBe(404);
    expect(vote.errors).toEqual({ proposalId: 'proposal.unknown' });

    await setStatus(database.db, [sent.result.proposalId], 'accepted');
    const seen = (await client.read(other, { proposal: sent.result.proposalId })).page.proposal;
    expect(seen).toMatchObject({ status: 'accepted', isMine: false, body: 'rendre les musées gratuits le dimanche', authorName: author.name, counts: null, myVote: null });
    expect(seen?.key).toEqual(expect.any(String));
  });

  it('writes an English reader’s proposal in English, after the English prefix', async () => {
    const { client, person } = await scene({}, 'en');
    const author = await person();
    const sent = await client.act<ProposeResult>(author, 'propose', { body: 'We should open libraries on Sundays' });
    expect(sent.status).toBe(200);
    expect(await stored(sent.result.proposalId)).toMatchObject({ body: 'open libraries on Sundays', language: 'en' });
  });

  it('strips the prefix typed again, and refuses a text too short or too long beside the field', async () => {
    const { client, person, configure } = await scene();
    const author = await person();
    const again = await client.act<ProposeResult>(author, 'propose', { body: 'Il faut… ouvrir les bibliothèques le soir' });
    expect(again.status).toBe(200);
    expect((await stored(again.result.proposalId)).body).toBe('ouvrir les bibliothèques le soir');

    expect(await client.act(author, 'propose', { body: 'Il faut lire' })).toMatchObject({ status: 400, errors: { body: 'text.tooShort' } });
    expect(await client.act(author, 'propose', { body: 'a'.repeat(141) })).toMatchObject({ status: 400, errors: { body: 'text.tooLong' } });
    expect((await client.act(author, 'propose', { body: 'é'.repeat(140) })).status).toBe(200);

    await configure({ minChars: 20, maxChars: 30 });
    expect(await client.act(author, 'propose', { body: 'des concerts gratuits' })).toMatchObject({ status: 200 });
    expect(await client.act(author, 'propose', { body: 'des concerts' })).toMatchObject({ status: 400, errors: { body: 'text.tooShort' } });
    expect(await client.act(author, 'propose', { body: 'des concerts gratuits dans chaque quartier' })).toMatchObject({ status: 400, errors: { body: 'text.tooLong' } });
  });

  it('takes a theme only from the consultation’s themes, and only when the configuration asks for one', async () => {
    const { client, person, themes, configure } = await scene();
    const other = await scene();
    const author = await person();
    expect(await client.act(author, 'propose', { body: 'des ateliers de théâtre à l’école', themeId: randomUUID() })).toMatchObject({ status: 400, errors: { themeId: 'theme.unknown' } });
    expect(await client.act(author, 'propose', { body: 'des ateliers de théâtre à l’école', themeId: other.themes.culture })).toMatchObject({ status: 400, errors: { themeId: 'theme.unknown' } });
    expect(await client.act(author, 'propose', { body: 'des ateliers de théâtre à l’école', themeId: 'culture' })).toMatchObject({ status: 400, errors: { themeId: 'theme.unknown' } });
    const withTheme = await client.act<ProposeResult>(author, 'propose', { body: 'des ateliers de théâtre à l’école', themeId: themes.transport });
    expect((await stored(withTheme.result.proposalId)).theme_id).toBe(themes.transport);

    await configure({ askTheme: false });
    expect((await client.read(author, { view: 'propose' })).page.themes).toEqual([]);
    const without = await client.act<ProposeResult>(author, 'propose', { body: 'des cours de musique pour les adultes', themeId: themes.culture });
    expect((await stored(without.result.proposalId)).theme_id).toBeNull();
  });

  it('refuses visitors, those whose role is not to take part, and a phase that is over; and the same text twice from one author', async () => {
    const { client, person, moveTo, instanceId } = await scene();
    const body = { body: 'des musées ouverts la nuit une fois par mois' };
    expect(await client.act(null, 'propose', body)).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    expect(await client.act(await person(['client_viewer']), 'propose', body)).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    expect(await client.act(await person([]), 'propose', body)).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });

    const author = await person();
    expect((await client.act(author, 'propose', body)).status).toBe(200);
    expect(await client.act(author, 'propose', { body: 'Il faut des Musées ouverts la nuit une fois par mois' })).toMatchObject({ status: 409, errors: { body: 'duplicateOfYours' } });
    // Someone else may propose the same: moderators group duplicates.
    expect((await client.act(await person(), 'propose', body)).status).toBe(200);

    await moveTo('deepening');
    expect(await client.act(author, 'propose', { body: 'des bibliothèques dans les gares' })).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    const count = await database.db.selectFrom('proposals').select((eb) => eb.fn.countAll<string>().as('n')).where('instance_id', '=', instanceId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('sends the same text once when it is sent twice at once (a double click)', async () => {
    const { client, person, instanceId } = await scene();
    const author = await person();
    const answers = await Promise.all([1, 2, 3].map(() => client.act(author, 'propose', { body: 'des spectacles gratuits dans les parcs' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const rows = await database.db.selectFrom('proposals').select('id').where('instance_id', '=', instanceId).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('look-alikes while typing', () => {
  it('finds accepted proposals close to what is typed, most similar first, never pending ones, with the reader’s vote and key', async () => {
    const { client, person, accepted, instanceId, consultationId } = await scene();
    const [museums, libraries] = await accepted(['rendre les musées gratuits le dimanche', 'ouvrir les bibliothèques le soir et le week-end', 'baisser le prix des places de cinéma pour les jeunes']);
    await insertProposals(database.db, instanceId, consultationId, [{ body: 'rendre les musées gratuits tous les dimanches', status: 'pending' }]);
    const reader = await person();

    const found = await client.act<SimilarResult>(reader, 'similar', { body: 'Il faut rendre les musees gratuits le dimanche matin' });
    expect(found.status).toBe(200);
    const ids = found.result.proposals.map((proposal) => proposal.id);
    expect(ids[0]).toBe(museums);
    expect(ids).not.toContain(libraries);
    expect(found.result.proposals).toHaveLength(1);
    const [first] = found.result.proposals;
    expect(first).toMatchObject({ prefix: 'Il faut', body: 'rendre les musées gratuits le dimanche', lang: 'fr', myVote: null });
    expect(first!.similarity).toBeGreaterThan(0.25);
    expect(first!.key).toBe(await cardKey(database.db, museums!, reader.id));

    // Voting right there, with the key that came with it, counts.
    const outcome = await client.act<VoteOutcome>(reader, 'vote', { proposalId: museums!, vote: 'agree', key: first!.key!, source: 'proposal' });
    expect(outcome.result.counts.agree).toBe(1);
    const again = await client.act<SimilarResult>(reader, 'similar', { body: 'rendre les musées gratuits' });
    expect(again.result.proposals[0]).toMatchObject({ id: museums, myVote: { vote: 'agree', qualifications: [] } });

    expect((await client.act<SimilarResult>(reader, 'similar', { body: 'des pistes cyclables partout' })).result.proposals).toEqual([]);
    expect((await client.act<SimilarResult>(reader, 'similar', { body: 'Il faut' })).result.proposals).toEqual([]);
    expect((await client.act(null, 'similar', { body: 'rendre les musées gratuits' })).status).toBe(403);
  });

  it('shows at most five, and only this instance’s', async () => {
    const { client, person, accepted } = await scene();
    const elsewhere = await scene();
    const [foreign] = await elsewhere.accepted(['rendre les musées gratuits pour tous']);
    const [ownOnly] = await accepted(['rendre les musées gratuits pour tous']);
    await accepted(Array.from({ length: 8 }, (_, index) => `rendre les musées gratuits pour tous les ${index + 2} du mois`));
    const found = await client.act<SimilarResult>(await person(), 'similar', { body: 'rendre les musées gratuits pour tous' });
    expect(found.result.proposals).toHaveLength(5);
    expect(found.result.proposals[0]!.id).toBe(ownOnly);
    expect(found.result.proposals.map((proposal) => proposal.id)).not.toContain(foreign);
    const similarities = found.result.proposals.map((proposal) => proposal.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  });
});

describe('voting and qualifying', () => {
  it('keeps one vote per participant: the same vote again changes nothing, another replaces it and drops its qualifications', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des tarifs réduits pour les étudiants']);
    const voter = await person();

    const first = await vote(client, voter, proposal!, 'agree');
    expect(first.status).toBe(200);
    expect(first.result).toEqual({ proposalId: proposal, vote: 'agree', qualifications: [], counts: { agree: 1, disagree: 0, neutral: 0, total: 1, qualifications: {} } });
    const liked = await qualify(client, voter, proposal!, 'likeIt');
    expect(liked.result).toMatchObject({ vote: 'agree', qualifications: ['likeIt'], counts: { qualifications: { likeIt: 1 } } });
    expect((await qualify(client, voter, proposal!, 'doable')).result.qualifications).toEqual(['likeIt', 'doable']);

    const repeated = await vote(client, voter, proposal!, 'agree');
    expect(repeated.result).toMatchObject({ vote: 'agree', qualifications: ['likeIt', 'doable'], counts: { agree: 1, total: 1, qualifications: { likeIt: 1, doable: 1 } } });

    const changed = await vote(client, voter, proposal!, 'disagree');
    expect(changed.result).toEqual({ proposalId: proposal, vote: 'disagree', qualifications: [], counts: { agree: 0, disagree: 1, neutral: 0, total: 1, qualifications: {} } });
    expect(await votesOn(proposal!)).toHaveLength(1);

    expect(await qualify(client, voter, proposal!, 'likeIt')).toMatchObject({ status: 400, errors: { qualification: 'qualification.mismatch' } });
    expect(await qualify(client, voter, proposal!, 'made-up')).toMatchObject({ status: 400, errors: { qualification: 'qualification.unknown' } });
    expect((await qualify(client, voter, proposal!, 'impossible')).result.counts.qualifications).toEqual({ impossible: 1 });
    expect((await qualify(client, voter, proposal!, 'impossible', false)).result.counts.qualifications).toEqual({});
    expect(await qualify(client, await person(), proposal!, 'noWay')).toMatchObject({ status: 400, errors: { qualification: 'vote.missing' } });
    await expectCountersMatchVotes(proposal!);
  });

  it('refuses votes from visitors and client viewers, on unknown, pending or other instances’ proposals, and unknown votes', async () => {
    const { client, person, accepted, instanceId, consultationId } = await scene();
    const elsewhere = await scene();
    const [proposal] = await accepted(['des visites guidées en langue des signes']);
    const [pending] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'des musées ouverts le lundi', status: 'pending' }]);
    const [refused] = await insertProposals(database.db, instanceId, consultationId, [{ body: 'des musées fermés le lundi', status: 'refused', refusalReason: 'offTopic' }]);
    const [foreign] = await elsewhere.accepted(['des visites guidées pour tous']);
    const voter = await person();

    expect(await client.act(null, 'vote', { proposalId: proposal!, vote: 'agree' })).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    expect(await vote(client, await person(['client_viewer']), proposal!, 'agree')).toMatchObject({ status: 403 });
    for (const id of [pending!, refused!, foreign!, randomUUID(), 'not-an-id']) {
      expect(await client.act(voter, 'vote', { proposalId: id, vote: 'agree' })).toMatchObject({ status: 404, errors: { proposalId: 'proposal.unknown' } });
    }
    expect(await vote(client, voter, proposal!, 'maybe')).toMatchObject({ status: 400, errors: { vote: 'vote.unknown' } });
    expect(await vote(client, voter, proposal!, 'agree', { source: 'elsewhere' })).toMatchObject({ status: 400, errors: { source: 'source.unknown' } });
    expect(await votesOn(proposal!)).toHaveLength(0);
  });

  it('keeps a vote without a valid card key but never counts it, until the key comes with it', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des bibliobus dans les villages']);
    const [other] = await accepted(['des concerts dans les hôpitaux']);
    const scripted = await person();
    const borrowed = await person();

    const noKey = await vote(client, scripted, proposal!, 'agree', { key: false });
    expect(noKey.status).toBe(200);
    expect(noKey.result.counts).toMatchObject({ agree: 0, total: 0 });
    // A key of another card, or of another participant, is no key.
    await vote(client, borrowed, proposal!, 'disagree', { key: await cardKey(database.db, other!, borrowed.id) });
    await vote(client, await person(), proposal!, 'neutral', { key: await cardKey(database.db, proposal!, scripted.id) });
    await qualify(client, scripted, proposal!, 'likeIt');
    const rows = await votesOn(proposal!);
    expect(rows.map((row) => row.trusted)).toEqual([false, false, false]);
    expect(await stored(proposal!)).toMatchObject({ agree: 0, disagree: 0, neutral: 0, untrusted_votes: 3, sequence_votes: 0, qualifications: {} });

    const trusted = await vote(client, scripted, proposal!, 'agree');
    expect(trusted.result.counts).toMatchObject({ agree: 1, total: 1, qualifications: { likeIt: 1 } });
    expect(await stored(proposal!)).toMatchObject({ agree: 1, untrusted_votes: 2, sequence_votes: 1 });
    await expectCountersMatchVotes(proposal!);
  });

  it('records where each vote came from and the voter’s segments and recruitment source', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des cinémas en plein air l’été']);
    const breton = await person(['participant'], { segments: { age_band: '25-34', region: 'Bretagne' }, source: 'newsletter' });
    const plain = await person();
    await vote(client, breton, proposal!, 'agree', { source: 'widget' });
    await vote(client, plain, proposal!, 'neutral', { source: 'proposal' });
    const rows = await votesOn(proposal!);
    const byUser = Object.fromEntries(rows.map((row) => [row.user_id, row]));
    expect(byUser[breton.id]).toMatchObject({ vote: 'agree', source: 'widget', trusted: true, segments: { age_band: '25-34', region: 'Bretagne', source: 'newsletter' } });
    expect(byUser[plain.id]).toMatchObject({ vote: 'neutral', source: 'proposal', segments: {} });
    // Sequence votes count the card stack and the widget, not a proposal's own page.
    expect((await stored(proposal!)).sequence_votes).toBe(1);
  });

  it('keeps the counters equal to a recount of the trusted votes after a mixed series of votes and qualifications', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des ateliers d’écriture dans les prisons']);
    const people = await Promise.all(Array.from({ length: 6 }, () => person()));
    const [a, b, c, d, e, f] = people as [Person, Person, Person, Person, Person, Person];
    await vote(client, a, proposal!, 'agree');
    await qualify(client, a, proposal!, 'likeIt');
    await vote(client, b, proposal!, 'disagree', { source: 'proposal' });
    await qualify(client, b, proposal!, 'noWay');
    await qualify(client, b, proposal!, 'impossible');
    await vote(client, c, proposal!, 'neutral', { key: false });
    await qualify(client, c, proposal!, 'noOpinion');
    await vote(client, d, proposal!, 'agree', { source: 'widget' });
    await qualify(client, d, proposal!, 'doable');
    await vote(client, d, proposal!, 'neutral', { source: 'widget' });
    await qualify(client, d, proposal!, 'doNotCare');
    await vote(client, e, proposal!, 'disagree');
    await qualify(client, b, proposal!, 'noWay', false);
    await vote(client, f, proposal!, 'agree', { key: 'forged-key-of-thirty-two-chars!!' });
    await vote(client, a, proposal!, 'agree');
    const recount = await expectCountersMatchVotes(proposal!);
    expect(recount).toEqual({ agree: 1, disagree: 2, neutral: 1, sequenceVotes: 3, untrusted: 2, qualifications: { likeIt: 1, impossible: 1, doNotCare: 1 } });
  });

  it('ends with one vote and exact counters when one participant sends the same vote ten times at once', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des places de théâtre à un euro']);
    const voter = await person();
    const key = await cardKey(database.db, proposal!, voter.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.act<VoteOutcome>(voter, 'vote', { proposalId: proposal!, vote: 'agree', key, source: 'sequence' })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await votesOn(proposal!)).toHaveLength(1);
    expect(await expectCountersMatchVotes(proposal!)).toMatchObject({ agree: 1, disagree: 0, neutral: 0, sequenceVotes: 1 });
  });

  it('ends with one vote and exact counters when different votes and qualifications of one participant arrive at once', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['des musées itinérants dans les zones rurales']);
    const voter = await person();
    const key = await cardKey(database.db, proposal!, voter.id);
    await client.act(voter, 'vote', { proposalId: proposal!, vote: 'agree', key, source: 'sequence' });
    const choices = ['agree', 'disagree', 'neutral'];
    const qualifications = ['likeIt', 'noWay', 'noOpinion', 'doable', 'impossible'];
    const requests = Array.from({ length: 16 }, (_, index) =>
      index % 2 === 0
        ? client.act(voter, 'vote', { proposalId: proposal!, vote: choices[index % 3]!, key, source: index % 4 === 0 ? 'sequence' : 'proposal' })
        : client.act(voter, 'qualify', { proposalId: proposal!, qualification: qualifications[index % 5]!, on: '1' }),
    );
    const answers = await Promise.all(requests);
    // A qualification that did not fit the vote of the moment is refused; nothing else is.
    expect(answers.every((answer) => answer.status === 200 || (answer.status === 400 && answer.errors.qualification === 'qualification.mismatch'))).toBe(true);
    expect(await votesOn(proposal!)).toHaveLength(1);
    const recount = await expectCountersMatchVotes(proposal!);
    expect(recount.agree + recount.disagree + recount.neutral).toBe(1);
  });

  it('counts every participant when many vote on the same proposal at once', async () => {
    const { client, person, accepted } = await scene();
    const [proposal] = await accepted(['une carte culture pour chaque jeune']);
    const voters = await Promise.all(Array.from({ length: 12 }, () => person()));
    const choices = ['agree', 'disagree', 'neutral'];
    await Promise.all(voters.map((voter, index) => vote(client, voter, proposal!, choices[index % 3]!).then(() => qualify(client, voter, proposal!, index % 3 === 0 ? 'likeIt' : index % 3 === 1 ? 'noWay' : 'noOpinion'))));
    expect(await votesOn(proposal!)).toHaveLength(12);
    expect(await expectCountersMatchVotes(proposal!)).toEqual({ agree: 4, disagree: 4, neutral: 4, sequenceVotes: 12, untrusted: 0, qualifications: { likeIt: 4, noWay: 4, noOpinion: 4 } });
  });

  it('lets a pseudonymous participant vote where the consultation allows anonymity', async () => {
    const { client, person, accepted } = await scene({ anonymity: 'allowed' });
    const [proposal] = await accepted(['des concerts gratuits dans les quartiers']);
    const pseudonym = await person(['participant'], { anonymous: true });
    expect((await vote(client, pseudonym, proposal!, 'agree')).result.counts.agree).toBe(1);
    const page = (await client.read(pseudonym, { proposal: proposal! })).page;
    expect(page.viewer).toMatchObject({ signedIn: true, mayVote: true });
    expect(page.proposal).toMatchObject({ myVote: { vote: 'agree', qualifications: [] }, counts: { agree: 1, total: 1 } });
  });
});

describe('a proposal’s page and the author’s own proposals', () => {
  it('shows the counts only once the reader has voted, and always to moderators', async () => {
    const { client, person, accepted } = await scene();
    const author = await person(['participant'], { anonymous: true, name: 'Renard bleu' });
    const [proposal] = await accepted(['des résidences d’artistes dans les écoles'], author.id);
    const pseudonym = (await database.db.selectFrom('users').select('pseudonym').where('id', '=', author.id).executeTakeFirstOrThrow()).pseudonym;
    const reader = await person();
    await vote(client, await person(), proposal!, 'disagree');

    const before = (await client.read(reader, { proposal: proposal! })).page;
    expect(before.view).toBe('proposal');
    expect(before.proposal).toMatchObject({ counts: null, myVote: null, authorName: pseudonym, source: 'proposal' });
    await client.act(reader, 'vote', { proposalId: proposal!, vote: 'agree', key: before.proposal!.key!, source: 'proposal' });
    const after = (await client.read(reader, { proposal: proposal! })).page.proposal;
    expect(after).toMatchObject({ counts: { agree: 1, disagree: 1, total: 2 }, myVote: { vote: 'agree' } });

    const moderator = (await client.read(await person(['moderator']), { proposal: proposal! })).page.proposal;
    expect(moderator?.counts).toMatchObject({ total: 2 });
    expect((await client.read(reader, { proposal: randomUUID() })).page.proposal).toBeNull();
  });

  it('lists the author’s proposals with their status and, when refused, why, in words they understand', async () => {
    const { client, person } = await scene();
    const author = await person();
    const ids: string[] = [];
    for (const body of ['des bibliothèques ouvertes le dimanche', 'des musées gratuits et des concerts et des parcs', 'des cours de danse pour les aînés']) {
      ids.push((await client.act<ProposeResult>(author, 'propose', { body })).result.proposalId);
    }
    await setStatus(database.db, [ids[0]!], 'accepted');
    await setStatus(database.db, [ids[1]!], 'refused', 'severalIdeas');
    await vote(client, await person(), ids[0]!, 'agree');

    const mine = (await client.read(author, { view: 'mine' })).page.mine!.proposals;
    expect(mine.map((proposal) => [proposal.body, proposal.status, proposal.refusalReason])).toEqual([
      ['des cours de danse pour les aînés', 'pending', null],
      ['des musées gratuits et des concerts et des parcs', 'refused', 'severalIdeas'],
      ['des bibliothèques ouvertes le dimanche', 'accepted', null],
    ]);
    expect(mine[2]!.counts).toMatchObject({ agree: 1, total: 1 });
    expect((await client.read(await person(), { view: 'mine' })).page.mine!.proposals).toEqual([]);

    const html = readable((await client.html(author, { view: 'mine' })).html);
    expect(html).toContain('Elle contient plusieurs idées : proposez-les chacune séparément.');
    expect(html).toContain('En attente de modération');
  });

  it('draws the propose form with the prefix before the field, and offers a visitor to take part', async () => {
    const { client, person } = await scene();
    const page = readable((await client.html(await person(), { view: 'propose' })).html);
    expect(page).toContain('Complétez la phrase « Il faut… »');
    expect(page).toMatch(/<span class="proposals-propose__prefix"[^>]*>Il faut<\/span>/);
    expect(page).toContain('name="themeId"');
    const visitor = readable((await client.html(null, { view: 'propose' })).html);
    expect(visitor).toContain('Participez pour proposer');
    expect(visitor).not.toContain('name="body"');
  });
});

describe('the strategist’s settings', () => {
  const fields = (changes: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      prefix_fr: 'Je propose de',
      prefix_en: 'I propose to',
      minChars: '10',
      maxChars: '200',
      askTheme: 'on',
      cards: '15',
      newShare: '25',
      newThreshold: '8',
      controversyShare: '12,5',
      cap: '2 000',
      rejectionBound: '20',
      ...changes,
    }).filter(([, value]) => value !== '');
  const storedConfig = async (instanceId: string) =>
    (await database.db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow()).config as ProposalsConfig;

  it('saves the prefix per language, the lengths, the theme question and the sequence, as typed', async () => {
    const { client, person, instanceId } = await scene();
    const strategist = await person(['strategist']);
    expect(await client.saveSettings(strategist, fields({ askTheme: '' }))).toEqual({ status: 200, saved: true, errors: {} });
    expect(await storedConfig(instanceId)).toEqual({
      prefix: { fr: 'Je propose de', en: 'I propose to' },
      minChars: 10,
      maxChars: 200,
      askTheme: false,
      sequence: { cards: 15, newShare: 0.25, newThreshold: 8, controversyShare: 0.125, cap: 2000, rejectionBound: 0.2 },
      results: defaultResultsConfig,
    });
    // The new prefix is what proposers see, and what they may type again.
    const author = await person();
    const sent = await client.act<ProposeResult>(author, 'propose', { body: 'Je propose de créer des chorales' });
    expect((await stored(sent.result.proposalId)).body).toBe('créer des chorales');
    expect((await client.settings(strategist)).data?.settings.data).toMatchObject({ proposals: 1, themes: 2 });
  });

  it('refuses each mistake beside its field and keeps the previous settings', async () => {
    const { client, person, instanceId } = await scene();
    const strategist = await person(['strategist']);
    const mistakes: [Record<string, string>, Record<string, string>][] = [
      [{ prefix_fr: '' }, { prefix_fr: 'prefix.required' }],
      [{ prefix_en: 'x'.repeat(41) }, { prefix_en: 'prefix.tooLong' }],
      [{ minChars: '50', maxChars: '50' }, { maxChars: 'chars.order' }],
      [{ maxChars: '401' }, { maxChars: 'number.range' }],
      [{ minChars: '0' }, { minChars: 'number.range' }],
      [{ minChars: 'douze' }, { minChars: 'number.invalid' }],
      [{ cards: '' }, { cards: 'number.required' }],
      [{ cards: '51' }, { cards: 'number.range' }],
      [{ cards: '2.5' }, { cards: 'number.notWhole' }],
      [{ newShare: '120' }, { newShare: 'number.range' }],
      [{ cap: '5' }, { cap: 'number.range' }],
      [{ cap: '8', newThreshold: '10' }, { cap: 'number.range' }],
      [{ cap: '10', newThreshold: '10' }, { cap: 'cap.belowThreshold' }],
      [{ rejectionBound: '-1' }, { rejectionBound: 'number.invalid' }],
    ];
    for (const [changes, errors] of mistakes) {
      expect(await client.saveSettings(strategist, fields(changes)), JSON.stringify(changes)).toEqual({ status: 400, saved: false, errors });
    }
    expect(await storedConfig(instanceId)).toEqual(defaultProposalsConfig);
    const participant = await person();
    expect((await client.saveSettings(participant, fields())).status).toBe(403);
    expect(await storedConfig(instanceId)).toEqual(defaultProposalsConfig);
  });
});

describe('on the consultation page', () => {
  const summaryOf = async (slug: string, instanceId: string, who: Person | null, language = 'fr'): Promise<ProposalsSummaryData> => {
    const response = await fetch(`${app.url}/consultations/${slug}?_data=${encodeURIComponent('routes/consultations.$slug._index')}`, {
      headers: { 'Accept-Language': language, ...(who ? { Cookie: who.cookie } : {}) },
    });
    expect(response.status).toBe(200);
    const data = (await response.json()) as { modules: { id: string; kind: string; data: ProposalsSummaryData }[] };
    const module = data.modules.find((entry) => entry.id === instanceId);
    expect(module?.kind).toBe('proposals');
    return module!.data;
  };

  it('counts the published proposals and their trusted votes, and the backlog for moderators only', async () => {
    const { client, person, accepted, slug, instanceId, consultationId } = await scene();
    const [first, second] = await accepted(['des concerts gratuits en été', 'des bibliothèques ouvertes la nuit']);
    await insertProposals(database.db, instanceId, consultationId, [{ body: 'des musées dans les gares', status: 'pending' }, { body: 'hors sujet', status: 'refused' }]);
    await vote(client, await person(), first!, 'agree');
    await vote(client, await person(), second!, 'disagree');
    await vote(client, await person(), second!, 'neutral', { key: false });
    expect(await summaryOf(slug, instanceId, await person())).toEqual({ proposals: 2, votes: 2, pending: null, prefix: { text: 'Il faut', lang: 'fr' } });
    expect(await summaryOf(slug, instanceId, await person(['moderator']), 'en')).toEqual({ proposals: 2, votes: 2, pending: 1, prefix: { text: 'We should', lang: 'en' } });
  });
});

describe('the exports', () => {
  it('lists the accepted proposals with their counts and qualifications, and nothing of who wrote them', async () => {
    const { client, person, accepted, instanceId, consultationId, themes } = await scene();
    const author = await person(['participant'], { name: 'Zoé Martin' });
    const [proposal] = await accepted(['des chorales dans chaque quartier'], author.id);
    await database.db.updateTable('proposals').set({ theme_id: themes.culture }).where('id', '=', proposal!).execute();
    await insertProposals(database.db, instanceId, consultationId, [{ body: 'une proposition en attente', status: 'pending', authorId: author.id }]);
    const voter = await person();
    await vote(client, voter, proposal!, 'agree');
    await qualify(client, voter, proposal!, 'likeIt');
    await vote(client, await person(), proposal!, 'disagree', { key: false });

    const consultation = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirstOrThrow();
    const rows = await proposalExportRows({
      db: database.db,
      actor: visitor,
      consultation,
      instance: { id: instanceId, phase: 'ideation', config: defaultProposalsConfig, themeId: null },
      open: true,
      locale: 'fr',
      emit: () => {},
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ proposal: proposal, language: 'fr', text: 'Il faut des chorales dans chaque quartier', theme: 'culture', agree: 1, disagree: 0, neutral: 0, votes: 1, untrustedVotes: 1, likeIt: 1, noWay: 0 });
    expect(JSON.stringify(rows)).not.toContain(author.id);
    expect(JSON.stringify(rows)).not.toContain('Zoé');
  });
});
