import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../platform/db/database.server';
import type { Actor } from '../platform/policy';
import { createTestDatabase } from '../test/database';
import { phaseHistory, switchPhase } from './lifecycle.server';
import { applyDueDeadlines, dueEvent, startPhaseScheduler, type ScheduledTransition } from './scheduler.server';
import { lifecycleFactory } from './test-factories';

const hour = 60 * 60 * 1000;
const now = new Date();
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * hour);

let database: OpenDatabase;
let make: ReturnType<typeof lifecycleFactory>;
let camille: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  make = lifecycleFactory(database.db);
  camille = await make.person('Camille Martin');
});
afterAll(() => database?.close());
// The scheduler looks at every consultation: each test starts from none.
beforeEach(async () => {
  await database.db.deleteFrom('consultations').execute();
});

const stateOf = async (id: string) =>
  (await database.db.selectFrom('consultations').select('lifecycle_state').where('id', '=', id).executeTakeFirstOrThrow()).lifecycle_state;

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: number; msg: string; code?: string }[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

describe('which phase date is due', () => {
  const plan = ['ideation', 'deepening'] as const;
  it('opens a draft when its first phase opens, and not before', () => {
    const schedule = { ideation: { opensAt: hoursFromNow(-1), closesAt: null } };
    expect(dueEvent({ state: 'draft', phases: [...plan], schedule, lastManualSwitchAt: null }, now)).toBe('open');
    expect(dueEvent({ state: 'draft', phases: [...plan], schedule, lastManualSwitchAt: null }, hoursFromNow(-2))).toBeNull();
  });

  it('moves on when a phase closes or the next one opens, and closes after the last', () => {
    const closing = { ideation: { opensAt: null, closesAt: hoursFromNow(-1) } };
    expect(dueEvent({ state: 'ideation', phases: [...plan], schedule: closing, lastManualSwitchAt: null }, now)).toBe('next');
    const opening = { deepening: { opensAt: hoursFromNow(-1), closesAt: null } };
    expect(dueEvent({ state: 'ideation', phases: [...plan], schedule: opening, lastManualSwitchAt: null }, now)).toBe('next');
    const lastCloses = { deepening: { opensAt: null, closesAt: hoursFromNow(-1) } };
    expect(dueEvent({ state: 'deepening', phases: [...plan], schedule: lastCloses, lastManualSwitchAt: null }, now)).toBe('close');
    expect(dueEvent({ state: 'closed', phases: [...plan], schedule: lastCloses, lastManualSwitchAt: null }, now)).toBeNull();
  });

  it('leaves alone a date a strategist overruled by switching after it', () => {
    const closing = { deepening: { opensAt: null, closesAt: hoursFromNow(-2) } };
    expect(dueEvent({ state: 'deepening', phases: [...plan], schedule: closing, lastManualSwitchAt: hoursFromNow(-1) }, now)).toBeNull();
    expect(dueEvent({ state: 'deepening', phases: [...plan], schedule: closing, lastManualSwitchAt: hoursFromNow(-3) }, now)).toBe('close');
  });
});

describe('the phase scheduler', () => {
  it('moves a phase whose closing date has passed on to the next phase, once', async () => {
    const id = await make.consultation({ state: 'ideation' });
    await make.schedule(id, 'ideation', { closesAt: hoursFromNow(-1) });

    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await stateOf(id)).toBe('deepening');
    expect(await applyDueDeadlines(database.db, now)).toBe(0);

    const history = await phaseHistory(database.db, id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_state: 'ideation',
      to_state: 'deepening',
      event: 'next',
      scheduled: true,
      actor_id: null,
      version: 1,
    });
  });

  it('applies a date once even when two schedulers run at the same moment', async () => {
    const id = await make.consultation({ state: 'ideation' });
    await make.schedule(id, 'ideation', { closesAt: hoursFromNow(-1) });

    const applied = await Promise.all([applyDueDeadlines(database.db, now), applyDueDeadlines(database.db, now)]);
    expect(applied[0] + applied[1]).toBe(1);
    expect(await stateOf(id)).toBe('deepening');
    expect(await phaseHistory(database.db, id)).toHaveLength(1);
  });

  it('applies, once, a date that passed while no scheduler was running', async () => {
    const id = await make.consultation({ phases: ['appropriation', 'ideation'] });
    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'open' }, expectedVersion: 0 });
    await make.schedule(id, 'appropriation', { closesAt: hoursFromNow(1) });
    // Nothing ran at the closing date; the server comes back an hour after it.
    const later = hoursFromNow(2);

    expect(await applyDueDeadlines(database.db, later)).toBe(1);
    expect(await applyDueDeadlines(database.db, later)).toBe(0);
    expect(await stateOf(id)).toBe('ideation');
    expect((await phaseHistory(database.db, id)).map((transition) => transition.to_state)).toEqual(['ideation', 'appropriation']);
  });

  it('catches up, one phase per tick, on several dates missed during a long outage', async () => {
    const id = await make.consultation({ state: 'appropriation' });
    await make.schedule(id, 'appropriation', { closesAt: hoursFromNow(-3) });
    await make.schedule(id, 'ideation', { opensAt: hoursFromNow(-3), closesAt: hoursFromNow(-2) });

    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await applyDueDeadlines(database.db, now)).toBe(0);
    expect(await stateOf(id)).toBe('deepening');
  });

  it('opens a draft whose first phase has opened, and closes after the last phase', async () => {
    const draft = await make.consultation({ phases: ['ideation'] });
    await make.schedule(draft, 'ideation', { opensAt: hoursFromNow(-2), closesAt: hoursFromNow(-1) });
    const notYet = await make.consultation({ phases: ['ideation'] });
    await make.schedule(notYet, 'ideation', { opensAt: hoursFromNow(1) });

    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await stateOf(draft)).toBe('ideation');
    expect(await stateOf(notYet)).toBe('draft');

    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await stateOf(draft)).toBe('closed');
    expect((await phaseHistory(database.db, draft))[0]).toMatchObject({ event: 'close', scheduled: true });
  });

  it('leaves a consultation where it is when a guard refuses, without throwing, and tries again at the next tick', async () => {
    const id = await make.consultation({ state: 'ideation', modulesIn: ['ideation'] });
    await make.schedule(id, 'ideation', { closesAt: hoursFromNow(-1) });
    const { lines, logger } = recordingLogger();

    expect(await applyDueDeadlines(database.db, now, undefined, { logger })).toBe(0);
    expect(await stateOf(id)).toBe('ideation');
    expect(lines.filter((line) => line.code === 'noModules')).toHaveLength(1);

    // The strategist adds the missing module: the next tick applies the date.
    await make.module(id, 'deepening');
    expect(await applyDueDeadlines(database.db, now, undefined, { logger })).toBe(1);
    expect(await stateOf(id)).toBe('deepening');
    expect(lines.filter((line) => line.code === 'noModules')).toHaveLength(1);
  });

  it('does not undo a strategist who reopened after the closing date', async () => {
    const id = await make.consultation({ phases: ['ideation'], state: 'ideation' });
    await make.schedule(id, 'ideation', { closesAt: hoursFromNow(-1) });
    expect(await applyDueDeadlines(database.db, now)).toBe(1);
    expect(await stateOf(id)).toBe('closed');

    await switchPhase(database.db, { consultationId: id, actor: camille, event: { type: 'reopen' }, expectedVersion: 1 });
    expect(await applyDueDeadlines(database.db, hoursFromNow(1))).toBe(0);
    expect(await stateOf(id)).toBe('ideation');
  });

  it('tells about a transition only once it has committed', async () => {
    const id = await make.consultation({ state: 'appropriation' });
    await make.schedule(id, 'appropriation', { closesAt: hoursFromNow(-1) });

    const told: { transition: ScheduledTransition; stateThen: string }[] = [];
    await applyDueDeadlines(database.db, now, async (transition) => {
      told.push({ transition, stateThen: await stateOf(transition.consultationId) });
    });
    expect(told).toEqual([
      { transition: { consultationId: id, from: 'appropriation', to: 'ideation', version: 1 }, stateThen: 'ideation' },
    ]);
  });

  it('runs at once when started, then every interval, until stopped', async () => {
    const waitForTransition = () => {
      let told!: (transition: ScheduledTransition) => void;
      const next = new Promise<ScheduledTransition>((resolve) => (told = resolve));
      return { next, onTransition: (transition: ScheduledTransition) => told(transition) };
    };

    // A long interval: the date already due is applied by the first run, at once.
    const first = await make.consultation({ state: 'appropriation' });
    await make.schedule(first, 'appropriation', { closesAt: hoursFromNow(-1) });
    const atOnce = waitForTransition();
    const hourly = startPhaseScheduler({ db: database.db, intervalMs: hour, onTransition: atOnce.onTransition });
    expect(await atOnce.next).toEqual({ consultationId: first, from: 'appropriation', to: 'ideation', version: 1 });
    await hourly.stop();

    // A short interval: a date that comes later is applied by a later run.
    const later = waitForTransition();
    const frequent = startPhaseScheduler({ db: database.db, intervalMs: 20, onTransition: later.onTransition });
    const second = await make.consultation({ state: 'ideation' });
    await make.schedule(second, 'ideation', { closesAt: new Date(Date.now() - 1000) });
    expect(await later.next).toMatchObject({ consultationId: second, to: 'deepening' });

    // Once stopped, nothing runs any more.
    await frequent.stop();
    const third = await make.consultation({ state: 'ideation' });
    await make.schedule(third, 'ideation', { closesAt: new Date(Date.now() - 1000) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stateOf(third)).toBe('ideation');
  });
});
