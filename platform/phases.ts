/**
 * The phases a consultation may go through, in order, and the states of its lifecycle.
 * Browser-safe: pages use these to draw the timeline.
 */
export const allPhases = ['appropriation', 'ideation', 'deepening', 'prioritisation'] as const;
export type Phase = (typeof allPhases)[number];

export const lifecycleStates = ['draft', ...allPhases, 'closed'] as const;
export type LifecycleState = (typeof lifecycleStates)[number];

export type LifecycleEvent =
  | { type: 'open' }
  | { type: 'next' }
  | { type: 'back'; reason: string }
  | { type: 'close' }
  | { type: 'reopen' };
export type LifecycleEventType = LifecycleEvent['type'];

export function isPhase(value: string): value is Phase {
  return (allPhases as readonly string[]).includes(value);
}

/** Where a phase stands for a consultation in a given state: done, current, or to come. */
export function phaseStanding(phase: Phase, state: LifecycleState, phases: readonly Phase[]): 'past' | 'current' | 'future' {
  if (state === 'closed') return 'past';
  if (state === 'draft') return 'future';
  const at = phases.indexOf(state);
  const index = phases.indexOf(phase);
  return index < at ? 'past' : index === at ? 'current' : 'future';
}
