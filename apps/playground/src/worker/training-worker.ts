/// <reference lib="webworker" />
import { createLayersModel } from '../train/layers-model';
import { kernelsReady } from './backend-info';
import { TrainingController } from './controller';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const controller = new TrainingController(createLayersModel, (message: FromWorker, transfer?: Transferable[]) =>
  self.postMessage(message, transfer ?? []),
);
// Every message waits for the kernels' backend (WebAssembly compiles asynchronously), in the order they came.
const started = kernelsReady();
self.onmessage = (event: MessageEvent<ToWorker>) => {
  void started.then(() => controller.handle(event.data));
};
