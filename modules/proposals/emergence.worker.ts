import { parentPort } from 'node:worker_threads';
import { computeEmergenceText, type ColumnarInput } from './emergence-transfer';
import type { ResultsConfig } from './manifest';
import type { EmergenceState } from './results-data';

/*
 * The thread that computes the emergence (started by results.server.ts), so that the web server
 * keeps answering during the seconds a large instance takes. One job at a time, in the order
 * they arrive; each answer carries its job's id. A computation that throws answers with its
 * error and the thread goes on.
 */

export type EmergenceJob = { id: number; input: ColumnarInput; config: ResultsConfig; previous: EmergenceState | null };
export type EmergenceAnswer =
  | { ready: true }
  | { id: number; results: string; state: string }
  | { id: number; error: { message: string; stack?: string } };

const port = parentPort!;
port.on('message', (job: EmergenceJob) => {
  let answer: EmergenceAnswer;
  try {
    answer = { id: job.id, ...computeEmergenceText(job.input, job.config, job.previous) };
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    answer = { id: job.id, error: { message, stack } };
  }
  port.postMessage(answer);
});
// Loaded: from now on, the thread's end is a crash, no longer a missing TypeScript loader.
port.postMessage({ ready: true } satisfies EmergenceAnswer);
