import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../platform/db/database.server';
import { migrateToLatest } from '../../platform/db/migrate.server';
import { useTestApp, type RunningApp } from '../../test/app';
import { createTestDatabase, usingRealPostgres } from '../../test/database';
import { defaultProposalsConfig } from './manifest';
import { ImportError, importProposalsCsv, type ImportOptions } from './import.server';
import { openConsultation, proposalsClient, recountVotes, type MassiveConsultation } from './test-factories';

/*
 * `npm run import`: proposals and votes gathered elsewhere, loaded from a CSV file into a
 * proposals instance. A valid file lands whole (counters equal to a recount, voters as
 * pseudonymous participants with their segments), every bad row is turned down with its line and
 * a reason and leaves nothing behind, a second run imports nothing twice, a dry run writes
 * nothing, French Excel's files (semicolons, byte-order mark) read the same, and the command line
 * reports and exits as documented in docs/import.md.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

const fixture = (name: string) => fs.readFile(path.join(import.meta.dirname, 'import-fixtures', name), 'utf8');
const importInto = (consultation: MassiveConsultation, text: string, options: Partial<ImportOptions> = {}) =>
  importProposalsCsv(database.db, { consultationSlug: consultation.slug, text, ...options });

const proposalsOf = (consultation: MassiveConsultation) =>
  database.db.selectFrom('proposals').selectAll().where('instance_id', '=', consultation.instanceId).orderBy('external_ref').execute();
const proposalByRef = async (consultation: MassiveConsultation, ref: string) =>
  database.db.selectFrom('proposals').selectAll().where('instance_id', '=', consultation.instanceId).where('external_ref', '=', ref).executeTakeFirstOrThrow();
const votesOf = (consultation: MassiveConsultation) =>
  database.db
    .selectFrom('proposal_votes')
    .innerJoin('proposals', 'proposals.id', 'proposal_votes.proposal_id')
    .innerJoin('imported_voters', (join) => join.onRef('imported_voters.user_id', '=', 'proposal_votes.user_id').on('imported_voters.instance_id', '=', consultation.instanceId))
    .select(['proposals.external_ref as ref', 'imported_voters.external_ref as voter', 'proposal_votes.vote', 'proposal_votes.qualifications', 'proposal_votes.source', 'proposal_votes.trusted', 'proposal_votes.segments', 'proposal_votes.created_at'])
    .where('proposals.instance_id', '=', consultation.instanceId)
    .orderBy('proposals.external_ref')
    .orderBy('imported_voters.external_ref')
    .execute();
const voterId = async (consultation: MassiveConsultation, ref: string) =>
  (await database.db.selectFrom('imported_voters').select('user_id').where('instance_id', '=', consultation.instanceId).where('external_ref', '=', ref).executeTakeFirstOrThrow()).user_id;

/** Everything an import may write for a consultation, counted. */
async function footprint(consultation: MassiveConsultation) {
  const countOf = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
  return {
    proposals: await countOf(database.db.selectFrom('proposals').select((eb) => eb.fn.countAll().as('n')).where('instance_id', '=', consultation.instanceId).executeTakeFirstOrThrow()),
    votes: await countOf(
      database.db
        .selectFrom('proposal_votes')
        .innerJoin('proposals', 'proposals.id', 'proposal_votes.proposal_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('proposals.instance_id', '=', consultation.instanceId)
        .executeTakeFirstOrThrow(),
    ),
    voters: await countOf(database.db.selectFrom('imported_voters').select((eb) => eb.fn.countAll().as('n')).where('instance_id', '=', consultation.instanceId).executeTakeFirstOrThrow()),
    members: await countOf(database.db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('consultation_id', '=', consultation.consultationId).executeTakeFirstOrThrow()),
    segments: await countOf(database.db.selectFrom('participant_segments').select((eb) => eb.fn.countAll().as('n')).where('consultation_id', '=', consultation.consultationId).executeTakeFirstOrThrow()),
    users: await countOf(database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
  };
}

async function expectCountersEqualRecount(consultation: MassiveConsultation) {
  for (const proposal of await proposalsOf(consultation)) {
    const { stored, recount } = await recountVotes(database.db, proposal.id);
    expect(stored, `counters of ${proposal.external_ref}`).toEqual(recount);
  }
}

describe('a valid file', () => {
  it('imports every proposal and vote, with counters equal to a recount', async () => {
    const consultation = await openConsultation(database.db, app);
    const report = await importInto(consultation, await fixture('valid.csv'));

    expect(report).toMatchObject({ dryRun: false, instanceId: consultation.instanceId, rows: 13, proposalsImported: 5, proposalsAlreadyImported: 0, votesImported: 8, votesAlreadyThere: 0, votersCreated: 4, rejected: [] });
    const p1 = await proposalByRef(consultation, 'P1');
    expect(p1).toMatchObject({
      body: 'ouvrir les musées gratuitement le dimanche',
      original_body: 'Il faut ouvrir les musées gratuitement le dimanche',
      language: 'fr',
      theme_id: consultation.themes.culture,
      tags: ['musées', 'gratuité'],
      status: 'accepted',
      source: 'import',
      author_id: await voterId(consultation, 'V1'),
      agree: 2,
      disagree: 1,
      neutral: 0,
      qualifications: { likeIt: 1, doable: 1, noWay: 1 },
    });
    expect(p1.created_at.toISOString()).toBe('2024-03-02T00:00:00.000Z');
    expect(p1.moderated_at).not.toBeNull();
    // The text without its prefix, a theme by its slug, a date with its offset.
    const p2 = await proposalByRef(consultation, 'P2');
    expect(p2).toMatchObject({ body: 'créer des pistes cyclables, sûres et continues, entre les communes', theme_id: consultation.themes.transport, author_id: null, neutral: 1, disagree: 1 });
    expect(p2.created_at.toISOString()).toBe('2024-03-02T09:15:00.000Z');
    expect(await proposalByRef(consultation, 'P3')).toMatchObject({ body: 'fund travelling libraries in rural areas', language: 'en', theme_id: null, agree: 1, neutral: 1 });
    expect(await proposalByRef(consultation, 'P4')).toMatchObject({ status: 'pending', moderated_at: null, language: 'fr' });
    // A quoted text over two lines, its spaces collapsed.
    expect(await proposalByRef(consultation, 'P5')).toMatchObject({ body: 'rénover les salles des fêtes des villages', agree: 1, qualifications: { likeIt: 1 } });
    await expectCountersEqualRecount(consultation);

    const votes = await votesOf(consultation);
    expect(votes.map(({ ref, voter, vote, qualifications }) => [ref, voter, vote, qualifications])).toEqual([
      ['P1', 'V1', 'agree', ['likeIt', 'doable']],
      ['P1', 'V2', 'agree', []],
      ['P1', 'V3', 'disagree', ['noWay']],
      ['P2', 'V1', 'neutral', ['doNotUnderstand']],
      ['P2', 'V2', 'disagree', ['impossible', 'platitudeDisagree']],
      ['P3', 'V3', 'agree', []],
      ['P3', 'V4', 'neutral', []],
      ['P5', 'V4', 'agree', ['likeIt']],
    ]);
    expect(votes.every((vote) => vote.source === 'import' && vote.trusted)).toBe(true);
    expect(votes[0]!.created_at.toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(votes[0]!.segments).toEqual({ region: 'Bretagne', age_band: '25-34', source: 'atelier-rennes' });
    // A voter's segments given on an earlier row carry over to their later votes.
    expect(votes[3]!.segments).toEqual({ region: 'Bretagne', age_band: '25-34', source: 'atelier-rennes' });
    expect(votes[6]!.segments).toEqual({ region: 'Occitanie', age_band: '65+' });

    // The results are recomputed at once, with the imported votes in them.
    expect(report.results).toEqual({ refreshed: true, error: null });
    const stored = await database.db.selectFrom('proposal_results').select('results').where('instance_id', '=', consultation.instanceId).executeTakeFirstOrThrow();
    expect(stored.results).toMatchObject({ participation: { votes: 8, voters: 4 } });
  });

  it('makes each voter a pseudonymous participant with their segments and recruitment source', async () => {
    const consultation = await openConsultation(database.db, app, { segmentFields: ['age_band', 'region'] });
    await importInto(consultation, await fixture('valid.csv'));

    const people = await database.db
      .selectFrom('imported_voters')
      .innerJoin('users', 'users.id', 'imported_voters.user_id')
      .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'users.id').on('memberships.consultation_id', '=', consultation.consultationId))
      .select(['imported_voters.external_ref', 'users.id', 'users.email', 'users.is_anonymous', 'users.display_name', 'users.password_hash', 'memberships.role', 'memberships.source'])
      .where('imported_voters.instance_id', '=', consultation.instanceId)
      .orderBy('imported_voters.external_ref')
      .execute();
    expect(people.map((person) => person.external_ref)).toEqual(['V1', 'V2', 'V3', 'V4']);
    for (const person of people) {
      expect(person).toMatchObject({ email: null, is_anonymous: true, password_hash: null, role: 'participant' });
      // The name shows a hash of the reference, never the reference (it may be a workshop's list number or worse).
      expect(person.display_name).toMatch(/^Participant·e importé·e [0-9A-F]{6}$/);
      expect(person.display_name).not.toContain(person.external_ref);
    }
    // V1 first came as an author (no source), then voted from the Rennes workshop.
    expect(people.map((person) => person.source)).toEqual(['atelier-rennes', 'atelier-rennes', null, null]);

    const answers = await database.db
      .selectFrom('participant_segments')
      .innerJoin('imported_voters', 'imported_voters.user_id', 'participant_segments.user_id')
      .select(['imported_voters.external_ref', 'participant_segments.field', 'participant_segments.value'])
      .where('participant_segments.consultation_id', '=', consultation.consultationId)
      .orderBy('imported_voters.external_ref')
      .orderBy('participant_segments.field')
      .execute();
    expect(answers.map(({ external_ref, field, value }) => `${external_ref} ${field}=${value}`)).toEqual([
      'V1 age_band=25-34',
      'V1 region=Bretagne',
      'V2 age_band=35-49',
      'V2 region=Bretagne',
      'V3 region=Normandie',
      'V4 age_band=65+',
      'V4 region=Occitanie',
    ]);
  });

  it('keeps the segment answers a voter already has', async () => {
    const consultation = await openConsultation(database.db, app);
    await importInto(consultation, 'kind,ref,text,voter,vote,segment.region\nproposal,R1,Il faut des bancs à chaque arrêt de bus,,,\nvote,R1,,V1,agree,Bretagne\n');
    await importInto(consultation, 'kind,ref,text,voter,vote,segment.region\nproposal,R2,Il faut des fontaines dans chaque parc,,,\nvote,R2,,V1,agree,Normandie\n');
    const answers = await database.db.selectFrom('participant_segments').select('value').where('user_id', '=', await voterId(consultation, 'V1')).execute();
    expect(answers).toEqual([{ value: 'Bretagne' }]);
    // The vote itself keeps what its row said.
    expect((await votesOf(consultation)).map((vote) => vote.segments.region)).toEqual(['Bretagne', 'Normandie']);
  });

  it('saves the first value a file gives for a voter as their answer', async () => {
    const consultation = await openConsultation(database.db, app);
    await importInto(
      consultation,
      'kind,ref,text,voter,vote,segment.region\nproposal,F1,Il faut des bancs à chaque arrêt de bus,,,\nproposal,F2,Il faut des fontaines dans chaque parc,,,\nvote,F1,,V1,agree,Bretagne\nvote,F2,,V1,agree,Normandie\n',
    );
    const answers = await database.db.selectFrom('participant_segments').select('value').where('user_id', '=', await voterId(consultation, 'V1')).execute();
    expect(answers).toEqual([{ value: 'Bretagne' }]);
    expect((await votesOf(consultation)).map((vote) => vote.segments.region)).toEqual(['Bretagne', 'Normandie']);
  });
});

describe('bad rows', () => {
  it('are each rejected with their line and a reason, and nothing of them is written', async () => {
    const consultation = await openConsultation(database.db, app);
    const report = await importInto(consultation, await fixture('errors.csv'));

    expect(report.rejected.map(({ line, reason }) => [line, reason])).toEqual([
      [3, 'ref "E1" appears twice: line 2 already has it'],
      [4, 'text is too short: at least 12 characters after "Il faut"'],
      [5, 'text is too long: at most 140 characters after "Il faut"'],
      [6, 'ref is empty'],
      [7, 'text is empty'],
      [8, `language "de" is not one of the consultation's languages (fr, en)`],
      [9, `unknown theme "Sport": write the title, slug or id of one of the consultation's themes`],
      [10, 'created_at "31/12/2023" is not a date: write it as 2024-05-17 or 2024-05-17T14:30:00Z'],
      [11, 'status "refused" is unknown: write accepted or pending'],
      [12, 'too many tags (11): at most 10'],
      [13, 'created_at "2999-01-01" is in the future'],
      [14, 'unknown kind "idea": write proposal or vote'],
      [16, 'voter "W1" already voted on "E1" on line 15: the first vote counts'],
      [17, 'unknown proposal ref "NOPE": no proposal row above this one has it, nor an earlier import'],
      [18, `vote "maybe" is unknown: write agree, disagree or neutral (or d'accord, pas d'accord, neutre)`],
      [19, 'qualification "noWay" does not go with the vote agree (agree takes likeIt, doable, platitudeAgree)'],
      [20, 'qualification "superbe" is unknown: write one of likeIt, doable, platitudeAgree, noWay, impossible, platitudeDisagree, doNotUnderstand, noOpinion, doNotCare'],
      [21, 'voter is empty'],
      [22, 'created_at "2024-13-01" is not a date: write it as 2024-05-17 or 2024-05-17T14:30:00Z'],
      [23, 'the row has 14 fields and the header 13: check the separators and quotes'],
      [25, 'proposal "E12" is pending: only accepted proposals take votes'],
      [26, 'a quoted field is not closed before the end of the file: check the quotes (") of this row'],
    ]);
    // The rejected row as it was, for the .rejected.csv file.
    expect(report.rejected[0]!.values).toMatchObject({ kind: 'proposal', ref: 'E1', text: "Il faut planter encore plus d'arbres dans les cours" });
    expect(report).toMatchObject({ rows: 25, proposalsImported: 2, votesImported: 1, votersCreated: 1 });

    const proposals = await proposalsOf(consultation);
    expect(proposals.map((proposal) => [proposal.external_ref, proposal.body, proposal.status])).toEqual([
      ['E1', "planter des arbres dans chaque cour d'école", 'accepted'],
      ['E12', 'attendre la décision des modérateurs', 'pending'],
    ]);
    // The first vote of W1 on E1 counts; no other voter (W2, W3, W4) was created.
    expect((await votesOf(consultation)).map(({ ref, voter, vote }) => [ref, voter, vote])).toEqual([['E1', 'W1', 'agree']]);
    expect(await footprint(consultation)).toMatchObject({ proposals: 2, votes: 1, voters: 1, members: 1, segments: 1 });
    expect(await proposalByRef(consultation, 'E1')).toMatchObject({ agree: 1, disagree: 0, qualifications: { likeIt: 1 } });
    await expectCountersEqualRecount(consultation);
  });

  it('name an ambiguous theme and follow the instance’s own length rules', async () => {
    const consultation = await openConsultation(database.db, app, { config: { minChars: 5, maxChars: 20 } });
    await database.db.insertInto('themes').values({ consultation_id: consultation.consultationId, parent_id: consultation.themes.culture, slug: 'acces', title: { fr: 'Transports', en: 'Getting there' } }).execute();
    const report = await importInto(consultation, 'kind,ref,text,theme\nproposal,A1,Il faut lire plus,culture\nproposal,A2,Il faut des bus gratuits,Transports\nproposal,A3,Il faut des bus gratuits le soir,\n');
    expect(report.rejected.map(({ line, reason }) => [line, reason])).toEqual([
      [3, 'theme "Transports" is ambiguous: 2 themes have this title; write its slug or id'],
      [4, 'text is too long: at most 20 characters after "Il faut"'],
    ]);
    expect(await proposalByRef(consultation, 'A1')).toMatchObject({ body: 'lire plus', theme_id: consultation.themes.culture });
  });
});

describe('running a file again', () => {
  it('imports nothing twice and leaves the counters as they were', async () => {
    const consultation = await openConsultation(database.db, app);
    const text = await fixture('valid.csv');
    await importInto(consultation, text);
    const before = await footprint(consultation);
    const countersBefore = (await proposalsOf(consultation)).map(({ external_ref, agree, disagree, neutral, qualifications }) => ({ external_ref, agree, disagree, neutral, qualifications }));

    const report = await importInto(consultation, text);
    expect(report).toMatchObject({ proposalsImported: 0, proposalsAlreadyImported: 5, votesImported: 0, votesAlreadyThere: 8, votersCreated: 0, rejected: [] });
    expect(await footprint(consultation)).toEqual(before);
    expect((await proposalsOf(consultation)).map(({ external_ref, agree, disagree, neutral, qualifications }) => ({ external_ref, agree, disagree, neutral, qualifications }))).toEqual(countersBefore);
  });

  it('adds only what is new, next to votes cast on the platform', async () => {
    const consultation = await openConsultation(database.db, app);
    await importInto(consultation, 'kind,ref,text,voter,vote\nproposal,N1,Il faut des jardins partagés partout,,\nvote,N1,,V1,agree\n');
    const p1 = await proposalByRef(consultation, 'N1');
    // Somebody votes on the platform meanwhile, through the module's own route.
    const person = await consultation.person(['participant']);
    const answer = await proposalsClient(app, consultation.slug, consultation.instanceId).act(person, 'vote', { proposalId: p1.id, vote: 'disagree', source: 'proposal' });
    expect(answer).toMatchObject({ status: 200, ok: true });

    const report = await importInto(consultation, 'kind,ref,text,voter,vote\nproposal,N1,Il faut des jardins partagés partout,,\nvote,N1,,V1,agree\nvote,N1,,V2,neutral\n');
    expect(report).toMatchObject({ proposalsAlreadyImported: 1, votesImported: 1, votesAlreadyThere: 1, votersCreated: 1 });
    await expectCountersEqualRecount(consultation);
    // The platform's vote came without a card key: kept, not counted.
    expect(await proposalByRef(consultation, 'N1')).toMatchObject({ agree: 1, neutral: 1, disagree: 0, untrusted_votes: 1 });
  });
});

describe('a dry run', () => {
  it('checks every row, reports what it would import and writes nothing', async () => {
    const consultation = await openConsultation(database.db, app);
    const before = await footprint(consultation);
    const report = await importInto(consultation, `${await fixture('valid.csv')}vote,P9,,,,,,,,V1,agree,,,,\n`, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, proposalsImported: 5, votesImported: 8, votersCreated: 4 });
    expect(report.rejected.map(({ line, reason }) => [line, reason])).toEqual([[16, 'unknown proposal ref "P9": no proposal row above this one has it, nor an earlier import']]);
    expect(await footprint(consultation)).toEqual(before);
  });
});

describe('French spreadsheets', () => {
  const semicolons = '\uFEFFkind;ref;text;voter;vote;qualifications;segment.region\r\nproposal;S1;"Il faut des bancs; et de l\'ombre ""partout""";;;;\r\n\r\nvote;S1;;A-001;D’accord;likeIt;Hauts-de-France\r\n';

  it('read semicolons, a byte-order mark, CR LF line ends and quoted fields', async () => {
    const consultation = await openConsultation(database.db, app);
    const report = await importInto(consultation, semicolons);
    expect(report).toMatchObject({ rows: 2, proposalsImported: 1, votesImported: 1, rejected: [] });
    expect(await proposalByRef(consultation, 'S1')).toMatchObject({ body: 'des bancs; et de l\'ombre "partout"', agree: 1, qualifications: { likeIt: 1 } });
    expect((await votesOf(consultation))[0]).toMatchObject({ voter: 'A-001', vote: 'agree', segments: { region: 'Hauts-de-France' } });
  });

  it('read the same from a stream cut anywhere, even inside a character', async () => {
    const consultation = await openConsultation(database.db, app);
    const bytes = Buffer.from(semicolons, 'utf8');
    const cut = bytes.indexOf(Buffer.from('’')) + 1;
    const report = await importProposalsCsv(database.db, { consultationSlug: consultation.slug, stream: Readable.from([bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)]) });
    expect(report).toMatchObject({ rows: 2, proposalsImported: 1, votesImported: 1, rejected: [] });
  });

  it('refuse a file that is not UTF-8, before writing anything', async () => {
    const consultation = await openConsultation(database.db, app);
    const latin1 = Buffer.from('kind;ref;text\nproposal;L1;Il faut des musées ouverts\n', 'latin1');
    await expect(importProposalsCsv(database.db, { consultationSlug: consultation.slug, stream: Readable.from([latin1]) })).rejects.toThrow(/not UTF-8 text: in Excel, save it as "CSV UTF-8/);
    expect((await footprint(consultation)).proposals).toBe(0);
  });
});

describe('mistakes that stop the import', () => {
  it('are a wrong consultation, instance or header, said in one line', async () => {
    const consultation = await openConsultation(database.db, app);
    const text = await fixture('valid.csv');
    await expect(importProposalsCsv(database.db, { consultationSlug: 'no-such-consultation', text })).rejects.toThrow(new ImportError('There is no consultation "no-such-consultation": give its slug, as in its address /consultations/<slug>.'));

    const thread = await database.db.insertInto('module_instances').values({ consultation_id: consultation.consultationId, phase: 'ideation', kind: 'thread', config: '{}', theme_id: null }).returning('id').executeTakeFirstOrThrow();
    await expect(importInto(consultation, text, { instanceId: thread.id })).rejects.toThrow(`The instance ${thread.id} is a "thread" module, not a proposals one: use ${consultation.instanceId} (ideation).`);
    await expect(importInto(consultation, text, { instanceId: 'not-an-id' })).rejects.toThrow(/has no module instance not-an-id: its proposals instances are/);

    const second = await database.db
      .insertInto('module_instances')
      .values({ consultation_id: consultation.consultationId, phase: 'deepening', kind: 'proposals', config: JSON.stringify(defaultProposalsConfig), theme_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(importInto(consultation, text)).rejects.toThrow(`has 2 proposals instances: choose one with --instance (${consultation.instanceId} (ideation), ${second.id} (deepening))`);
    const report = await importInto(consultation, text, { instanceId: second.id });
    expect(report).toMatchObject({ instanceId: second.id, proposalsImported: 5 });

    const other = await openConsultation(database.db, app);
    await expect(importInto(other, '')).rejects.toThrow(/The file is empty/);
    await expect(importInto(other, 'ref,text\nP1,Il faut des musées ouverts\n')).rejects.toThrow(/The header has no "kind" column/);
    await expect(importInto(other, 'kind,ref,texte\nproposal,P1,Il faut des musées ouverts\n')).rejects.toThrow('Unknown column "texte" in the header: the columns are kind, ref, text, language, theme, tags, author, created_at, status, voter, vote, qualifications and segment.<field> (see docs/import.md).');
    await expect(importInto(other, 'kind,ref,segment.Région\n')).rejects.toThrow(/does not name a segment/);
    expect(await footprint(other)).toMatchObject({ proposals: 0, votes: 0, voters: 0 });
  });
});

describe('a large file', () => {
  it('imports 20,000 votes in batches, with every counter equal to a recount', async () => {
    const consultation = await openConsultation(database.db, app);
    const choices = ['agree', 'disagree', 'neutral'] as const;
    const qualification = { agree: 'likeIt', disagree: 'noWay', neutral: 'noOpinion' };
    const lines = ['kind,ref,text,voter,vote,qualifications,segment.region'];
    for (let p = 0; p < 200; p++) lines.push(`proposal,L${p},Il faut essayer la proposition numéro ${p},,,,`);
    for (let v = 0; v < 100; v++) {
      for (let p = 0; p < 200; p++) {
        const vote = choices[(p * 7 + v * 3) % 3]!;
        lines.push(`vote,L${p},,voter-${v},${vote},${(p + v) % 4 === 0 ? qualification[vote] : ''},${['Bretagne', 'Normandie', 'Occitanie'][v % 3]}`);
      }
    }
    const progress: number[] = [];
    const report = await importInto(consultation, `${lines.join('\n')}\n`, { onProgress: ({ rows, total }) => progress.push(rows / total!) });

    expect(report).toMatchObject({ rows: 20_200, proposalsImported: 200, votesImported: 20_000, votersCreated: 100, rejected: [] });
    expect(progress.at(0)).toBe(0);
    expect(progress.at(-1)).toBe(1);
    const mismatched = await sql<{ id: string }>`
      select p.id from proposals p
      left join (
        select proposal_id,
          count(*) filter (where vote = 'agree') as agree,
          count(*) filter (where vote = 'disagree') as disagree,
          count(*) filter (where vote = 'neutral') as neutral,
          count(*) filter (where cardinality(qualifications) > 0) as qualified
        from proposal_votes group by proposal_id
      ) v on v.proposal_id = p.id
      where p.instance_id = ${consultation.instanceId}
        and (p.agree <> v.agree or p.disagree <> v.disagree or p.neutral <> v.neutral
          or coalesce((select sum(value::int) from jsonb_each_text(p.qualifications)), 0) <> v.qualified)`.execute(database.db);
    expect(mismatched.rows).toEqual([]);
    expect((await footprint(consultation)).votes).toBe(20_000);
  });
});

describe('the command line', () => {
  /** Runs `npm run import` as a person would, on a database of its own. */
  function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/import.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('imports a file, prints its report, writes the rejected rows and exits 0; a wrong consultation exits 1', { timeout: 180_000 }, async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'plenum-import-'));
    try {
      const file = path.join(folder, 'atelier.csv');
      await fs.writeFile(file, `${await fixture('valid.csv')}vote,P9,,,,,,,,V1,agree,,,,\n`);

      // The command uses DATABASE_URL like the server: the test's own schema then, else an embedded database in a folder.
      let env: Record<string, string>;
      let target: OpenDatabase;
      if (usingRealPostgres) {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
        const url = new URL(process.env.DATABASE_URL!);
        url.searchParams.set('options', `-c search_path=${rows[0]!.schema},public`);
        env = { DATABASE_URL: url.toString() };
        target = database;
      } else {
        const dataDir = path.join(folder, 'data');
        env = { DATABASE_URL: '', DATA_DIR: dataDir };
        target = await openDatabase({ kind: 'embedded', dataDir });
        await migrateToLatest(target.db);
      }
      const consultation = await openConsultation(target.db, app);
      if (!usingRealPostgres) await target.close();

      const run = await runCli([file, '--consultation', consultation.slug], env);
      expect(run.stderr).toMatch(/^import: 100% 14 \/ 14 rows · [\d,]+ rows\/s$/m);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Imported into instance ${consultation.instanceId} of "${consultation.slug}": 14 rows read.`);
      expect(run.stdout).toMatch(/proposals imported:\s+5\n/);
      expect(run.stdout).toMatch(/votes imported:\s+8\n/);
      expect(run.stdout).toMatch(/rejected rows:\s+1\n/);
      expect(run.stdout).toContain('line 16: unknown proposal ref "P9": no proposal row above this one has it, nor an earlier import');
      expect(run.stdout).toContain(`${file}.rejected.csv`);
      const rejected = await fs.readFile(`${file}.rejected.csv`, 'utf8');
      expect(rejected.split('\r\n')[0]).toBe('\uFEFF"kind","ref","text","language","theme","tags","author","created_at","status","voter","vote","qualifications","segment.region","segment.age_band","segment.source","line","reason"');
      expect(rejected).toContain('"vote","P9"');
      expect(rejected).toContain('"16","unknown proposal ref');

      const again = await runCli([file, '--consultation', consultation.slug, '--dry-run'], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^Dry run: nothing was written\. 14 rows checked\.\n/);
      expect(again.stdout).toMatch(/proposals already imported:\s+5\n/);
      expect(again.stdout).toMatch(/votes already there:\s+8\n/);

      const wrong = await runCli([file, '--consultation', 'no-such-consultation'], env);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('plenum: There is no consultation "no-such-consultation"');
      const missing = await runCli([path.join(folder, 'missing.csv'), '--consultation', consultation.slug], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`plenum: there is no file ${path.join(folder, 'missing.csv')}.\n`);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
