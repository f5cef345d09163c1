import type { Kysely } from 'kysely';
import { moduleServers } from '../modules/index.server';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';
import type { ModuleServer } from '../platform/modules/server';
import { allPhases, type LifecycleState, type Phase } from '../platform/phases';
import { visitor } from '../platform/policy';
import { PhaseTransitionError, switchPhase, type PhaseSwitch } from './lifecycle.server';
import { repeatEvery } from '../platform/repeat.server';

export type PhaseSchedule = Partial<Record<Phase, { opensAt: Date | null; closesAt: Date | null }>>;

export type ScheduledTransition = PhaseSwitch & { consultationId: string };
export type OnTransition = (transition: ScheduledTransition) => void | Promise<void>;

/**
 * The event a consultation's dates call for now, or null. It is derived from where the
 * consultation stands and its dates, never from a memory of what was already done: a deadline
 * that passed while no process ran is applied at the next tick, and once applied it no longer
 * matches the state, so it is never applied twice.
 */
export function dueEvent(
  {
    state,
    phases,
    schedule,
    lastManualSwitchAt,
  }: {
    state: LifecycleState;
    phases: readonly Phase[];
    schedule: PhaseSchedule;
    /** When a person last switched this consultation's phase by hand. */
    lastManualSwitchAt: Date | null;
  },
  now: Date
): 'open' | 'next' | 'close' | null {
  // A date that passed before a strategist's own switch (going back, reopening) was overruled
  // by them: applying it again would undo their decision at every tick.
  const due = (date: Date | null | undefined) =>
    date != null && date.getTime() <= now.getTime() && (lastManualSwitchAt === null || date.getTime() > lastManualSwitchAt.getTime());
  const used = allPhases.filter((phase) => phases.includes(phase));
  if (state === 'closed') return null;
  if (state === 'draft') return used[0] && due(schedule[used[0]]?.opensAt) ? 'open' : null;
  const following = used.find((phase) => allPhases.indexOf(phase) > allPhases.indexOf(state));
  if (due(schedule[state]?.closesAt)) return following ? 'next' : 'close';
  return following && due(schedule[following]?.opensAt) ? 'next' : null;
}

/**
 * Applies every phase date that has come, one transition per consultation per call, and
 * returns how many it applied. A refusal (no module, nothing to prioritise…) or a conflict
 * (another process got there first) is logged and skipped: the next tick looks again.
 */
export async function applyDueDeadlines(
  db: Kysely<Database>,
  now: Date,
  onTransition?: OnTransition,
  { logger, servers = moduleServers }: { logger?: Logger; servers?: Record<string, ModuleServer<any, any, any, any>> } = {}
): Promise<number> {
  const consultations = await db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.lifecycle_state', 'c.lifecycle_version', 'c.phases'])
    .select((eb) =>
      eb
        .selectFrom('phase_transitions as t')
        .select((sub) => sub.fn.max('t.created_at').as('at'))
        .whereRef('t.consultation_id', '=', 'c.id')
        .where('t.scheduled', '=', false)
        .as('last_manual_switch_at')
    )
    .where('c.lifecycle_state', '<>', 'closed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('phase_schedules as s')
          .select('s.phase')
          .whereRef('s.consultation_id', '=', 'c.id')
          .where((date) => date.or([date('s.opens_at', '<=', now), date('s.closes_at', '<=', now)]))
      )
    )
    .orderBy('c.id')
    .execute();
  if (consultations.length === 0) return 0;

  const rows = await db
    .selectFrom('phase_schedules')
    .selectAll()
    .where(
      'consultation_id',
      'in',
      consultations.map((consultation) => consultation.id)
    )
    .execute();

  let applied = 0;
  for (const consultation of consultations) {
    const schedule: PhaseSchedule = {};
    for (const row of rows.filter((candidate) => candidate.consultation_id === consultation.id)) {
      schedule[row.phase] = { opensAt: row.opens_at, closesAt: row.closes_at };
    }
    const type = dueEvent(
      {
        state: consultation.lifecycle_state,
        phases: consultation.phases,
        schedule,
        lastManualSwitchAt: consultation.last_manual_switch_at ? new Date(consultation.last_manual_switch_at) : null,
      },
      now
    );
    if (!type) continue;

    let moved: PhaseSwitch;
    try {
      moved = await switchPhase(db, {
        consultationId: consultation.id,
        actor: visitor,
        event: { type },
        expectedVersion: consultation.lifecycle_version,
        scheduled: true,
        servers,
      });
    } catch (error) {
      if (error instanceof PhaseTransitionError) {
        logger?.warn(
          { consultationId: consultation.id, event: type, code: error.code },
          `scheduled phase switch skipped: ${error.message}`
        );
      } else {
        logger?.error({ err: error, consultationId: consultation.id, event: type }, 'scheduled phase switch failed');
      }
      continue;
    }
    applied += 1;
    logger?.info({ consultationId: consultation.id, from: moved.from, to: moved.to }, 'scheduled phase switch applied');
    try {
      await onTransition?.({ consultationId: consultation.id, ...moved });
    } catch (error) {
      logger?.error({ err: error, consultationId: consultation.id }, 'after a scheduled phase switch');
    }
  }
  return applied;
}

/**
 * Applies due phase dates now, then every intervalMs. A run starts only when the previous one
 * has finished, so two runs of one process never race each other.
 */
export function startPhaseScheduler({
  db,
  intervalMs,
  onTransition,
  logger,
  servers,
}: {
  db: Kysely<Database>;
  intervalMs: number;
  onTransition?: OnTransition;
  logger?: Logger;
  servers?: Record<string, ModuleServer<any, any, any, any>>;
}): { stop(): Promise<void> } {
  return repeatEvery(intervalMs, () => applyDueDeadlines(db, new Date(), onTransition, { logger, servers }), { logger, failure: 'the phase scheduler could not run' });
}
