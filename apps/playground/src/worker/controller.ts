import type { PlaygroundState, Speed } from '../state/url-state';
import type { ExportFormat } from '../train/model';
import type { TrainOptions } from '../train/network-spec';
import {
  createRuns,
  type Divergence,
  inspectUnit,
  type ModelFactory,
  type PreparedData,
  prepareData,
  snapshotOf,
  type TrainingRun,
  type ViewGrids,
  viewGrids,
} from '../train/session';
import { describeBackend } from './backend-info';
import type { DataSnapshot, FromWorker, ToWorker, UnitTarget } from './protocol';

/** At speed 'max', time spent training between two snapshots: long enough to train fast, short enough to watch. */
export const MAX_SLICE_MS = 80;
/** At a set speed, the most time one tick may train before it gives up catching up. */
const PACED_SLICE_MS = 40;
/** Snapshots at most this often at a set speed (a screen shows 60 frames a second). */
const MIN_TICK_MS = 1000 / 60;
/** Up to this speed every epoch gets a frame of its own, however slow the machine. */
export const FRAME_PER_EPOCH_UP_TO = 60;
const OUTPUT_RES = 64;
const UNIT_RES = 24;

/**
 * Owns the training runs. The worker feeds it messages; `post` sends snapshots back. While playing it trains at
 * the set speed — one epoch per snapshot at up to 60 epochs/s, several per snapshot above, and at 'max' for
 * MAX_SLICE_MS between snapshots — yielding to the event loop between ticks so every message is seen promptly.
 * One snapshot is in flight at a time: the page says when it has drawn one ('shown'). At a set speed the next
 * epoch waits for that, so every epoch up to 60/s is drawn even on a busy machine (the pace slows instead); at
 * 'max' training goes on meanwhile and the next snapshot simply waits.
 * An epoch whose loss is not finite or explodes is thrown away: the weights go back, training pauses, and the
 * snapshot says why.
 */
export class TrainingController {
  private runs: TrainingRun[] = [];
  private data: PreparedData | null = null;
  private grids: ViewGrids | null = null;
  private state: PlaygroundState | null = null;
  private speed: Speed = 10;
  private playing = false;
  private generation = 0;
  private pendingData: DataSnapshot | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private divergence: Divergence | null = null;
  private target: UnitTarget | null = null;
  /** Pace bookkeeping: when playing (re)started at this speed, and the epochs trained since. */
  private paceStart = 0;
  private paceEpochs = 0;
  /** (time, epoch) of recent ticks, for the measured rate. */
  private readonly recent: { time: number; epochs: number }[] = [];
  private trainedEpochs = 0;
  /** A snapshot sent while playing that the page has not said it drew. */
  private unshown = false;
  private lastPublish = 0;

  constructor(
    private readonly createModel: ModelFactory,
    private readonly post: (message: FromWorker, transfer?: Transferable[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  handle(message: ToWorker): void {
    try {
      switch (message.type) {
        case 'configure':
          this.configure(message.state);
          break;
        case 'options':
          this.setOptions(message.options);
          break;
        case 'speed':
          this.speed = message.speed;
          this.restartPace();
          // A tick may be waiting a whole second at the old pace: start the new one now.
          if (this.playing) {
            this.cancelTick();
            this.schedule(0);
          }
          break;
        case 'play':
          if (!this.playing) {
            this.playing = true;
            this.restartPace();
            this.schedule(0);
          }
          break;
        case 'pause':
          this.playing = false;
          this.publish();
          break;
        case 'step':
          this.playing = false;
          this.trainEpochs(1, Number.POSITIVE_INFINITY);
          this.publish();
          break;
        case 'inspect':
          this.target = message.target;
          if (!this.playing) this.publish();
          break;
        case 'export':
          this.exportModel(message.format);
          break;
        case 'shown':
          if (message.generation === this.generation) {
            this.unshown = false;
            if (this.playing && this.speed !== 'max') this.scheduleNextEpoch();
          }
          break;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.playing = false;
    this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }

  private configure(state: PlaygroundState): void {
    this.state = state;
    this.speed = state.speed;
    this.generation++;
    this.divergence = null;
    this.target = null;
    this.data = prepareData(state);
    this.grids = viewGrids(state.features, OUTPUT_RES, UNIT_RES);
    this.runs = createRuns(state, this.data, this.createModel);
    this.recent.length = 0;
    this.unshown = false;
    const { train, test } = this.data;
    this.pendingData = {
      trainPoints: train.points,
      trainLabels: train.labels,
      testPoints: test.points,
      testLabels: test.labels,
    };
    this.restartPace();
    this.publish();
    if (this.playing) this.schedule(0);
  }

  private setOptions(options: TrainOptions): void {
    if (this.state !== null) this.state = { ...this.state, ...options };
    for (const run of this.runs) run.model.setOptions(options);
    // The person changed something: the old warning no longer describes what the next epoch will do.
    this.divergence = null;
    if (!this.playing) this.publish();
  }

  private restartPace(): void {
    this.paceStart = this.now();
    this.paceEpochs = 0;
  }

  /**
   * Trains up to `epochs` epochs of every run, stopping early when `budgetMs` has passed or an epoch diverges.
   * Returns the epochs kept.
   */
  private trainEpochs(epochs: number, budgetMs: number): number {
    const start = this.now();
    let kept = 0;
    while (kept < epochs) {
      const trials = this.runs.map((run) => run.tryEpoch());
      const bad = this.runs.map((run, i) => run.divergenceOf(trials[i])).find((d) => d !== null) ?? null;
      if (bad !== null) {
        for (const run of this.runs) run.rollback();
        this.divergence = bad;
        this.playing = false;
        break;
      }
      this.runs.forEach((run, i) => {
        run.keep(trials[i]);
      });
      this.divergence = null;
      kept++;
      if (this.now() - start >= budgetMs) break;
    }
    this.trainedEpochs += kept;
    return kept;
  }

  /** One tick of play: train what the speed says is due, publish, and schedule the next tick. */
  private tick(): void {
    if (this.speed === 'max') {
      this.trainEpochs(Number.POSITIVE_INFINITY, MAX_SLICE_MS);
      // While the page still draws the last snapshot, train on rather than queue another.
      if (!this.unshown) this.publish();
      if (this.playing) this.schedule(0);
      return;
    }
    if (this.unshown) return; // 'shown' schedules the next tick
    const perMs = this.speed / 1000;
    // The first epoch is due at once, so the first snapshot after ▶ is epoch 1, not a frame later.
    let due = Math.floor((this.now() - this.paceStart) * perMs) + 1 - this.paceEpochs;
    if (due > 1 && this.speed <= FRAME_PER_EPOCH_UP_TO) {
      // Behind the pace (a busy machine, a slow page): show every epoch anyway, and go on from here.
      this.restartPace();
      due = 1;
    }
    if (due > 0) {
      const kept = this.trainEpochs(due, PACED_SLICE_MS);
      this.paceEpochs += kept;
      // Slower than the set speed on this machine: go on from here rather than race to catch up.
      if (kept < due && this.playing) this.restartPace();
      this.publish();
    }
    if (this.playing && !this.unshown) this.scheduleNextEpoch();
  }

  /** Schedules the tick that trains the next due epoch (never sooner than one screen frame after a snapshot). */
  private scheduleNextEpoch(): void {
    if (this.speed === 'max') return;
    // Epoch k since the pace (re)started is due k − 1 intervals after it.
    const nextDue = this.paceStart + this.paceEpochs / (this.speed / 1000);
    const now = this.now();
    this.schedule(Math.max(0, nextDue - now, this.lastPublish + MIN_TICK_MS - now));
  }

  private measuredRate(): number {
    if (!this.playing) {
      this.recent.length = 0;
      return 0;
    }
    const time = this.now();
    this.recent.push({ time, epochs: this.trainedEpochs });
    while (this.recent.length > 2 && time - this.recent[0].time > 1000) this.recent.shift();
    const first = this.recent[0];
    const seconds = (time - first.time) / 1000;
    return seconds > 0 ? (this.trainedEpochs - first.epochs) / seconds : 0;
  }

  private publish(): void {
    if (this.grids === null || this.state === null) return;
    const grids = this.grids;
    const single = this.state.mode === 'single';
    const runs = this.runs.map((run) => snapshotOf(run, grids, single));
    const target = this.target;
    const inspection =
      single && target !== null && this.runs[0] !== undefined
        ? inspectUnit(this.runs[0], grids, target.layer, target.unit)
        : null;
    this.post({
      type: 'snapshot',
      generation: this.generation,
      playing: this.playing,
      epoch: this.runs[0]?.epoch ?? 0,
      runs,
      data: this.pendingData,
      epochsPerSecond: this.measuredRate(),
      divergence: this.divergence,
      inspection,
      backend: describeBackend(),
    });
    this.pendingData = null;
    this.lastPublish = this.now();
    if (this.playing) this.unshown = true;
  }

  private exportModel(format: ExportFormat): void {
    const run = this.runs[0];
    if (run === undefined || this.state === null || this.state.mode !== 'single') {
      throw new Error('export: only a single network can be downloaded; switch to "One network" first');
    }
    const metadata = {
      format: 'pt',
      'actlab.features': this.state.features.join(','),
      'actlab.network': JSON.stringify(run.network),
      'actlab.epoch': String(run.epoch),
    };
    // A copy of its own, so transferring it detaches nothing the model still holds.
    const bytes = run.model.exportModel(format, metadata).slice();
    this.post({ type: 'export', generation: this.generation, format, bytes }, [bytes.buffer]);
  }

  private cancelTick(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.playing) return;
      try {
        this.tick();
      } catch (error) {
        this.fail(error);
      }
    }, delayMs);
  }
}
