import { describe, expect, it } from 'vitest';
import { isCardKey } from '../../platform/auth/card-keys.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { ModuleContext } from '../../platform/modules/server';
import type { ConsultationRole } from '../../platform/roles';
import { useTestApp, type RunningApp } from '../../test/app';
import type { ProposalsConfig } from './manifest';
import { mulberry32 } from './sequence';
import type { SequenceData } from './sequence-data';
import { nextProposalsFor } from './sequence.server';
import { insertProposals, openConsultation, proposalsClient, type MassiveConsultation, type Person, type ProposalRow } from './test-factories';

/*
 * The card stack through the database and the real HTTP routes: what a participant is served,
 * the keys that make their votes count, and the widget's stack.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

async function scene(options: Parameters<typeof openConsultation>[2] = {}) {
  const consultation = await openConsultation(database.db, app, options);
  return { ...consultation, client: proposalsClient(app, consultation.slug, consultation.instanceId) };
}

/** Proposals by people who take part, each by a new author unless `authorId` says otherwise. */
async function proposals(consultation: MassiveConsultation, count: number, row: (index: number) => Partial<ProposalRow> = () => ({})): Promise<string[]> {
  const rows: ProposalRow[] = [];
  for (let index = 0; index < count; index++) {
    const fields = row(index);
    const authorId = fields.authorId === undefined ? (await consultation.person()).id : fields.authorId;
    rows.push({ body: `améliorer les choses, proposition numéro ${index}`, ...fields, authorId });
  }
  return insertProposals(database.db, consultation.instanceId, consultation.consultationId, rows);
}

/** The stack as the page serves it to `person`. */
async function stackOf(client: ReturnType<typeof proposalsClient>, person: Person | null, query: Record<string, string> = {}): Promise<SequenceData> {
  const { status, page } = await client.read(person, query);
  expect(status).toBe(200);
  expect(page.view).toBe('sequence');
  return page.sequence!;
}

/** A module context for calling the sequence service directly (as the dispatcher builds it). */
async function contextFor(consultation: MassiveConsultation, person: Person | null): Promise<ModuleContext<ProposalsConfig>> {
  const row = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultation.consultationId).executeTakeFirstOrThrow();
  const instance = await database.db.selectFrom('module_instances').selectAll().where('id', '=', consultation.instanceId).executeTakeFirstOrThrow();
  return {
    db: database.db,
    actor: { userId: person?.id ?? null, isAnonymous: false, isPlatformAdmin: false, roles: new Set<ConsultationRole>(person ? ['participant'] : []) },
    consultation: row,
    instance: { id: instance.id, phase: instance.phase, config: instance.config as ProposalsConfig, themeId: instance.theme_id },
    open: true,
    locale: 'en',
    emit: () => undefined,
  };
}

describe('the stack a participant is served', () => {
  it('never holds a proposal they voted, one of their own, one not accepted or past the cap, or two of one author or one idea', async () => {
    const consultation = await scene();
    const { client } = consultation;
    const camille = await consultation.person();
    const prolific = await consultation.person();
    const { id: ideaId } = await database.db.insertInto('ideas').values({ consultation_id: consultation.consultationId, title: 'Gratuité des musées', description: 'Regroupe les doublons.' }).returning('id').executeTakeFirstOrThrow();
    const own = await proposals(consultation, 3, () => ({ authorId: camille.id }));
    const byProlific = await proposals(consultation, 6, () => ({ authorId: prolific.id }));
    const duplicates = await proposals(consultation, 4, () => ({ ideaId }));
    const pending = await proposals(consultation, 3, () => ({ status: 'pending' }));
    const refused = await proposals(consultation, 3, () => ({ status: 'refused', refusalReason: 'rude' }));
    const postponed = await proposals(consultation, 2, () => ({ status: 'postponed' }));
    // Past the cap (1,500 trusted votes): it has been seen enough.
    const [capped] = await proposals(consultation, 1, () => ({ sequenceVotes: 1600, agree: 1400, disagree: 101 }));
    await proposals(consultation, 14, (index) => (index % 2 ? { sequenceVotes: 30, agree: 20, disagree: 10 } : {}));
    const notAccepted = new Set([...pending, ...refused, ...postponed]);

    // Camille votes on three cards of her first stack, with their keys, as the card stack does.
    const first = await stackOf(client, camille);
    expect(first.cards).toHaveLength(12);
    const voted = first.cards.slice(0, 3);
    for (const card of voted) {
      const answer = await client.act(camille, 'vote', { proposalId: card.id, vote: 'agree', key: card.key!, source: 'sequence' });
      expect(answer.status).toBe(200);
    }

    for (let round = 0; round < 8; round++) {
      const stack = round % 2 ? (await client.act<SequenceData>(camille, 'next', { source: 'sequence' })).result : await stackOf(client, camille);
      const shown = stack.cards.map((card) => card.id);
      expect(new Set(shown).size).toBe(shown.length);
      for (const id of shown) {
        expect(own).not.toContain(id);
        expect(notAccepted.has(id)).toBe(false);
        expect(voted.map((card) => card.id)).not.toContain(id);
        expect(id).not.toBe(capped);
      }
      expect(shown.filter((id) => byProlific.includes(id)).length).toBeLessThanOrEqual(1);
      expect(shown.filter((id) => duplicates.includes(id)).length).toBeLessThanOrEqual(1);
      // 14 others, 6 by one author, 4 in one idea, less 3 voted: still at least 13 to choose 12 from.
      expect(shown).toHaveLength(12);
      expect(stack.voted).toBe(3);
      expect(stack.exhausted).toBe(false);
    }
  });

  it('gives each card a key that binds the proposal to the reader, and a vote with it counts', async () => {
    const consultation = await scene();
    const { client } = consultation;
    await proposals(consultation, 5);
    const [dominique, sacha] = [await consultation.person(), await consultation.person()];
    const stack = await stackOf(client, dominique);
    expect(stack.cards).toHaveLength(5);
    for (const card of stack.cards) {
      expect(card.key).toEqual(expect.any(String));
      expect(await isCardKey(database.db, card.key!, card.id, dominique.id)).toBe(true);
      // Not Sacha's key, nor the key of another card.
      expect(await isCardKey(database.db, card.key!, card.id, sacha.id)).toBe(false);
    }
    expect(await isCardKey(database.db, stack.cards[0]!.key!, stack.cards[1]!.id, dominique.id)).toBe(false);

    const [withKey, borrowedKey] = stack.cards;
    expect((await client.act(dominique, 'vote', { proposalId: withKey!.id, vote: 'disagree', key: withKey!.key!, source: 'sequence' })).status).toBe(200);
    // Sacha sends Dominique's key: kept, never counted.
    expect((await client.act(sacha, 'vote', { proposalId: borrowedKey!.id, vote: 'agree', key: borrowedKey!.key!, source: 'sequence' })).status).toBe(200);
    const votes = await database.db.selectFrom('proposal_votes').select(['proposal_id', 'user_id', 'trusted', 'source']).where('proposal_id', 'in', [withKey!.id, borrowedKey!.id]).execute();
    expect(votes).toEqual(
      expect.arrayContaining([
        { proposal_id: withKey!.id, user_id: dominique.id, trusted: true, source: 'sequence' },
        { proposal_id: borrowedKey!.id, user_id: sacha.id, trusted: false, source: 'sequence' },
      ]),
    );
    const counters = await database.db.selectFrom('proposals').select(['id', 'disagree', 'agree', 'sequence_votes']).where('id', 'in', [withKey!.id, borrowedKey!.id]).execute();
    expect(counters.find((row) => row.id === withKey!.id)).toMatchObject({ disagree: 1, sequence_votes: 1 });
    expect(counters.find((row) => row.id === borrowedKey!.id)).toMatchObject({ agree: 0, sequence_votes: 0 });
  });

  it('shows a visitor the cards without keys: they join before voting', async () => {
    const consultation = await scene();
    await proposals(consultation, 4);
    const { status, page } = await consultation.client.read(null);
    expect(status).toBe(200);
    expect(page.viewer).toMatchObject({ signedIn: false, mayVote: false });
    expect(page.sequence!.cards).toHaveLength(4);
    expect(page.sequence!.cards.every((card) => card.key === null)).toBe(true);
    expect(page.sequence!.voted).toBe(0);
  });

  it('writes each card with the prefix of its language and the theme in the reader’s language', async () => {
    const consultation = await scene();
    const [french] = await proposals(consultation, 1, () => ({ body: 'ouvrir les musées le soir', language: 'fr', themeId: consultation.themes.culture }));
    const [english] = await proposals(consultation, 1, () => ({ body: 'run night buses on weekends', language: 'en', themeId: consultation.themes.transport }));
    const reader = await consultation.person();
    const stack = await stackOf(consultation.client, reader);
    expect(stack.cards.find((card) => card.id === french)).toMatchObject({ prefix: 'Il faut', body: 'ouvrir les musées le soir', lang: 'fr', theme: 'Culture' });
    expect(stack.cards.find((card) => card.id === english)).toMatchObject({ prefix: 'We should', body: 'run night buses on weekends', lang: 'en', theme: 'Transport' });
    // The page draws the first card of its own stack, marked with the proposal's language.
    const html = await consultation.client.html(reader);
    expect(html.status).toBe(200);
    const heading = /<h3[^>]*\blang="(\w+)"[^>]*><span class="proposal-text__prefix">([^<]+)<\/span> ([^<]+)<\/h3>/.exec(html.html);
    expect(heading).not.toBeNull();
    const [, lang, prefix, body] = heading!;
    expect([lang, prefix, body]).toEqual(lang === 'fr' ? ['fr', 'Il faut', 'ouvrir les musées le soir'] : ['en', 'We should', 'run night buses on weekends']);
  });

  it('says when the reader has voted on every proposal, and for a new consultation that there is none yet', async () => {
    const consultation = await scene();
    const reader = await consultation.person();
    expect(await stackOf(consultation.client, reader)).toEqual({ cards: [], source: 'sequence', exhausted: true, voted: 0 });
    await proposals(consultation, 2);
    const stack = await stackOf(consultation.client, reader);
    for (const card of stack.cards) await consultation.client.act(reader, 'vote', { proposalId: card.id, vote: 'neutral', key: card.key!, source: 'sequence' });
    const next = await consultation.client.act<SequenceData>(reader, 'next', { source: 'sequence' });
    expect(next.status).toBe(200);
    expect(next.result).toEqual({ cards: [], source: 'sequence', exhausted: true, voted: 2 });
  });

  it('serves the widget’s stack as such, and refuses an unknown source', async () => {
    const consultation = await scene();
    await proposals(consultation, 3);
    const reader = await consultation.person();
    const { page } = await consultation.client.read(reader, { embed: '1' });
    expect(page.embedded).toBe(true);
    expect(page.sequence!.source).toBe('widget');
    const next = await consultation.client.act<SequenceData>(reader, 'next', { source: 'widget' });
    expect(next.result.source).toBe('widget');
    expect(next.result.cards).toHaveLength(3);
    const wrong = await consultation.client.act(reader, 'next', { source: 'somewhere' });
    expect(wrong.status).toBe(400);
    expect(wrong.errors).toEqual({ source: 'source.unknown' });
  });

  it('serves no new stack once the phase is over', async () => {
    const consultation = await scene();
    await proposals(consultation, 3);
    const reader = await consultation.person();
    await consultation.moveTo('deepening');
    const next = await consultation.client.act(reader, 'next', { source: 'sequence' });
    expect(next.status).toBe(409);
  });
});

describe('the sequence at scale', () => {
  it('chooses a stack among 30,000 proposals, the reader’s votes left out (its speed: bench/proposal-sequence.ts)', async () => {
    const consultation = await scene();
    const reader = await consultation.person();
    const authors = await Promise.all(Array.from({ length: 50 }, () => consultation.person()));
    const rows: ProposalRow[] = Array.from({ length: 30_000 }, (_, index) => ({
      body: `proposition numéro ${index}`,
      authorId: authors[index % authors.length]!.id,
      sequenceVotes: index % 10 === 0 ? 3 : 40,
      agree: 20 + (index % 17),
      disagree: 20 - (index % 13),
      createdAt: new Date(Date.UTC(2026, 0, 1) + index * 1000),
    }));
    const ids = await insertProposals(database.db, consultation.instanceId, consultation.consultationId, rows);
    // The reader voted on the 1,000 oldest proposals, which the sequence would otherwise serve first.
    await database.db
      .insertInto('proposal_votes')
      .values(ids.slice(0, 1000).map((id) => ({ proposal_id: id, user_id: reader.id, vote: 'agree' as const, source: 'sequence' as const, trusted: true })))
      .execute();
    const context = await contextFor(consultation, reader);
    const cards = await nextProposalsFor(context, mulberry32(1));
    expect(cards).toHaveLength(12);
    const votedIds = new Set(ids.slice(0, 1000));
    expect(cards.some((card) => votedIds.has(card.id))).toBe(false);
    // The new cards are the oldest not voted: among the next ones in line.
    const newOnes = cards.map((card) => ids.indexOf(card.id)).filter((index) => index % 10 === 0);
    expect(newOnes.sort((a, b) => a - b)).toEqual([1000, 1010, 1020, 1030]);
  }, 60_000);
});
