import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleServers } from '../modules/index.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { visitor, type Actor } from '../platform/policy';
import { createTestDatabase } from '../test/database';
import { lifecycleOf, PhaseTransitionError, phaseHistory, switchPhase, type PhaseTransitionErrorCode } from './lifecycle.server';
import { lifecycleFactory, prioritisableKind } from './test-factories';

let database: OpenDatabase;
let make: ReturnType<typeof lifecycleFactory>;
let camille: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  make = lifecycleFactory(database.db);
  camille = await make.person('Camille Martin');
});
afterAll(() => database?.close());

const row = (id: string) =>
  database.db
    .selectFrom('consultations')
    .select(['lifecycle_state', 'lifecycle_version', 'lifecycle_snapshot', 'phases'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The refusal code of a switch that must fail. */
async function refusal(switching: Promise<unknown>): Promise<PhaseTransitionErrorCode> {
  const error = await switching.then(
    () => null,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(PhaseTransitionError);
  return (error as PhaseTransitionError).code;
}

describe('switching phases', () => {
  it('persists the new state, its snapshot and version, and records who did it', async () => {
    const id = await make.consultation();

    expect(await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 })).toEqual({
      from: 'draft',
      to: 'appropriation',
      version: 1,
    });
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: 1 });
    await switchPhase(database.db, {
      consultationId: id,
      actor: camille,
      event: { type: 'back', reason: '  The subject needs more explaining  ' },
      expectedVersion: 2,
    });

    const stored = await row(id);
    expect(stored).toMatchObject({ lifecycle_state: 'appropriation', lifecycle_version: 3 });
    expect(stored.lifecycle_snapshot).toMatchObject({ value: 'appropriation', context: { phases: stored.phases } });

    const history = await phaseHistory(database.db, id);
    expect(
      history.map(({ from_state, to_state, event, reason, actor_name, scheduled, version }) => ({
        from_state,
        to_state,
        event,
        reason,
        actor_name,
        scheduled,
        version,
      }))
    ).toEqual([
      {
        from_state: 'ideation',
        to_state: 'appropriation',
        event: 'back',
        reason: 'The subject needs more explaining',
        actor_name: 'Camille Martin',
        scheduled: false,
        version: 3,
      },
      {
        from_state: 'appropriation',
        to_state: 'ideation',
        event: 'next',
        reason: null,
        actor_name: 'Camille Martin',
        scheduled: false,
        version: 2,
      },
      {
        from_state: 'draft',
        to_state: 'appropriation',
        event: 'open',
        reason: null,
        actor_name: 'Camille Martin',
        scheduled: false,
        version: 1,
      },
    ]);
    expect(history[0]!.actor_id).toBe(camille.userId);
  });

  it('after a restart, continues from the snapshot stored in the database', async () => {
    const id = await make.consultation({ phases: ['ideation', 'deepening', 'prioritisation'] });
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 });

    // A new process knows nothing but the database.
    const restored = await lifecycleOf(database.db, id);
    expect(restored).toMatchObject({ state: 'ideation', version: 1, phases: ['ideation', 'deepening', 'prioritisation'] });
    expect(restored.snapshot.value).toBe('ideation');
    expect(restored.snapshot.context.phases).toEqual(['ideation', 'deepening', 'prioritisation']);

    expect(
      await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: restored.version })
    ).toEqual({
      from: 'ideation',
      to: 'deepening',
      version: 2,
    });
  });

  it('starts a consultation with no snapshot yet from the state its row holds, as the demo seed leaves it', async () => {
    const fresh = await lifecycleOf(database.db, await make.consultation());
    expect(fresh).toMatchObject({ state: 'draft', version: 0 });
    expect(fresh.snapshot.value).toBe('draft');

    const seeded = await make.consultation({ state: 'ideation' });
    expect((await lifecycleOf(database.db, seeded)).snapshot.value).toBe('ideation');
    expect(
      await switchPhase(database.db, { consultationId: seeded, actor: camille, event: { type: 'next' }, expectedVersion: 0 })
    ).toMatchObject({
      from: 'ideation',
      to: 'deepening',
    });
  });

  it('follows the phases in use when the plan changed after the last switch', async () => {
    const id = await make.consultation();
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 });
    // The strategist drops ideation and deepening from the plan.
    await database.db
      .updateTable('consultations')
      .set({ phases: ['appropriation', 'prioritisation'] })
      .where('id', '=', id)
      .execute();

    const servers = { ...moduleServers, ideas: prioritisableKind('ideas', 2) };
    await make.module(id, 'prioritisation', 'ideas');
    expect(
      await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: 1, servers })
    ).toMatchObject({
      to: 'prioritisation',
    });
  });

  it('refuses an event that makes no sense from where the consultation stands, and changes nothing', async () => {
    const id = await make.consultation();
    expect(
      await refusal(switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: 0 }))
    ).toBe('notAllowedNow');
    expect(await row(id)).toMatchObject({ lifecycle_state: 'draft', lifecycle_version: 0, lifecycle_snapshot: null });
    expect(await phaseHistory(database.db, id)).toEqual([]);
  });

  it('lets only strategists and platform admins switch, but always the scheduler', async () => {
    const id = await make.consultation();
    const moderator = await make.person('Dominique Moderator', ['moderator', 'participant']);
    expect(
      await refusal(switchPhase(database.db, { consultationId: id, actor: moderator, event: { type: 'open' }, expectedVersion: 0 }))
    ).toBe('notStrategist');
    expect(
      await refusal(switchPhase(database.db, { consultationId: id, actor: visitor, event: { type: 'open' }, expectedVersion: 0 }))
    ).toBe('notStrategist');

    const admin: Actor = { ...(await make.person('Alex Admin', [])), isPlatformAdmin: true };
    await switchPhase(database.db, { consultationId: id, actor: admin, event: { type: 'open' }, expectedVersion: 0 });
    await switchPhase(database.db, { consultationId: id, actor: visitor, event: { type: 'next' }, expectedVersion: 1, scheduled: true });

    const [byScheduler, byAdmin] = await phaseHistory(database.db, id);
    expect(byScheduler).toMatchObject({ to_state: 'ideation', scheduled: true, actor_id: null, actor_name: null });
    expect(byAdmin).toMatchObject({ to_state: 'appropriation', scheduled: false, actor_name: 'Alex Admin' });
  });

  it('says why a switch is refused: no reason to go back, no phase, no module', async () => {
    const inIdeation = await make.consultation({ state: 'ideation' });
    expect(
      await refusal(
        switchPhase(database.db, { consultationId: inIdeation, actor: camille, event: { type: 'back', reason: ' ' }, expectedVersion: 0 })
      )
    ).toBe('reasonRequired');

    const withoutPhases = await make.consultation({ phases: [] });
    expect(
      await refusal(
        switchPhase(database.db, { consultationId: withoutPhases, actor: camille, event: { type: 'open' }, expectedVersion: 0 })
      )
    ).toBe('noPhases');

    const withoutModules = await make.consultation({ modulesIn: ['appropriation'] });
    await switchPhase(database.db, { consultationId: withoutModules, actor: camille, event: { type: 'open' }, expectedVersion: 0 });
    expect(
      await refusal(
        switchPhase(database.db, { consultationId: withoutModules, actor: camille, event: { type: 'next' }, expectedVersion: 1 })
      )
    ).toBe('noModules');
    // An instance of a kind this server does not know shows nothing, so it does not count.
    await make.module(withoutModules, 'ideation', 'retired-kind');
    expect(
      await refusal(
        switchPhase(database.db, { consultationId: withoutModules, actor: camille, event: { type: 'next' }, expectedVersion: 1 })
      )
    ).toBe('noModules');
  });

  it('opens prioritisation only when its own modules offer something to prioritise', async () => {
    const servers = { ...moduleServers, ideas: prioritisableKind('ideas', 4), empty: prioritisableKind('empty', 0) };
    const id = await make.consultation({ phases: ['ideation', 'prioritisation'], state: 'ideation' });
    const next = (expectedVersion = 0) =>
      switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion, servers });

    // A notice and an empty list in prioritisation, ideas in another phase: nothing to prioritise.
    await make.module(id, 'prioritisation', 'empty');
    await make.module(id, 'ideation', 'ideas');
    expect(await refusal(next())).toBe('noCandidates');
    expect(
      await refusal(switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: 0 }))
    ).toBe('noCandidates');

    await make.module(id, 'prioritisation', 'ideas');
    expect(await next()).toEqual({ from: 'ideation', to: 'prioritisation', version: 1 });
  });

  it('refuses a switch made from a stale page', async () => {
    const id = await make.consultation();
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 });
    expect(
      await refusal(switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'close' }, expectedVersion: 0 }))
    ).toBe('conflict');
    expect(await row(id)).toMatchObject({ lifecycle_state: 'appropriation', lifecycle_version: 1 });
  });

  it('of two strategists switching at once, exactly one wins', async () => {
    const id = await make.consultation();
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 });
    const dominique = await make.person('Dominique Durand');

    const results = await Promise.allSettled([
      switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'next' }, expectedVersion: 1 }),
      switchPhase(database.db, { consultationId: id, actor: dominique, event: { type: 'close' }, expectedVersion: 1 }),
    ]);

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(PhaseTransitionError);
    expect((lost[0]!.reason as PhaseTransitionError).code).toBe('conflict');

    const history = await phaseHistory(database.db, id);
    expect(history.filter((transition) => transition.version === 2)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ lifecycle_version: 2, lifecycle_state: history[0]!.to_state });
  });
});
