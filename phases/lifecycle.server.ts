import type { Kysely } from 'kysely';
import { createActor } from 'xstate';
import { moduleServers } from '../modules/index.server';
import type { Consultation, Database, PhaseTransition } from '../platform/db/schema';
import type { ModuleServer } from '../platform/modules/server';
import { type LifecycleEvent, type LifecycleState, type Phase } from '../platform/phases';
import { can, type Actor } from '../platform/policy';
import {
  consultationPhaseMachine,
  refusalOf,
  targetOf,
  type PhaseMachineEvent,
  type PhaseMachineSnapshot,
  type TransitionRefusal,
} from './machine';

export type PhaseTransitionErrorCode = TransitionRefusal | 'conflict';

const messages: Record<PhaseTransitionErrorCode, string> = {
  notStrategist: 'Only a strategist of this consultation can switch its phases.',
  notAllowedNow: 'This change of phase is not possible from where the consultation stands.',
  reasonRequired: 'Going back to an earlier phase needs a reason.',
  noPhases: 'This consultation uses no phase yet: choose its phases first.',
  noModules: 'The phase cannot open: it has no module configured.',
  noCandidates: 'Prioritisation cannot open: there is nothing to prioritise yet.',
  conflict: 'The consultation changed phase in the meantime: reload and try again.',
};

/** A phase switch that did not happen, and why (the code is what the interface translates). */
export class PhaseTransitionError extends Error {
  override name = 'PhaseTransitionError';
  constructor(readonly code: PhaseTransitionErrorCode) {
    super(messages[code]);
  }
}

export interface Lifecycle {
  state: LifecycleState;
  version: number;
  phases: Phase[];
  snapshot: PhaseMachineSnapshot;
}

type LifecycleRow = Pick<Consultation, 'lifecycle_state' | 'lifecycle_snapshot' | 'lifecycle_version' | 'phases'>;

/** A stored snapshot that still describes the row: same state, same phases. */
function storedSnapshotFits(row: LifecycleRow): boolean {
  const stored = row.lifecycle_snapshot as { value?: unknown; context?: { phases?: unknown } } | null;
  const phases = stored?.context?.phases;
  return (
    stored?.value === row.lifecycle_state &&
    Array.isArray(phases) &&
    phases.length === row.phases.length &&
    phases.every((phase, index) => phase === row.phases[index])
  );
}

/**
 * The machine where the row says the consultation stands. The row wins over a stored snapshot
 * that disagrees with it: the demo seed sets `lifecycle_state` directly, and a strategist may
 * change the phases in use between two transitions.
 */
function restore(row: LifecycleRow) {
  // Typed as required by the machine; ignored when a snapshot is given.
  const input = { phases: row.phases };
  if (row.lifecycle_snapshot !== null && storedSnapshotFits(row)) {
    return createActor(consultationPhaseMachine, { snapshot: row.lifecycle_snapshot as PhaseMachineSnapshot, input });
  }
  if (row.lifecycle_state === 'draft') return createActor(consultationPhaseMachine, { input });
  const snapshot = consultationPhaseMachine.resolveState({ value: row.lifecycle_state, context: { phases: [...row.phases] } });
  return createActor(consultationPhaseMachine, { snapshot, input });
}

async function lifecycleRow(db: Kysely<Database>, consultationId: string): Promise<Consultation> {
  const row = await db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirst();
  if (!row) throw new Error(`There is no consultation ${consultationId}.`);
  return row;
}

/** Where a consultation's lifecycle stands, with its machine restored from the database. */
export async function lifecycleOf(db: Kysely<Database>, consultationId: string): Promise<Lifecycle> {
  const row = await lifecycleRow(db, consultationId);
  return { state: row.lifecycle_state, version: row.lifecycle_version, phases: row.phases, snapshot: restore(row).getSnapshot() };
}

export interface PhaseSwitch {
  from: LifecycleState;
  to: LifecycleState;
  version: number;
}

/** The facts the machine's guards need, read from the database. */
async function factsFor(
  db: Kysely<Database>,
  consultation: Consultation,
  actor: Actor,
  target: LifecycleState | null,
  servers: Record<string, ModuleServer<any, any, any, any>>
) {
  const instances = await db.selectFrom('module_instances').selectAll().where('consultation_id', '=', consultation.id).execute();
  // An instance of a kind this server does not know would show nothing: it does not count.
  const known = instances.filter((instance) => servers[instance.kind]);
  const modulesIn: Partial<Record<Phase, number>> = {};
  for (const instance of known) modulesIn[instance.phase] = (modulesIn[instance.phase] ?? 0) + 1;

  let candidateItems = 0;
  if (target === 'prioritisation') {
    for (const instance of known.filter((candidate) => candidate.phase === target)) {
      candidateItems += await servers[instance.kind]!.candidateItems({
        db,
        actor,
        consultation,
        locale: consultation.default_language,
        instance: { id: instance.id, phase: instance.phase, config: instance.config, themeId: instance.theme_id },
        emit: () => {},
        // The phase has not opened yet: its modules are only counted.
        open: false,
      });
    }
  }
  return { modulesIn, candidateItems };
}

/**
 * Moves a consultation to another phase, or says precisely why not. The version the caller saw
 * must still be the current one: of two strategists switching at once, one wins and the other
 * gets `conflict`. The new state, its snapshot and the history row commit together.
 */
export async function switchPhase(
  db: Kysely<Database>,
  {
    consultationId,
    actor,
    event,
    expectedVersion,
    scheduled = false,
    servers = moduleServers,
  }: {
    consultationId: string;
    actor: Actor;
    event: LifecycleEvent;
    expectedVersion: number;
    /** Sent by the scheduler for a date in the phase plan: no person, always allowed. */
    scheduled?: boolean;
    servers?: Record<string, ModuleServer<any, any, any, any>>;
  }
): Promise<PhaseSwitch> {
  const consultation = await lifecycleRow(db, consultationId);
  if (consultation.lifecycle_version !== expectedVersion) throw new PhaseTransitionError('conflict');

  const from = consultation.lifecycle_state;
  const facts = await factsFor(db, consultation, actor, targetOf(from, event.type, consultation.phases), servers);
  const machineEvent: PhaseMachineEvent = { ...event, ...facts, isStrategist: scheduled || can(actor, 'phase.switch') };

  const machine = restore(consultation).start();
  if (!machine.getSnapshot().can(machineEvent)) {
    machine.stop();
    throw new PhaseTransitionError(refusalOf(from, consultation.phases, machineEvent) ?? 'notAllowedNow');
  }
  machine.send(machineEvent);
  const to = machine.getSnapshot().value;
  const persisted = machine.getPersistedSnapshot();
  machine.stop();

  const version = expectedVersion + 1;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('consultations')
      .set({ lifecycle_state: to, lifecycle_snapshot: JSON.stringify(persisted), lifecycle_version: version, updated_at: new Date() })
      .where('id', '=', consultationId)
      .where('lifecycle_version', '=', expectedVersion)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new PhaseTransitionError('conflict');
    await trx
      .insertInto('phase_transitions')
      .values({
        consultation_id: consultationId,
        from_state: from,
        to_state: to,
        event: event.type,
        reason: event.type === 'back' ? event.reason.trim() : null,
        actor_id: scheduled ? null : actor.userId,
        scheduled,
        version,
      })
      .execute();
  });
  return { from, to, version };
}

export type PhaseHistoryEntry = PhaseTransition & { actor_name: string | null };

/** Every transition of a consultation, newest first, with who made it. */
export async function phaseHistory(db: Kysely<Database>, consultationId: string): Promise<PhaseHistoryEntry[]> {
  return db
    .selectFrom('phase_transitions as t')
    .leftJoin('users as u', 'u.id', 't.actor_id')
    .selectAll('t')
    .select('u.display_name as actor_name')
    .where('t.consultation_id', '=', consultationId)
    .orderBy('t.version', 'desc')
    .execute();
}
