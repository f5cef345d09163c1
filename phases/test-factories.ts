import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import type { ModuleServer } from '../platform/modules/server';
import { allPhases, type LifecycleState, type Phase } from '../platform/phases';
import type { Actor } from '../platform/policy';
import type { ConsultationRole } from '../platform/roles';

/** Test data for the lifecycle: consultations, their modules and dates, and who switches. */
export function lifecycleFactory(db: Kysely<Database>) {
  let count = 0;
  let organisationId: string | undefined;

  async function organisation(): Promise<string> {
    organisationId ??= (
      await db
        .insertInto('organisations')
        .values({ slug: 'ville-de-lyon', name: 'Ville de Lyon' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    return organisationId;
  }

  /** A module instance of `kind` in a phase: a notice by default, which offers nothing to prioritise. */
  async function module(consultationId: string, phase: Phase, kind = 'notice'): Promise<void> {
    await db
      .insertInto('module_instances')
      .values({ consultation_id: consultationId, phase, kind, config: JSON.stringify({ title: { fr: 'x' }, body: {} }) })
      .execute();
  }

  return {
    module,

    /**
     * A consultation using `phases`, standing in `state` (set directly, as the demo seed does),
     * with one notice in each phase of `modulesIn` (by default every phase it uses).
     */
    async consultation({
      phases = [...allPhases],
      state = 'draft',
      modulesIn = phases,
    }: { phases?: Phase[]; state?: LifecycleState; modulesIn?: Phase[] } = {}): Promise<string> {
      count += 1;
      const { id } = await db
        .insertInto('consultations')
        .values({
          organisation_id: await organisation(),
          slug: `consultation-${count}`,
          question: { fr: `Question ${count} ?` },
          languages: ['fr'],
          default_language: 'fr',
          phases,
          lifecycle_state: state,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const phase of modulesIn) await module(id, phase);
      return id;
    },

    async schedule(consultationId: string, phase: Phase, dates: { opensAt?: Date; closesAt?: Date }): Promise<void> {
      await db
        .insertInto('phase_schedules')
        .values({ consultation_id: consultationId, phase, opens_at: dates.opensAt ?? null, closes_at: dates.closesAt ?? null })
        .execute();
    },

    /** A person with an account holding `roles` in the consultation at hand. */
    async person(displayName: string, roles: ConsultationRole[] = ['strategist']): Promise<Actor> {
      count += 1;
      const { id } = await db
        .insertInto('users')
        .values({ email: `person-${count}@example.org`, display_name: displayName, password_hash: null, preferred_language: 'fr' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { userId: id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(roles) };
    },
  };
}

/** A module kind that offers `items` things to prioritise, registered only in tests. */
export function prioritisableKind(id: string, items: number): ModuleServer {
  return {
    id,
    load: async () => null,
    actions: {},
    exportRows: async () => [],
    candidateItems: async () => items,
  };
}
