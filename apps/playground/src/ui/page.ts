import { defaultState, type PlaygroundState } from '../state/url-state';
import type { RunSnapshot } from '../train/session';
import type { DataSnapshot } from '../worker/protocol';

/** The worker's latest word: every run's snapshot, the epoch, and whether it is training. */
export interface Progress {
  readonly runs: RunSnapshot[];
  readonly epoch: number;
  readonly playing: boolean;
  readonly msPerEpoch: number;
}

/**
 * What the controls and views read, in one object so both modules see the same values. main.ts owns the changes
 * (URL, configure, worker messages); a control changes `latest` only to flip the play button before the worker
 * answers, and the test-data toggle changes `showTest`.
 */
export const page: {
  state: PlaygroundState;
  latest: Progress | null;
  data: DataSnapshot | null;
  showTest: boolean;
} = { state: defaultState, latest: null, data: null, showTest: true };
