import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { proposalsServer } from '../modules/proposals/manifest.server';
import { insertProposals, openConsultation, proposalsClient, type MassiveConsultation, type Person } from '../modules/proposals/test-factories';
import { cardKey } from '../platform/auth/card-keys.server';
import type { OpenDatabase } from '../platform/db/database.server';
import type { ModuleServer } from '../platform/modules/server';
import { useTestApp, type RunningApp } from '../test/app';
import { runResultsTick, startResultsJob } from './results-job.server';

/*
 * The results job: each tick brings the results of every opened proposals instance up to date,
 * tells who follows an instance when its results changed, survives an instance that fails, and
 * lets the running work finish when the process stops.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));
// A tick looks at every instance: each test starts from none.
beforeEach(async () => {
  await database.db.deleteFrom('consultations').execute();
});

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: number; msg: string; instanceId?: string }[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

/** A consultation with one accepted proposal, and a participant to vote on it. */
async function votedOn(options: Parameters<typeof openConsultation>[2] = {}) {
  const consultation = await openConsultation(database.db, app, options);
  const [proposalId] = await insertProposals(database.db, consultation.instanceId, consultation.consultationId, [{ body: 'rendre les musées gratuits le dimanche' }]);
  return { ...consultation, proposalId: proposalId! };
}

async function vote(consultation: MassiveConsultation & { proposalId: string }, person?: Person) {
  const voter = person ?? (await consultation.person());
  const client = proposalsClient(app, consultation.slug, consultation.instanceId);
  const key = await cardKey(database.db, consultation.proposalId, voter.id);
  const answer = await client.act(voter, 'vote', { proposalId: consultation.proposalId, vote: 'agree', source: 'sequence', key });
  expect(answer.status).toBe(200);
}

/** The proposals module whose refresh does `refresh` instead (a failure, a long computation). */
const proposalsWith = (refresh: NonNullable<ModuleServer<any>['refresh']>): Record<string, ModuleServer<any, any, any, any>> => ({ proposals: { ...proposalsServer, refresh } });

describe('the results job', () => {
  it('refreshes the instances whose votes changed and tells their followers, only theirs', async () => {
    const busy = await votedOn();
    const quiet = await votedOn();
    const draft = await votedOn({ lifecycleState: 'draft' });
    await vote(busy);
    await vote(quiet);

    const told: string[] = [];
    const first = await runResultsTick(database.db, { onRefreshed: (id) => void told.push(id) });
    expect(first.sort()).toEqual([busy.instanceId, quiet.instanceId].sort());
    expect(told.sort()).toEqual(first);
    expect(await database.db.selectFrom('proposal_results').select('instance_id').where('instance_id', '=', draft.instanceId).executeTakeFirst()).toBeUndefined();

    await vote(busy);
    told.length = 0;
    expect(await runResultsTick(database.db, { onRefreshed: (id) => void told.push(id) })).toEqual([busy.instanceId]);
    expect(told).toEqual([busy.instanceId]);
    expect(await runResultsTick(database.db, { onRefreshed: (id) => void told.push(id) })).toEqual([]);
  });

  it('logs an instance whose computation fails and goes on with the others', async () => {
    const failing = await votedOn();
    const working = await votedOn();
    await vote(failing);
    await vote(working);
    const { lines, logger } = recordingLogger();
    const servers = proposalsWith(async (db, instance) => {
      if (instance.id === failing.instanceId) throw new Error('out of memory');
      return proposalsServer.refresh!(db, instance);
    });

    expect(await runResultsTick(database.db, { logger, servers })).toEqual([working.instanceId]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, instanceId: failing.instanceId, msg: 'results of an instance could not be refreshed' }));
  });

  it('lets the running computation finish when it stops, and starts no other', async () => {
    await vote(await votedOn());
    let release!: () => void;
    const computing = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    let calls = 0;
    const job = startResultsJob({
      db: database.db,
      intervalMs: 100,
      servers: proposalsWith(async () => {
        calls += 1;
        started();
        await computing;
        return true;
      }),
    });
    await hasStarted;

    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);
  });
});
