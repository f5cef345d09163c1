import type { Kysely } from 'kysely';
import { moduleManifests } from '../modules/index';
import { moduleServers } from '../modules/index.server';
import type { Consultation, Database, ModuleInstance } from '../platform/db/schema';
import type { ModuleContext, ModuleServer } from '../platform/modules/server';
import { phaseStanding, type Phase } from '../platform/phases';
import type { Actor } from '../platform/policy';

/** Raised when a module action is asked of an instance that is not open, or does not exist. */
export class ModuleUnavailableError extends Error {
  override name = 'ModuleUnavailableError';
  constructor(readonly code: 'unknownInstance' | 'unknownAction' | 'closed') {
    super(
      code === 'closed'
        ? 'This part of the consultation is not open: its phase is over or has not started.'
        : code === 'unknownAction'
          ? 'This module has no such action.'
          : 'There is no such module in this consultation.',
    );
  }
}

function contextFor(
  db: Kysely<Database>,
  actor: Actor,
  consultation: Consultation,
  instance: ModuleInstance,
  locale: string,
): ModuleContext<unknown> {
  return {
    db,
    actor,
    consultation,
    locale,
    instance: { id: instance.id, phase: instance.phase, config: instance.config, themeId: instance.theme_id },
    // Only the current phase's modules take part; past ones are read-only, future ones announced.
    open: phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases) === 'current',
  };
}

export interface ModuleView {
  id: string;
  kind: string;
  phase: Phase;
  config: unknown;
  data: unknown;
  open: boolean;
}

/**
 * The module instances of a consultation's current and past phases with the data their
 * components need; future phases are only announced, so their modules are not loaded.
 */
export async function moduleViewsFor(db: Kysely<Database>, actor: Actor, consultation: Consultation, locale: string): Promise<ModuleView[]> {
  const instances = await db
    .selectFrom('module_instances')
    .selectAll()
    .where('consultation_id', '=', consultation.id)
    .orderBy('phase')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const views: ModuleView[] = [];
  for (const instance of instances) {
    const server = moduleServers[instance.kind];
    if (!server || !moduleManifests[instance.kind] || !consultation.phases.includes(instance.phase)) continue;
    if (phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases) === 'future') continue;
    const context = contextFor(db, actor, consultation, instance, locale);
    views.push({ id: instance.id, kind: instance.kind, phase: instance.phase, config: instance.config, data: await server.load(context), open: context.open });
  }
  return views;
}

/**
 * Runs a module action, only if its instance belongs to the consultation and its phase is the
 * current one: a module never decides for itself whether it is open.
 */
export async function dispatchModuleAction(
  db: Kysely<Database>,
  { actor, consultation, instanceId, action, form, locale, servers = moduleServers }: {
    actor: Actor;
    consultation: Consultation;
    instanceId: string;
    action: string;
    form: FormData;
    locale: string;
    servers?: Record<string, ModuleServer<any, any>>;
  },
): Promise<unknown> {
  const instance = await db
    .selectFrom('module_instances')
    .selectAll()
    .where('id', '=', instanceId)
    .where('consultation_id', '=', consultation.id)
    .executeTakeFirst();
  if (!instance) throw new ModuleUnavailableError('unknownInstance');
  const handler = servers[instance.kind]?.actions[action];
  if (!handler) throw new ModuleUnavailableError('unknownAction');
  const context = contextFor(db, actor, consultation, instance, locale);
  if (!context.open) throw new ModuleUnavailableError('closed');
  return handler(context, form);
}
