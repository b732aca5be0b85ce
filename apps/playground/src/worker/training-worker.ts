/// <reference lib="webworker" />
import { createLayersModel } from '../train/layers-model';
import { TrainingController } from './controller';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const controller = new TrainingController(createLayersModel, (message: FromWorker, transfer?: Transferable[]) =>
  self.postMessage(message, transfer ?? []),
);
self.onmessage = (event: MessageEvent<ToWorker>) => controller.handle(event.data);
