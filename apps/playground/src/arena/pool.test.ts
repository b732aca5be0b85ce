import { describe, expect, it } from 'vitest';
import { runTasks } from './pool';
import { tasksOf } from './tasks';
import { tinyPlan } from './test-plans';

describe('the worker pool', () => {
  it('gives bit-identical results with 1 job and with 2 worker threads', async () => {
    const plan = tinyPlan();
    const tasks = tasksOf(plan);
    expect(new Set(tasks.map((t) => t.kind))).toEqual(new Set(['setup', 'approximation', 'depth', 'gelu']));
    const seen: number[] = [];
    const one = await runTasks(plan, tasks, { jobs: 1 });
    const two = await runTasks(plan, tasks, { jobs: 2, onProgress: (p) => seen.push(p.done) });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(seen.at(-1)).toBe(tasks.length);
    expect(seen[0]).toBe(0);
  }, 120_000);
});
