import type { PlaygroundState, Speed } from '../state/url-state';
import type { ExportFormat } from '../train/model';
import type { TrainOptions } from '../train/network-spec';
import type { Divergence, RunSnapshot, UnitInspection } from '../train/session';

/** A hidden unit the page asks the worker to look inside. */
export interface UnitTarget {
  readonly layer: number;
  readonly unit: number;
}

export type ToWorker =
  /** New data, features, architecture, initialisation or seed: fresh weights at epoch 0. */
  | { readonly type: 'configure'; readonly state: PlaygroundState }
  /** New learning rate, optimiser, batch size or L1/L2: same weights, same epoch. */
  | { readonly type: 'options'; readonly options: TrainOptions }
  | { readonly type: 'speed'; readonly speed: Speed }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'inspect'; readonly target: UnitTarget | null }
  | { readonly type: 'export'; readonly format: ExportFormat }
  /** The page has drawn the latest snapshot of this generation (flow control: see TrainingController). */
  | { readonly type: 'shown'; readonly generation: number };

export interface DataSnapshot {
  readonly trainPoints: Float32Array;
  readonly trainLabels: Float32Array;
  readonly testPoints: Float32Array;
  readonly testLabels: Float32Array;
}

export interface Snapshot {
  readonly type: 'snapshot';
  /** Bumped on every configure, so the page can drop snapshots of an older configuration. */
  readonly generation: number;
  readonly playing: boolean;
  readonly epoch: number;
  readonly runs: RunSnapshot[];
  /** Sent with the first snapshot after a configure. */
  readonly data: DataSnapshot | null;
  /** Epochs trained per second of wall time over the last second of playing (0 when paused). */
  readonly epochsPerSecond: number;
  /** Set when the last epoch tried was thrown away and training paused; cleared by the next good epoch. */
  readonly divergence: Divergence | null;
  readonly inspection: UnitInspection | null;
  /** The kernel backend the worker trains with and its threads, e.g. "wasm · 2 threads" (see backend-info.ts). */
  readonly backend: string;
}

export type FromWorker =
  | Snapshot
  | {
      readonly type: 'export';
      readonly generation: number;
      readonly format: ExportFormat;
      readonly bytes: Uint8Array;
    }
  | { readonly type: 'error'; readonly message: string };
