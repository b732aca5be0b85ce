// The body of every kernel thread (Node worker_threads or a browser Web Worker). Not imported: scripts/build-wasm.mjs
// embeds this text in the generated module, and src/threads.ts starts it with `eval` (Node) or from a blob: URL
// (browsers), so no bundler has to find a worker file. Plain script, no imports: it must run as it is everywhere.
//
// Protocol (one slot per worker in shared WebAssembly memory, layout in src/threads.ts): the main thread writes a
// kernel index and up to 16 arguments, then bumps `seq`; the worker runs that export of its own instance of the same
// module over the same memory and copies `seq` into `done`. Negative `seq` asks the worker to stop.
(() => {
  const SEQ = 0;
  const DONE = 1;
  const KERNEL = 2;
  const STATE = 3;
  const FAILED_SEQ = 4;
  const ARGS_BYTE_OFFSET = 64;

  function run(message) {
    const { module, memory, slot, spinIterations } = message;
    const ctl = new Int32Array(memory.buffer, slot, 16);
    let kernels;
    try {
      const { exports } = new WebAssembly.Instance(module, { env: { memory } });
      // The main thread numbers kernels by this same order (the module's export order).
      kernels = Object.keys(exports).map((name) => exports[name]);
    } catch {
      Atomics.store(ctl, STATE, 2);
      Atomics.notify(ctl, STATE);
      return;
    }
    const args = new Float64Array(memory.buffer, slot + ARGS_BYTE_OFFSET, 16);
    let seen = Atomics.load(ctl, SEQ);
    Atomics.store(ctl, STATE, 1);
    Atomics.notify(ctl, STATE);
    for (;;) {
      let seq = Atomics.load(ctl, SEQ);
      // Kernels come in bursts (a training step's products): spin briefly before sleeping, as waking costs tens of µs.
      for (let i = 0; seq === seen && i < spinIterations; i++) seq = Atomics.load(ctl, SEQ);
      if (seq === seen) {
        Atomics.wait(ctl, SEQ, seen);
        continue;
      }
      seen = seq;
      if (seq < 0) return;
      try {
        kernels[Atomics.load(ctl, KERNEL)](
          args[0],
          args[1],
          args[2],
          args[3],
          args[4],
          args[5],
          args[6],
          args[7],
          args[8],
          args[9],
          args[10],
          args[11],
          args[12],
          args[13],
          args[14],
          args[15],
        );
      } catch {
        Atomics.store(ctl, FAILED_SEQ, seq);
      }
      Atomics.store(ctl, DONE, seq);
      Atomics.notify(ctl, DONE);
    }
  }

  // Node evaluates this as a script or, under --input-type=module, as a module: getBuiltinModule works in both.
  const nodeThreads =
    typeof process === 'object' && typeof process.getBuiltinModule === 'function'
      ? process.getBuiltinModule('node:worker_threads')
      : undefined;
  if (nodeThreads?.parentPort) {
    nodeThreads.parentPort.once('message', run);
  } else {
    self.onmessage = (event) => run(event.data);
  }
})();
