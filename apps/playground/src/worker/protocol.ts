import type { PlaygroundState } from '../state/url-state';
import type { RunSnapshot } from '../train/session';

export type ToWorker =
  | { readonly type: 'configure'; readonly state: PlaygroundState }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' };

export interface DataSnapshot {
  readonly trainPoints: Float32Array;
  readonly trainLabels: Float32Array;
  readonly testPoints: Float32Array;
  readonly testLabels: Float32Array;
}

export type FromWorker =
  | {
      readonly type: 'snapshot';
      /** Bumped on every configure, so the page can drop snapshots of an older configuration. */
      readonly generation: number;
      readonly playing: boolean;
      readonly epoch: number;
      readonly runs: RunSnapshot[];
      /** Sent with the first snapshot after a configure. */
      readonly data: DataSnapshot | null;
      /** Milliseconds per epoch, averaged over the last slice of work. */
      readonly msPerEpoch: number;
    }
  | { readonly type: 'error'; readonly message: string };
