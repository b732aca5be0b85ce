import type { PlaygroundState } from '../state/url-state';
import {
  createRuns,
  type ModelFactory,
  type PreparedData,
  prepareData,
  snapshotOf,
  type TrainingRun,
  type ViewGrids,
  viewGrids,
} from '../train/session';
import type { DataSnapshot, FromWorker, ToWorker } from './protocol';

/** Time spent training between two snapshots while playing: short enough to keep the views live. */
const SLICE_MS = 60;
const OUTPUT_RES = 64;
const UNIT_RES = 24;

/**
 * Owns the training runs. The worker feeds it messages; `post` sends snapshots back. It does one slice of epochs,
 * posts, then yields to the event loop (so pause and reconfigure are seen promptly), and repeats while playing.
 */
export class TrainingController {
  private runs: TrainingRun[] = [];
  private data: PreparedData | null = null;
  private grids: ViewGrids | null = null;
  private state: PlaygroundState | null = null;
  private playing = false;
  private generation = 0;
  private pendingData: DataSnapshot | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private msPerEpoch = 0;

  constructor(
    private readonly createModel: ModelFactory,
    private readonly post: (message: FromWorker) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  handle(message: ToWorker): void {
    try {
      switch (message.type) {
        case 'configure':
          this.configure(message.state);
          break;
        case 'play':
          this.playing = true;
          this.schedule();
          break;
        case 'pause':
          this.playing = false;
          this.publish();
          break;
        case 'step':
          this.playing = false;
          this.trainFor(0);
          this.publish();
          break;
      }
    } catch (error) {
      this.playing = false;
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private configure(state: PlaygroundState): void {
    this.state = state;
    this.generation++;
    this.data = prepareData(state);
    this.grids = viewGrids(state.features, OUTPUT_RES, UNIT_RES);
    this.runs = createRuns(state, this.data, this.createModel);
    this.msPerEpoch = 0;
    const { train, test } = this.data;
    this.pendingData = {
      trainPoints: train.points,
      trainLabels: train.labels,
      testPoints: test.points,
      testLabels: test.labels,
    };
    this.publish();
    if (this.playing) this.schedule();
  }

  /** Trains every run one epoch at a time until `budgetMs` has passed (at least one epoch). */
  private trainFor(budgetMs: number): void {
    const start = this.now();
    let epochs = 0;
    do {
      for (const run of this.runs) run.step();
      epochs++;
    } while (this.now() - start < budgetMs);
    this.msPerEpoch = (this.now() - start) / epochs;
  }

  private publish(): void {
    if (this.grids === null || this.state === null) return;
    const single = this.state.mode === 'single';
    const runs = this.runs.map((run) => snapshotOf(run, this.grids!, single));
    this.post({
      type: 'snapshot',
      generation: this.generation,
      playing: this.playing,
      epoch: this.runs[0]?.epoch ?? 0,
      runs,
      data: this.pendingData,
      msPerEpoch: this.msPerEpoch,
    });
    this.pendingData = null;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.playing) return;
      try {
        this.trainFor(SLICE_MS);
        this.publish();
        this.schedule();
      } catch (error) {
        this.playing = false;
        this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }, 0);
  }
}
