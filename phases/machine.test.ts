import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { allPhases, lifecycleStates, type LifecycleEvent, type LifecycleState, type Phase } from '../platform/phases';
import { availableEvents, consultationPhaseMachine, refusalOf, targetOf, type PhaseMachineEvent, type TransitionFacts } from './machine';

const everyPhase: Phase[] = [...allPhases];
const withModulesEverywhere: TransitionFacts = {
  isStrategist: true,
  modulesIn: { appropriation: 1, ideation: 2, deepening: 1, prioritisation: 1 },
  candidateItems: 3,
};
const strategist = (event: LifecycleEvent, facts: Partial<TransitionFacts> = {}): PhaseMachineEvent => ({
  ...event,
  ...withModulesEverywhere,
  ...facts,
});

/** A running machine standing in `state`, for a consultation using `phases`. */
function machineAt(state: LifecycleState, phases: Phase[] = everyPhase) {
  const snapshot = consultationPhaseMachine.resolveState({ value: state, context: { phases } });
  return createActor(consultationPhaseMachine, { snapshot, input: { phases } }).start();
}

/** Where the machine stands after the event, and why it refused it if it did. */
function send(state: LifecycleState, event: PhaseMachineEvent, phases: Phase[] = everyPhase) {
  const machine = machineAt(state, phases);
  const allowed = machine.getSnapshot().can(event);
  machine.send(event);
  const to = machine.getSnapshot().value;
  machine.stop();
  return { to, allowed, refusal: refusalOf(state, phases, event) };
}

describe('the consultation phase machine', () => {
  it('starts as a draft and opens on its first phase', () => {
    const machine = createActor(consultationPhaseMachine, { input: { phases: everyPhase } }).start();
    expect(machine.getSnapshot().value).toBe('draft');
    machine.send(strategist({ type: 'open' }));
    expect(machine.getSnapshot().value).toBe('appropriation');
  });

  it('goes through the four phases in order with next, then closes after the last', () => {
    const machine = machineAt('draft');
    const visited: string[] = [];
    for (const event of ['open', 'next', 'next', 'next', 'next'] as const) {
      machine.send(strategist({ type: event }));
      visited.push(machine.getSnapshot().value);
    }
    expect(visited).toEqual(['appropriation', 'ideation', 'deepening', 'prioritisation', 'closed']);
  });

  it('skips the phases a consultation does not use, forwards and backwards', () => {
    const phases: Phase[] = ['ideation', 'prioritisation'];
    expect(send('draft', strategist({ type: 'open' }), phases).to).toBe('ideation');
    expect(send('ideation', strategist({ type: 'next' }), phases).to).toBe('prioritisation');
    expect(send('prioritisation', strategist({ type: 'back', reason: 'More ideas came in' }), phases).to).toBe('ideation');
    expect(send('prioritisation', strategist({ type: 'next' }), phases).to).toBe('closed');
  });

  it('goes back to the previous phase when a reason is given', () => {
    const moved = send('deepening', strategist({ type: 'back', reason: 'The synthesis missed a theme' }));
    expect(moved).toEqual({ to: 'ideation', allowed: true, refusal: null });
  });

  it('refuses to go back without a reason', () => {
    for (const reason of ['', '   ']) {
      expect(send('deepening', strategist({ type: 'back', reason }))).toEqual({
        to: 'deepening',
        allowed: false,
        refusal: 'reasonRequired',
      });
    }
  });

  it('cannot go back from the first phase the consultation uses', () => {
    expect(send('appropriation', strategist({ type: 'back', reason: 'why not' }))).toMatchObject({
      to: 'appropriation',
      refusal: 'notAllowedNow',
    });
    expect(send('ideation', strategist({ type: 'back', reason: 'why not' }), ['ideation', 'deepening'])).toMatchObject({
      to: 'ideation',
      refusal: 'notAllowedNow',
    });
  });

  it('closes from any phase, but not from a draft', () => {
    for (const phase of allPhases) expect(send(phase, strategist({ type: 'close' })).to).toBe('closed');
    expect(send('draft', strategist({ type: 'close' }))).toMatchObject({ to: 'draft', refusal: 'notAllowedNow' });
  });

  it('reopens a closed consultation on its last phase', () => {
    expect(send('closed', strategist({ type: 'reopen' })).to).toBe('prioritisation');
    expect(send('closed', strategist({ type: 'reopen' }), ['appropriation', 'ideation']).to).toBe('ideation');
  });

  it('only lets a strategist switch phases', () => {
    const cases: [LifecycleState, LifecycleEvent][] = [
      ['draft', { type: 'open' }],
      ['ideation', { type: 'next' }],
      ['ideation', { type: 'back', reason: 'a reason' }],
      ['ideation', { type: 'close' }],
      ['closed', { type: 'reopen' }],
    ];
    for (const [state, event] of cases) {
      expect(send(state, strategist(event, { isStrategist: false }))).toMatchObject({
        to: state,
        allowed: false,
        refusal: 'notStrategist',
      });
    }
  });

  it('does not open a phase that has no module', () => {
    const noIdeationModule = { modulesIn: { appropriation: 1, deepening: 1, prioritisation: 1 } };
    expect(send('appropriation', strategist({ type: 'next' }, noIdeationModule))).toMatchObject({
      to: 'appropriation',
      refusal: 'noModules',
    });
    expect(send('deepening', strategist({ type: 'back', reason: 'r' }, noIdeationModule))).toMatchObject({
      to: 'deepening',
      refusal: 'noModules',
    });
    expect(send('draft', strategist({ type: 'open' }, { modulesIn: {} }))).toMatchObject({ to: 'draft', refusal: 'noModules' });
    expect(send('closed', strategist({ type: 'reopen' }, { modulesIn: { prioritisation: 0 } }))).toMatchObject({
      to: 'closed',
      refusal: 'noModules',
    });
  });

  it('does not open prioritisation while there is nothing to prioritise', () => {
    expect(send('deepening', strategist({ type: 'next' }, { candidateItems: 0 }))).toMatchObject({
      to: 'deepening',
      refusal: 'noCandidates',
    });
    expect(send('deepening', strategist({ type: 'next' }, { candidateItems: 1 })).to).toBe('prioritisation');
    // The other phases do not care.
    expect(send('appropriation', strategist({ type: 'next' }, { candidateItems: 0 })).to).toBe('ideation');
  });

  it('runs a one-phase consultation: open, then next closes it', () => {
    const machine = machineAt('draft', ['ideation']);
    machine.send(strategist({ type: 'open' }));
    expect(machine.getSnapshot().value).toBe('ideation');
    expect(availableEvents('ideation', ['ideation'])).toEqual(['next', 'close']);
    machine.send(strategist({ type: 'next' }));
    expect(machine.getSnapshot().value).toBe('closed');
  });

  it('cannot open a consultation that uses no phase', () => {
    expect(send('draft', strategist({ type: 'open' }), [])).toMatchObject({ to: 'draft', refusal: 'noPhases' });
  });

  it('continues from a persisted snapshot as if it had never stopped', () => {
    const first = machineAt('draft', ['appropriation', 'deepening']);
    first.send(strategist({ type: 'open' }));
    const stored = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();

    const restored = createActor(consultationPhaseMachine, { snapshot: stored, input: { phases: [] } }).start();
    expect(restored.getSnapshot().value).toBe('appropriation');
    restored.send(strategist({ type: 'next' }));
    expect(restored.getSnapshot().value).toBe('deepening');
  });

  it('offers the buttons that make sense from each state', () => {
    expect(availableEvents('draft', everyPhase)).toEqual(['open']);
    expect(availableEvents('appropriation', everyPhase)).toEqual(['next', 'close']);
    expect(availableEvents('deepening', everyPhase)).toEqual(['next', 'back', 'close']);
    expect(availableEvents('closed', everyPhase)).toEqual(['reopen']);
  });

  // The machine decides; refusalOf explains. They must never disagree, or a refusal would be
  // reported with the wrong reason (or an accepted event reported as refused).
  it('explains exactly the events it refuses, for every state, plan and fact', () => {
    const subsets = (list: Phase[]): Phase[][] =>
      list.reduce<Phase[][]>((all, phase) => [...all, ...all.map((subset) => [...subset, phase])], [[]]);
    const events: LifecycleEvent[] = [
      { type: 'open' },
      { type: 'next' },
      { type: 'back', reason: 'because' },
      { type: 'back', reason: ' ' },
      { type: 'close' },
      { type: 'reopen' },
    ];
    let checked = 0;
    for (const phases of subsets(everyPhase)) {
      for (const withModules of subsets(everyPhase)) {
        const modulesIn = Object.fromEntries(withModules.map((phase) => [phase, 1]));
        for (const state of lifecycleStates) {
          const machine = machineAt(state, phases);
          const snapshot = machine.getSnapshot();
          for (const event of events) {
            for (const isStrategist of [true, false]) {
              for (const candidateItems of [0, 2]) {
                const full: PhaseMachineEvent = { ...event, isStrategist, modulesIn, candidateItems };
                const refusal = refusalOf(state, phases, full);
                expect(snapshot.can(full), `${state} ${JSON.stringify(full)} in ${phases.join(',')}`).toBe(refusal === null);
                if (refusal === null) {
                  const after = createActor(consultationPhaseMachine, { snapshot, input: { phases } }).start();
                  after.send(full);
                  expect(after.getSnapshot().value).toBe(targetOf(state, event.type, phases));
                  after.stop();
                }
                checked += 1;
              }
            }
          }
          machine.stop();
        }
      }
    }
    expect(checked).toBe(16 * 16 * 6 * 6 * 4);
  });
});
