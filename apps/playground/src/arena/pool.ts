import { Worker } from 'node:worker_threads';
import type { ArenaPlan } from './plan';
import { runTask, type Task, type TaskResult, taskCost } from './tasks';

/** What the pool sends a worker. */
export interface ToWorker {
  readonly index: number;
  readonly task: Task;
}

type FromWorker =
  | { readonly ready: string }
  | { readonly index: number; readonly result: TaskResult }
  | { readonly index: number; readonly error: string };

export interface PoolProgress {
  readonly done: number;
  readonly total: number;
  /** Estimated cost (`taskCost`) of the finished tasks and of all of them, for the ETA. */
  readonly doneCost: number;
  readonly totalCost: number;
  /** The task that just finished, or null at the start. */
  readonly finished: Task | null;
}

export interface PoolOptions {
  /** 1: run every task in this thread. N > 1: N worker threads (never more than there are tasks). */
  readonly jobs: number;
  readonly onProgress?: (progress: PoolProgress) => void;
}

/**
 * Runs every task and returns the results in task order. With `jobs` > 1 the tasks go to worker threads, longest
 * first, each to the next free worker; a task's result depends only on the task and the plan (see tasks.ts), so the
 * results are the same, bit for bit, for any number of jobs.
 */
export async function runTasks(plan: ArenaPlan, tasks: readonly Task[], options: PoolOptions): Promise<TaskResult[]> {
  const costs = tasks.map((t) => taskCost(plan, t));
  const totalCost = costs.reduce((a, b) => a + b, 0);
  let done = 0;
  let doneCost = 0;
  const report = (finished: Task | null) =>
    options.onProgress?.({ done, total: tasks.length, doneCost, totalCost, finished });
  report(null);
  const results = new Array<TaskResult>(tasks.length);
  const jobs = Math.min(options.jobs, tasks.length);
  if (jobs <= 1) {
    tasks.forEach((task, i) => {
      results[i] = runTask(plan, task);
      done++;
      doneCost += costs[i]!;
      report(task);
    });
    return results;
  }
  const order = tasks.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      const feed = (worker: Worker) => {
        if (next < order.length) {
          const index = order[next++]!;
          worker.postMessage({ index, task: tasks[index]! } satisfies ToWorker);
        }
      };
      for (let w = 0; w < jobs; w++) {
        // No inherited execArgv: the entry registers its own loader, the same under tsx, plain node and vitest.
        const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
          workerData: { plan },
          execArgv: [],
        });
        workers.push(worker);
        worker.on('message', (message: FromWorker) => {
          if ('ready' in message) {
            feed(worker);
            return;
          }
          if ('error' in message) {
            fail(
              new Error(
                `arena worker failed on task ${message.index} (${JSON.stringify(tasks[message.index])}):\n${message.error}`,
              ),
            );
            return;
          }
          results[message.index] = message.result;
          done++;
          doneCost += costs[message.index]!;
          report(tasks[message.index]!);
          if (done === tasks.length) resolve();
          else feed(worker);
        });
        worker.on('error', (error) => fail(new Error(`arena worker thread stopped: ${error.message}`)));
        worker.on('exit', (code) => {
          if (done < tasks.length)
            fail(new Error(`arena worker thread exited with code ${code} before the run finished`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
