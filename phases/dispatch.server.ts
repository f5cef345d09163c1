import type { Kysely } from 'kysely';
import { moduleManifests } from '../modules/index';
import { moduleServers } from '../modules/index.server';
import type { Consultation, Database, ModuleInstance } from '../platform/db/schema';
import type { ModerationDecision, ModerationItem, ModuleContext, ModuleDownload, ModuleRanking, ModuleServer } from '../platform/modules/server';
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

/** Where module events go: the realtime hub's emitter (or nothing, in tests that do not listen). */
export interface ModuleEventSink {
  toModule(instanceId: string, event: string, payload: unknown): void;
}
const nowhere: ModuleEventSink = { toModule: () => {} };

// An instance id comes from the address: anything but a uuid would make PostgreSQL throw.
const isInstanceId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

function contextFor(
  db: Kysely<Database>,
  actor: Actor,
  consultation: Consultation,
  instance: ModuleInstance,
  locale: string,
  events: ModuleEventSink = nowhere,
  servers: Record<string, ModuleServer<any, any, any, any>> = moduleServers,
): ModuleContext<unknown> {
  return {
    db,
    actor,
    consultation,
    locale,
    emit: (event, payload) => events.toModule(instance.id, event, payload),
    instance: { id: instance.id, phase: instance.phase, config: instance.config, themeId: instance.theme_id },
    // Only the current phase's modules take part; past ones are read-only, future ones announced.
    open: phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases) === 'current',
    rankings: () => rankingsOf(db, actor, consultation, instance.id, locale, servers),
  };
}

/** What the consultation's other instances rank, in the order of the phases and of the instances. */
async function rankingsOf(
  db: Kysely<Database>,
  actor: Actor,
  consultation: Consultation,
  exceptId: string,
  locale: string,
  servers: Record<string, ModuleServer<any, any, any, any>>,
): Promise<ModuleRanking[]> {
  const instances = await db.selectFrom('module_instances').selectAll().where('consultation_id', '=', consultation.id).where('id', '<>', exceptId).orderBy('position').execute();
  const rankings: ModuleRanking[] = [];
  for (const phase of consultation.phases) {
    for (const instance of instances.filter((candidate) => candidate.phase === phase)) {
      const ranking = await servers[instance.kind]?.ranking?.(contextFor(db, actor, consultation, instance, locale, nowhere, servers));
      if (ranking) rankings.push({ ...ranking, instanceId: instance.id, phase: instance.phase });
    }
  }
  return rankings;
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
  { actor, consultation, instanceId, action, form, locale, events, servers = moduleServers }: {
    actor: Actor;
    consultation: Consultation;
    instanceId: string;
    action: string;
    form: FormData;
    locale: string;
    events?: ModuleEventSink;
    servers?: Record<string, ModuleServer<any, any, any, any>>;
  },
): Promise<unknown> {
  if (!isInstanceId(instanceId)) throw new ModuleUnavailableError('unknownInstance');
  const instance = await db
    .selectFrom('module_instances')
    .selectAll()
    .where('id', '=', instanceId)
    .where('consultation_id', '=', consultation.id)
    .executeTakeFirst();
  if (!instance) throw new ModuleUnavailableError('unknownInstance');
  const handler = servers[instance.kind]?.actions[action];
  if (!handler) throw new ModuleUnavailableError('unknownAction');
  const context = contextFor(db, actor, consultation, instance, locale, events, servers);
  const server = servers[instance.kind]!;
  // The team's work (moderation…) goes on once the phase is over; nothing happens before it opens.
  const afterClose = server.teamActions?.includes(action) && phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases) === 'past';
  if (!context.open && !afterClose) throw new ModuleUnavailableError('closed');
  return handler(context, form);
}

/**
 * A module instance of this consultation that its readers may see: one of its phases, and not a
 * phase still to come. Null otherwise (the page answers 404).
 */
export async function visibleModuleInstance(db: Kysely<Database>, consultation: Consultation, instanceId: string): Promise<ModuleInstance | null> {
  if (!isInstanceId(instanceId)) return null;
  const instance = await db.selectFrom('module_instances').selectAll().where('id', '=', instanceId).where('consultation_id', '=', consultation.id).executeTakeFirst();
  if (!instance || !moduleServers[instance.kind] || !consultation.phases.includes(instance.phase)) return null;
  if (phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases) === 'future') return null;
  return instance;
}

/** The data of a module instance's own page, or null when it has none or may not be seen. */
export async function loadModulePage(
  db: Kysely<Database>,
  { actor, consultation, instanceId, query, locale }: { actor: Actor; consultation: Consultation; instanceId: string; query: URLSearchParams; locale: string },
): Promise<(ModuleView & { page: unknown }) | null> {
  const instance = await visibleModuleInstance(db, consultation, instanceId);
  const server = instance ? moduleServers[instance.kind] : undefined;
  if (!instance || !server?.page) return null;
  const context = contextFor(db, actor, consultation, instance, locale);
  return { id: instance.id, kind: instance.kind, phase: instance.phase, config: instance.config, data: null, open: context.open, page: await server.page(context, query) };
}

/** What changed in a module instance since a client's last known change (null: nothing to ask). */
export async function moduleChangesSince(
  db: Kysely<Database>,
  { actor, consultation, instanceId, since, locale }: { actor: Actor; consultation: Consultation; instanceId: string; since: string; locale: string },
): Promise<unknown | null> {
  const instance = await visibleModuleInstance(db, consultation, instanceId);
  const server = instance ? moduleServers[instance.kind] : undefined;
  if (!instance || !server?.changesSince) return null;
  return server.changesSince(contextFor(db, actor, consultation, instance, locale), since);
}

/**
 * The shared moderation queue: the items of every module instance of the consultation that has
 * contributions, oldest first. The caller has checked the moderator's permission.
 */
export async function moderationQueueFor(db: Kysely<Database>, actor: Actor, consultation: Consultation, locale: string): Promise<(ModerationItem & { kind: string; phase: Phase })[]> {
  const instances = await db.selectFrom('module_instances').selectAll().where('consultation_id', '=', consultation.id).orderBy('phase').orderBy('position').execute();
  const items: (ModerationItem & { kind: string; phase: Phase })[] = [];
  for (const instance of instances) {
    const hooks = moduleServers[instance.kind]?.moderation;
    if (!hooks) continue;
    const queue = await hooks.queue(contextFor(db, actor, consultation, instance, locale), consultation.slug);
    items.push(...queue.map((item) => ({ ...item, kind: instance.kind, phase: instance.phase })));
  }
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A moderator's decision on one item of the queue, whatever the phase of its module. */
export async function moderateItem(
  db: Kysely<Database>,
  { actor, consultation, instanceId, itemId, decision, locale, events }: {
    actor: Actor;
    consultation: Consultation;
    instanceId: string;
    itemId: string;
    decision: ModerationDecision;
    locale: string;
    events?: ModuleEventSink;
  },
): Promise<void> {
  if (!isInstanceId(instanceId)) throw new ModuleUnavailableError('unknownInstance');
  const instance = await db.selectFrom('module_instances').selectAll().where('id', '=', instanceId).where('consultation_id', '=', consultation.id).executeTakeFirst();
  const hooks = instance ? moduleServers[instance.kind]?.moderation : undefined;
  if (!instance || !hooks) throw new ModuleUnavailableError('unknownInstance');
  await hooks.decide(contextFor(db, actor, consultation, instance, locale, events), itemId, decision);
}

/** An instance of this consultation (any phase) whose kind this server knows, or null. */
async function anyInstance(db: Kysely<Database>, consultation: Consultation, instanceId: string): Promise<ModuleInstance | null> {
  if (!isInstanceId(instanceId)) return null;
  const instance = await db.selectFrom('module_instances').selectAll().where('id', '=', instanceId).where('consultation_id', '=', consultation.id).executeTakeFirst();
  return instance && moduleServers[instance.kind] ? instance : null;
}

/**
 * The settings form's data of an instance, whatever its phase (strategists prepare modules
 * before their phase opens); null when it has no settings. The caller checked `consultation.configure`.
 */
export async function loadModuleSettings(
  db: Kysely<Database>,
  { actor, consultation, instanceId, locale }: { actor: Actor; consultation: Consultation; instanceId: string; locale: string },
): Promise<{ id: string; kind: string; phase: Phase; config: unknown; data: unknown } | null> {
  const instance = await anyInstance(db, consultation, instanceId);
  const hooks = instance ? moduleServers[instance.kind]?.settings : undefined;
  if (!instance || !hooks) return null;
  const data = await hooks.load(contextFor(db, actor, consultation, instance, locale));
  return { id: instance.id, kind: instance.kind, phase: instance.phase, config: instance.config, data };
}

/**
 * Saves an instance's settings: the module reads the form, the manifest's schema checks the
 * result, and only then is it stored. The caller checked `consultation.configure`.
 */
export async function saveModuleSettings(
  db: Kysely<Database>,
  { actor, consultation, instanceId, form, locale }: { actor: Actor; consultation: Consultation; instanceId: string; form: FormData; locale: string },
): Promise<void> {
  const instance = await anyInstance(db, consultation, instanceId);
  const hooks = instance ? moduleServers[instance.kind]?.settings : undefined;
  if (!instance || !hooks) throw new ModuleUnavailableError('unknownInstance');
  const config = await hooks.save(contextFor(db, actor, consultation, instance, locale), form);
  const checked = moduleManifests[instance.kind]!.configSchema.parse(config);
  await db.updateTable('module_instances').set({ config: JSON.stringify(checked) }).where('id', '=', instance.id).execute();
}

/** A file an instance offers to download (the module checks who may), or null. */
export async function moduleDownload(
  db: Kysely<Database>,
  { actor, consultation, instanceId, query, locale }: { actor: Actor; consultation: Consultation; instanceId: string; query: URLSearchParams; locale: string },
): Promise<ModuleDownload | null> {
  const instance = await visibleModuleInstance(db, consultation, instanceId);
  const download = instance ? moduleServers[instance.kind]?.download : undefined;
  if (!instance || !download) return null;
  return download(contextFor(db, actor, consultation, instance, locale), query);
}
