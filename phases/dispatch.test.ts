import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../platform/db/database.server';
import type { Consultation } from '../platform/db/schema';
import type { ModuleServer } from '../platform/modules/server';
import { visitor } from '../platform/policy';
import { createTestDatabase } from '../test/database';
import { dispatchModuleAction, ModuleUnavailableError, moduleViewsFor } from './dispatch.server';

let database: OpenDatabase;
let consultation: Consultation;
const instances: Record<string, string> = {};

// A module kind of the test's own, to see which context the dispatcher hands to an action.
const calls: { open: boolean; phase: string }[] = [];
const echoServer: ModuleServer = {
  id: 'notice',
  load: async () => ({ loaded: true }),
  actions: {
    echo: async (context) => {
      calls.push({ open: context.open, phase: context.instance.phase });
      return 'done';
    },
    rankings: async (context) => context.rankings?.(),
    moderate: async (context) => {
      calls.push({ open: context.open, phase: context.instance.phase });
      return 'moderated';
    },
  },
  teamActions: ['moderate'],
  exportRows: async () => [],
  candidateItems: async () => 0,
  // Every instance ranks one item named after its phase, as a token vote ranks its priorities.
  ranking: async (context) => ({ name: { fr: 'Vote' }, valueName: { fr: 'Score' }, items: [{ title: context.instance.phase, rank: 1, value: 3, voters: 2 }] }),
};
const servers = { notice: echoServer };

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const organisation = await db.insertInto('organisations').values({ slug: 'org', name: 'Org' }).returning('id').executeTakeFirstOrThrow();
  consultation = await db
    .insertInto('consultations')
    .values({
      organisation_id: organisation.id,
      slug: 'dispatch',
      question: { fr: 'Question ?' },
      languages: ['fr'],
      default_language: 'fr',
      phases: ['appropriation', 'ideation', 'deepening'],
      lifecycle_state: 'ideation',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const phase of ['appropriation', 'ideation', 'deepening'] as const) {
    const row = await db
      .insertInto('module_instances')
      .values({ consultation_id: consultation.id, phase, kind: 'notice', config: JSON.stringify({ title: { fr: phase }, body: {} }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    instances[phase] = row.id;
  }
});
afterAll(() => database?.close());

describe('the module dispatcher', () => {
  it('shows the current phase’s modules open, past ones read-only, and does not load future ones', async () => {
    const views = await moduleViewsFor(database.db, visitor, consultation, 'fr');
    expect(views.map((view) => [view.phase, view.open])).toEqual([
      ['appropriation', false],
      ['ideation', true],
    ]);
    expect(views[1]?.config).toEqual({ title: { fr: 'ideation' }, body: {} });
  });

  it('runs an action of a module of the current phase, telling it that it is open', async () => {
    const form = new FormData();
    await expect(
      dispatchModuleAction(database.db, { actor: visitor, consultation, instanceId: instances.ideation!, action: 'echo', form, locale: 'fr', servers }),
    ).resolves.toBe('done');
    expect(calls).toEqual([{ open: true, phase: 'ideation' }]);
  });

  it('refuses actions of a past or future phase’s module, an unknown action, and another consultation’s instance', async () => {
    const attempt = (instanceId: string, action = 'echo', target = consultation) =>
      dispatchModuleAction(database.db, { actor: visitor, consultation: target, instanceId, action, form: new FormData(), locale: 'fr', servers });
    await expect(attempt(instances.appropriation!)).rejects.toMatchObject({ code: 'closed' });
    await expect(attempt(instances.deepening!)).rejects.toMatchObject({ code: 'closed' });
    await expect(attempt(instances.ideation!, 'nope')).rejects.toMatchObject({ code: 'unknownAction' });
    await expect(attempt(instances.ideation!, 'echo', { ...consultation, id: '00000000-0000-0000-0000-000000000000' })).rejects.toBeInstanceOf(ModuleUnavailableError);
    expect(calls).toHaveLength(1);
  });

  it('lets the team’s actions through once their phase is over, never before it opens', async () => {
    const attempt = (instanceId: string, action: string) =>
      dispatchModuleAction(database.db, { actor: visitor, consultation, instanceId, action, form: new FormData(), locale: 'fr', servers });
    await expect(attempt(instances.appropriation!, 'moderate')).resolves.toBe('moderated');
    await expect(attempt(instances.appropriation!, 'echo')).rejects.toMatchObject({ code: 'closed' });
    await expect(attempt(instances.deepening!, 'moderate')).rejects.toMatchObject({ code: 'closed' });
    expect(calls.at(-1)).toEqual({ open: false, phase: 'appropriation' });
  });

  it('hands a module what the consultation’s other instances rank, in the order of the phases, never its own', async () => {
    const rankings = await dispatchModuleAction(database.db, { actor: visitor, consultation, instanceId: instances.ideation!, action: 'rankings', form: new FormData(), locale: 'fr', servers });
    expect(rankings).toEqual([
      { instanceId: instances.appropriation, phase: 'appropriation', name: { fr: 'Vote' }, valueName: { fr: 'Score' }, items: [{ title: 'appropriation', rank: 1, value: 3, voters: 2 }] },
      { instanceId: instances.deepening, phase: 'deepening', name: { fr: 'Vote' }, valueName: { fr: 'Score' }, items: [{ title: 'deepening', rank: 1, value: 3, voters: 2 }] },
    ]);
  });
});
