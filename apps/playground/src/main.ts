import './ui/style.css';
import { type PlaygroundState, parseState, serializeState } from './state/url-state';
import { type ControlActions, renderControls } from './ui/controls';
import { byId, el } from './ui/dom';
import { page } from './ui/page';
import { buildViews, renderCurves, updateViews } from './ui/views';
import type { FromWorker, ToWorker } from './worker/protocol';

// The page's wiring: the URL, the worker, and the one place settings change. Controls live in ui/controls.ts,
// views in ui/views.ts.

/** Counts configure messages; the worker numbers its snapshots the same way, so stale ones are dropped. */
let generation = 0;

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });

const actions: ControlActions = {
  update(patch: Partial<PlaygroundState>): void {
    page.state = { ...page.state, ...patch };
    history.replaceState(null, '', `#${serializeState(page.state)}`);
    render();
    configure();
  },
  configure,
  send: (message: ToWorker) => worker.postMessage(message),
};

function loadFromUrl(): void {
  const { state: parsed, problems } = parseState(window.location.hash);
  page.state = parsed;
  showNotice(problems);
  // Rewrite the URL in canonical form, so a corrected link is what gets shared.
  history.replaceState(null, '', `#${serializeState(page.state)}`);
}

function render(): void {
  renderControls(actions);
  renderCurves();
}

function configure(): void {
  page.latest = null;
  page.data = null;
  generation++;
  actions.send({ type: 'configure', state: page.state });
  buildViews();
  updateViews();
}

function showNotice(problems: readonly string[]): void {
  const notice = byId('notice', HTMLDivElement);
  notice.replaceChildren();
  notice.hidden = problems.length === 0;
  if (problems.length === 0) return;
  const close = el('button', { class: 'notice-close', 'aria-label': 'Dismiss' }, '×');
  close.addEventListener('click', () => {
    notice.hidden = true;
  });
  notice.append(
    el('strong', {}, 'Some settings in the link were invalid, so their defaults are shown.'),
    el('ul', {}, ...problems.slice(0, 8).map((p) => el('li', {}, p))),
    close,
  );
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'error') {
    showNotice([`Training stopped: ${message.message}`]);
    return;
  }
  if (message.generation !== generation) return;
  if (message.data !== null) page.data = message.data;
  page.latest = { runs: message.runs, epoch: message.epoch, playing: message.playing, msPerEpoch: message.msPerEpoch };
  // The worker's own word on whether it is training (the play button flips at once, before the worker answers).
  document.body.dataset.playing = String(message.playing);
  updateViews();
};

worker.onerror = (event) => showNotice([`The training worker failed: ${event.message}`]);

window.addEventListener('hashchange', () => {
  loadFromUrl();
  render();
  configure();
});

loadFromUrl();
render();
configure();
