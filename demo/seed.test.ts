import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../platform/db/database.server';
import { consultationBySlug, consultationStatus, listConsultations } from '../platform/consultations/consultations.server';
import { createTestDatabase } from '../test/database';
import { demoConsultations } from './content';
import { openQuestionsConfig } from '../modules/open-questions/manifest';
import { tokenVoteConfig } from '../modules/token-vote/manifest';
import { proposalsConfig } from '../modules/proposals/manifest';
import type { EmergenceResults } from '../modules/proposals/results-data';
import { checkProposalText } from '../modules/proposals/rules';
import { authenticate } from '../platform/auth/accounts.server';
import { demoStrategistEmail, seedDemo, seedDemoIfEmpty } from './seed.server';

let database: OpenDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('the demo seed', () => {
  it('fills an empty database with every demo consultation, its organisation and its themes', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const report = await seedDemoIfEmpty(database.db, { now, strategistPassword: 'demo password 123' });
    expect(report?.created).toEqual(demoConsultations.map((c) => c.slug));
    expect(report?.strategist).toEqual({ email: demoStrategistEmail, password: 'demo password 123' });
    const strategistRoles = await database.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.role')
      .where('u.email', '=', demoStrategistEmail)
      .execute();
    expect(strategistRoles).toEqual(demoConsultations.map(() => ({ role: 'strategist' })));
    expect(await authenticate(database.db, demoStrategistEmail, 'demo password 123')).not.toBeNull();

    const listed = await listConsultations(database.db);
    expect(listed.map((c) => `${c.slug}:${consultationStatus(c)}:${c.lifecycle_state}`).sort()).toEqual([
      'grand-debat-national:open:ideation',
      'halveo-futur-des-courses:open:appropriation',
      'weeuropeans:closed:closed',
    ]);
    const instances = await database.db.selectFrom('module_instances').select(['phase', 'kind']).execute();
    expect(instances.filter((instance) => instance.kind === 'notice').length).toBe(10);
    const threads = instances.filter((instance) => instance.kind === 'thread');
    expect(threads.length).toBeGreaterThan(0);
    expect(threads.every((thread) => thread.phase === 'ideation')).toBe(true);

    // The live debate has conversations, and ideas caught out of them with their sources.
    const posts = await database.db.selectFrom('posts').select(['status', 'parent_id']).execute();
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(posts.some((post) => post.parent_id !== null)).toBe(true);
    const extracts = await database.db.selectFrom('extracts').innerJoin('posts', 'posts.id', 'extracts.post_id').select('posts.body_html').execute();
    expect(extracts.length).toBeGreaterThanOrEqual(3);
    expect(extracts.every((extract) => extract.body_html.includes('<mark class="caught"'))).toBe(true);

    // Appropriation asks open questions, in French and English, and a few participants answered.
    const openQuestions = await database.db
      .selectFrom('module_instances')
      .innerJoin('consultations', 'consultations.id', 'module_instances.consultation_id')
      .select(['consultations.slug', 'module_instances.id', 'module_instances.phase', 'module_instances.config'])
      .where('module_instances.kind', '=', 'open-questions')
      .orderBy('consultations.slug')
      .execute();
    expect(openQuestions.map((instance) => `${instance.slug}:${instance.phase}`)).toEqual(['grand-debat-national:appropriation', 'halveo-futur-des-courses:appropriation']);
    for (const instance of openQuestions) {
      const config = openQuestionsConfig.parse(instance.config);
      expect(config.questions.length).toBeGreaterThanOrEqual(4);
      expect(config.questions.every((question) => question.text.fr && question.text.en)).toBe(true);
      const answers = await database.db.selectFrom('posts').select(['topic', 'status']).where('instance_id', '=', instance.id).execute();
      expect(answers.length).toBeGreaterThanOrEqual(4);
      expect(answers.every((answer) => config.questions.some((question) => question.id === answer.topic))).toBe(true);
    }
    // Halvéo reads every contribution first: one answer still waits for its moderator.
    const halveoAnswers = await database.db.selectFrom('posts').select('status').where('instance_id', '=', openQuestions[1]!.id).execute();
    expect(halveoAnswers.filter((answer) => answer.status === 'awaiting')).toHaveLength(1);

    // Prioritisation weighs the caught ideas and two more with tokens, every one valid under the module's schema.
    const votes = await database.db
      .selectFrom('module_instances')
      .innerJoin('consultations', 'consultations.id', 'module_instances.consultation_id')
      .select(['consultations.slug', 'module_instances.phase', 'module_instances.config'])
      .where('module_instances.kind', '=', 'token-vote')
      .execute();
    expect(votes.map((instance) => `${instance.slug}:${instance.phase}`)).toEqual(['grand-debat-national:prioritisation']);
    const vote = tokenVoteConfig.parse(votes[0]!.config);
    const voted = await database.db.selectFrom('ideas').select('title').where('id', 'in', vote.items.map((item) => item.id)).execute();
    expect(voted.map((idea) => idea.title)).toEqual(expect.arrayContaining(['Renforcer les moyens du contrôle fiscal', 'Donner un effet au vote blanc']));
    expect(voted).toHaveLength(4);

    // Ideation collects proposals ("Il faut…"): most accepted and voted on, a few waiting for a
    // moderator (one shouting), one refused with its reason, two duplicates grouped into one idea.
    const proposalInstances = await database.db
      .selectFrom('module_instances')
      .innerJoin('consultations', 'consultations.id', 'module_instances.consultation_id')
      .select(['consultations.slug', 'module_instances.id', 'module_instances.phase', 'module_instances.config'])
      .where('module_instances.kind', '=', 'proposals')
      .orderBy('consultations.slug')
      .execute();
    expect(proposalInstances.map((instance) => `${instance.slug}:${instance.phase}`)).toEqual(['grand-debat-national:ideation', 'weeuropeans:ideation']);
    const proposalsOf = (instanceId: string) => database.db.selectFrom('proposals').selectAll().where('instance_id', '=', instanceId).execute();
    const debateConfig = proposalsConfig.parse(proposalInstances[0]!.config);
    expect(debateConfig.prefix).toEqual({ fr: 'Il faut', en: 'We should' });
    const debateProposals = await proposalsOf(proposalInstances[0]!.id);
    expect(debateProposals.length).toBeGreaterThanOrEqual(25);
    for (const proposal of debateProposals) {
      expect(checkProposalText(proposal.body, debateConfig.prefix.fr!, { min: debateConfig.minChars, max: debateConfig.maxChars }), proposal.body).toEqual({ ok: true, text: proposal.body });
    }
    const byStatus = (status: string) => debateProposals.filter((proposal) => proposal.status === status);
    expect(byStatus('accepted').length).toBeGreaterThanOrEqual(20);
    expect(byStatus('pending').length).toBeGreaterThanOrEqual(3);
    expect(byStatus('pending').some((proposal) => proposal.body === proposal.body.toUpperCase())).toBe(true);
    expect(byStatus('refused').map((proposal) => proposal.refusal_reason)).toEqual(['advertising']);
    const grouped = debateProposals.filter((proposal) => proposal.idea_id !== null);
    expect(grouped).toHaveLength(2);
    expect(grouped[0]!.idea_id).toBe(grouped[1]!.idea_id);
    expect(byStatus('accepted').every((proposal) => proposal.agree + proposal.disagree + proposal.neutral >= 10)).toBe(true);
    expect(debateProposals.filter((proposal) => proposal.status !== 'accepted').every((proposal) => proposal.agree + proposal.disagree + proposal.neutral === 0)).toBe(true);
    // Counters say what the vote rows say, as the module keeps them vote by vote.
    const ballots = await database.db.selectFrom('proposal_votes').select(['proposal_id', 'vote', 'qualifications', 'source', 'trusted']).execute();
    for (const proposal of [...debateProposals, ...(await proposalsOf(proposalInstances[1]!.id))]) {
      const mine = ballots.filter((vote) => vote.proposal_id === proposal.id && vote.trusted);
      const qualified: Record<string, number> = {};
      for (const key of mine.flatMap((vote) => vote.qualifications)) qualified[key] = (qualified[key] ?? 0) + 1;
      expect({ agree: proposal.agree, disagree: proposal.disagree, neutral: proposal.neutral, sequence: proposal.sequence_votes, qualifications: proposal.qualifications }).toEqual({
        agree: mine.filter((vote) => vote.vote === 'agree').length,
        disagree: mine.filter((vote) => vote.vote === 'disagree').length,
        neutral: mine.filter((vote) => vote.vote === 'neutral').length,
        sequence: mine.filter((vote) => vote.source === 'sequence' || vote.source === 'widget').length,
        qualifications: qualified,
      });
    }
    // WeEuropeans, closed, keeps the ten proposals Europeans endorsed, each with many votes.
    const endorsed = await proposalsOf(proposalInstances[1]!.id);
    expect(endorsed).toHaveLength(10);
    expect(endorsed.every((proposal) => proposal.status === 'accepted' && proposal.agree > proposal.disagree && proposal.agree + proposal.disagree + proposal.neutral >= 60)).toBe(true);

    // Both have their results computed at seeding: the debate's planted consensus, controversies
    // and rejections come out as such, its two camps as opinion groups, its voters by region and
    // age band (weighted to the population's ages); WeEuropeans' ten proposals are all consensus.
    const stored = await database.db.selectFrom('proposal_results').select(['instance_id', 'results']).execute();
    const resultsOf = (instanceId: string) => stored.find((row) => row.instance_id === instanceId)?.results as EmergenceResults;
    const debateResults = resultsOf(proposalInstances[0]!.id);
    expect(debateResults.proposals).toHaveLength(byStatus('accepted').length);
    expect(debateResults.tops.consensus.length).toBeGreaterThanOrEqual(3);
    expect(debateResults.tops.controversy.length).toBeGreaterThanOrEqual(2);
    expect(debateResults.tops.rejection.length).toBeGreaterThanOrEqual(1);
    expect(debateResults.groups?.k).toBeGreaterThanOrEqual(2);
    expect(debateResults.segments.map((segment) => segment.field)).toEqual(expect.arrayContaining(['region', 'age_band', 'gender', 'source']));
    expect(debateResults.segments.find((segment) => segment.field === 'region')!.hiddenVoters).toBeGreaterThan(0);
    expect(debateResults.weighting?.fields).toEqual(['age_band']);
    expect(resultsOf(proposalInstances[1]!.id).zoneCounts.consensus).toBe(10);

    const debate = await consultationBySlug(database.db, 'grand-debat-national');
    expect(debate?.consultation.question.fr).toBe('Comment transformer la France ensemble ?');
    expect(debate?.consultation.languages).toEqual(['fr', 'en']);
    expect(debate?.themes.length).toBeGreaterThanOrEqual(4);
    expect(debate?.themes.every((theme) => theme.children.length > 0)).toBe(true);
  });

  it('does not seed a database that already has a consultation', async () => {
    expect(await seedDemoIfEmpty(database.db)).toBeNull();
  });

  it('changes nothing when run again, and leaves edited consultations alone', async () => {
    await database.db
      .updateTable('consultations')
      .set({ question: { fr: 'Question modifiée', en: 'Edited question' } })
      .where('slug', '=', 'weeuropeans')
      .execute();
    const themesBefore = await database.db.selectFrom('themes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const votesBefore = await database.db.selectFrom('proposal_votes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();

    const report = await seedDemo(database.db);

    expect(report.created).toEqual([]);
    expect(report.strategist).toBeNull();
    expect(report.alreadyPresent).toHaveLength(demoConsultations.length);
    const themesAfter = await database.db.selectFrom('themes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number(themesAfter?.n)).toBe(Number(themesBefore?.n));
    const votesAfter = await database.db.selectFrom('proposal_votes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number(votesAfter?.n)).toBe(Number(votesBefore?.n));
    const edited = await consultationBySlug(database.db, 'weeuropeans');
    expect(edited?.consultation.question.en).toBe('Edited question');
  });
});
