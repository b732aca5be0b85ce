import { parentPort, workerData } from 'node:worker_threads';
import { prepareBackend } from './backend';
import type { ArenaPlan } from './plan';
import type { ToWorker } from './pool';
import { runTask } from './tasks';

/** An arena worker: runs the tasks the pool sends, one at a time, and posts each result back with its index. */
async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('arena worker: started outside a worker thread; run it through runTasks');
  const { plan } = workerData as { plan: ArenaPlan };
  const backend = await prepareBackend();
  port.on('message', (message: ToWorker) => {
    try {
      port.postMessage({ index: message.index, result: runTask(plan, message.task) });
    } catch (error) {
      port.postMessage({
        index: message.index,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  port.postMessage({ ready: backend });
}

void serve();
