import { and, setup, type SnapshotFrom } from 'xstate';
import { allPhases, isPhase, type LifecycleEvent, type LifecycleEventType, type LifecycleState, type Phase } from '../platform/phases';

/** The machine remembers only which phases the consultation uses, in order. */
export interface PhaseMachineContext {
  phases: Phase[];
}

/**
 * What the guards need to know, gathered by the caller and carried by every event, so that the
 * machine stays pure: it never reads the database.
 */
export interface TransitionFacts {
  /** A strategist of the consultation, a platform admin, or the scheduler. */
  isStrategist: boolean;
  /** How many module instances each phase has. */
  modulesIn: Partial<Record<Phase, number>>;
  /** How many items the target phase's instances offer to prioritise. */
  candidateItems: number;
}

export type PhaseMachineEvent = LifecycleEvent & TransitionFacts;

/** Why the machine refuses an event, checked in this order. */
export type TransitionRefusal = 'notStrategist' | 'notAllowedNow' | 'reasonRequired' | 'noPhases' | 'noModules' | 'noCandidates';

const usedInOrder = (phases: readonly Phase[]) => allPhases.filter((phase) => phases.includes(phase));

/**
 * Where an event leads from a state, given the phases in use: null when it leads nowhere
 * (an event that makes no sense here, or no phase to go to).
 */
export function targetOf(state: LifecycleState, event: LifecycleEventType, phases: readonly Phase[]): LifecycleState | null {
  const used = usedInOrder(phases);
  if (state === 'draft') return event === 'open' ? used[0] ?? null : null;
  if (state === 'closed') return event === 'reopen' ? used.at(-1) ?? null : null;
  // Positions in allPhases, not in the used list: still right if the current phase was dropped.
  const at = allPhases.indexOf(state);
  switch (event) {
    case 'next':
      return used.find((phase) => allPhases.indexOf(phase) > at) ?? 'closed';
    case 'back':
      return used.findLast((phase) => allPhases.indexOf(phase) < at) ?? null;
    case 'close':
      return 'closed';
    default:
      return null;
  }
}

/** The events that make sense from a state, whatever the facts: the buttons a strategist sees. */
export function availableEvents(state: LifecycleState, phases: readonly Phase[]): LifecycleEventType[] {
  if (state === 'draft') return ['open'];
  if (state === 'closed') return ['reopen'];
  return targetOf(state, 'back', phases) === null ? ['next', 'close'] : ['next', 'back', 'close'];
}

// Each rule once: the machine's guards and the explanation of a refusal both use these.
const rules = {
  isStrategist: (event: PhaseMachineEvent) => event.isStrategist,
  hasReason: (event: PhaseMachineEvent) => event.type !== 'back' || event.reason.trim() !== '',
  hasModules: (event: PhaseMachineEvent, phase: Phase) => (event.modulesIn[phase] ?? 0) > 0,
  hasCandidates: (event: PhaseMachineEvent) => event.candidateItems > 0,
};

/**
 * Why the machine would not take this event, or null when it would. XState ignores an event it
 * cannot take without a word; this says which rule stood in the way, for the person who asked.
 */
export function refusalOf(state: LifecycleState, phases: readonly Phase[], event: PhaseMachineEvent): TransitionRefusal | null {
  if (!rules.isStrategist(event)) return 'notStrategist';
  if (!availableEvents(state, phases).includes(event.type)) return 'notAllowedNow';
  if (!rules.hasReason(event)) return 'reasonRequired';
  const target = targetOf(state, event.type, phases);
  if (target === null) return 'noPhases';
  if (isPhase(target) && !rules.hasModules(event, target)) return 'noModules';
  if (target === 'prioritisation' && !rules.hasCandidates(event)) return 'noCandidates';
  return null;
}

// XState targets are fixed when the machine is built, while the phases in use are data: every
// phase an event could reach gets a transition, and `leadsTo` keeps only the one the context
// picks (the next or previous used phase), so skipped phases are never entered.
const enter = (from: LifecycleState, to: Phase) => {
  const leadsTo = { type: 'leadsTo', params: { from, to } } as const;
  const hasModules = { type: 'hasModules', params: { phase: to } } as const;
  return {
    target: to,
    // `hasReason` holds for every event but a `back` without a reason.
    guard:
      to === 'prioritisation'
        ? and(['isStrategist', leadsTo, 'hasReason', hasModules, 'hasCandidates'])
        : and(['isStrategist', leadsTo, 'hasReason', hasModules]),
  };
};

const before = (phase: Phase) => allPhases.slice(0, allPhases.indexOf(phase));
const after = (phase: Phase) => allPhases.slice(allPhases.indexOf(phase) + 1);

const phaseState = (phase: Phase) => ({
  on: {
    next: [
      ...after(phase).map((to) => enter(phase, to)),
      { target: 'closed' as const, guard: and(['isStrategist', { type: 'leadsTo', params: { from: phase, to: 'closed' as const } }]) },
    ],
    back: before(phase).map((to) => enter(phase, to)),
    close: { target: 'closed' as const, guard: 'isStrategist' as const },
  },
});
// Typed by phase name, so that a snapshot's value is a LifecycleState rather than any string.
const phaseStates = Object.fromEntries(allPhases.map((phase) => [phase, phaseState(phase)])) as Record<
  Phase,
  ReturnType<typeof phaseState>
>;

/**
 * The lifecycle of one consultation: draft → the phases it uses, in order → closed. Deadlines
 * are not timers here (they would live in memory): the scheduler sends the events.
 */
export const consultationPhaseMachine = setup({
  types: {
    context: {} as PhaseMachineContext,
    events: {} as PhaseMachineEvent,
    input: {} as PhaseMachineContext,
  },
  guards: {
    isStrategist: ({ event }) => rules.isStrategist(event),
    hasReason: ({ event }) => rules.hasReason(event),
    hasModules: ({ event }, params: { phase: Phase }) => rules.hasModules(event, params.phase),
    hasCandidates: ({ event }) => rules.hasCandidates(event),
    leadsTo: ({ context, event }, params: { from: LifecycleState; to: LifecycleState }) =>
      targetOf(params.from, event.type, context.phases) === params.to,
  },
}).createMachine({
  id: 'consultationPhase',
  initial: 'draft',
  context: ({ input }) => ({ phases: [...input.phases] }),
  states: {
    draft: { on: { open: allPhases.map((to) => enter('draft', to)) } },
    ...phaseStates,
    // Not a final state: a closed consultation may be reopened.
    closed: { on: { reopen: allPhases.map((to) => enter('closed', to)) } },
  },
});

export type PhaseMachineSnapshot = SnapshotFrom<typeof consultationPhaseMachine>;
