import { defaultState, type PlaygroundState } from '../state/url-state';
import type { DataSnapshot, Snapshot, ToWorker, UnitTarget } from '../worker/protocol';

/** The unit the inspector shows: hovered or focused (follows the pointer), or pinned by a click or tap. */
export interface Inspecting {
  readonly target: UnitTarget;
  /** The node the popover sits beside. */
  readonly anchor: HTMLElement;
  readonly pinned: boolean;
}

/**
 * What the controls and views read, in one object so every module sees the same values. main.ts owns the changes
 * (URL, worker messages); the controls change the page only through `Actions`.
 */
export const page: {
  state: PlaygroundState;
  latest: Snapshot | null;
  data: DataSnapshot | null;
  /** Whether training runs, as the page last asked (the worker's snapshot confirms it). */
  playing: boolean;
  inspecting: Inspecting | null;
} = { state: defaultState, latest: null, data: null, playing: false, inspecting: null };

/** What a control may do; main.ts implements it. */
export interface Actions {
  /** Change settings: rewrites the URL, then resets, re-optimises or redraws as the change needs. */
  update(patch: Partial<PlaygroundState>): void;
  /** New weights at epoch 0 with the same settings; `reason` is shown. */
  restart(reason: string): void;
  /** Post to the training worker (play, pause, step, export). */
  send(message: ToWorker): void;
  /** Show the inspector for a unit, or close it (null). */
  inspect(inspecting: Inspecting | null): void;
  /** Tell the person something went wrong with what they typed (shown in the notice). */
  notify(lines: readonly string[]): void;
}
