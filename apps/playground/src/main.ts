import './ui/style.css';
import { classifyChange } from './state/changes';
import { type PlaygroundState, parseState, serializeState } from './state/url-state';
import { trainOptionsOf } from './train/session';
import { buildArticle } from './ui/article';
import { buildControls, learningRates, syncControls, updateToolbar } from './ui/controls';
import { byId, el, setText } from './ui/dom';
import { buildDownload, fileName, saveFile, syncDownload } from './ui/download';
import { experiments } from './ui/experiments';
import { buildInspector, updateInspector } from './ui/inspector';
import { buildNetwork, syncNetwork, updateNetwork } from './ui/network';
import { type Actions, type Inspecting, page } from './ui/page';
import { buildViews, updateViews } from './ui/views';
import type { FromWorker, Snapshot, ToWorker } from './worker/protocol';

// The page's wiring: the URL, the worker, and the one place settings change. Controls live in ui/controls.ts and
// ui/network.ts, views in ui/views.ts and ui/inspector.ts.

/** Counts configure messages; the worker numbers its snapshots the same way, so stale ones are dropped. */
let generation = 0;
/** What the person last asked of play/pause; the worker's snapshots confirm it (or a divergence overrules it). */
let wanted: boolean | null = null;

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });

function writeUrl(): void {
  history.replaceState(null, '', `#${serializeState(page.state)}`);
}

function send(message: ToWorker): void {
  if (message.type === 'play' || message.type === 'pause') wanted = message.type === 'play';
  if (message.type === 'step') wanted = false;
  worker.postMessage(message);
}

/** New weights at epoch 0; `reason` says why on the page. */
function configure(reason: string | null): void {
  page.latest = null;
  page.data = null;
  generation++;
  if (page.inspecting !== null) inspect(null);
  send({ type: 'configure', state: page.state });
  setStatus(reason === null ? '' : `Epoch 0 again, with new weights: ${reason}.`);
  showDivergence(null);
}

function apply(next: PlaygroundState, resetAnyway: boolean): void {
  const before = page.state;
  const change = classifyChange(before, next);
  if (change.none && !resetAnyway) {
    // Re-choosing the current choice: nothing to do but keep the URL canonical.
    writeUrl();
    return;
  }
  page.state = next;
  writeUrl();
  syncControls();
  syncNetwork();
  buildViews(actions);
  syncDownload();
  markPreset();
  if (change.reset !== null || resetAnyway) {
    configure(change.reset ?? 'a new link was opened');
    return;
  }
  if (change.options) {
    send({ type: 'options', options: trainOptionsOf(next) });
    setStatus(`Training goes on from epoch ${page.latest?.epoch ?? 0} with the new settings; the weights are kept.`);
    showDivergence(null);
  }
  if (change.speed) send({ type: 'speed', speed: next.speed });
  scheduleRender();
}

function inspect(inspecting: Inspecting | null): void {
  const before = page.inspecting?.target;
  page.inspecting = inspecting;
  const target = inspecting?.target ?? null;
  if (before?.layer !== target?.layer || before?.unit !== target?.unit) send({ type: 'inspect', target });
  updateInspector();
}

const notice = byId('notice', HTMLDivElement);

function notify(
  problems: readonly string[],
  title = 'Some settings in the link were invalid, so other values are used:',
): void {
  notice.replaceChildren();
  notice.hidden = problems.length === 0;
  if (problems.length === 0) return;
  const close = el('button', { class: 'notice-close', type: 'button', 'aria-label': 'Dismiss' }, '×');
  close.addEventListener('click', () => {
    notice.hidden = true;
  });
  notice.append(el('strong', {}, title), el('ul', {}, ...problems.slice(0, 8).map((p) => el('li', {}, p))));
  if (problems.length > 8) notice.append(el('p', {}, `…and ${problems.length - 8} more.`));
  notice.append(close);
}

const actions: Actions = {
  update: (patch) => apply({ ...page.state, ...patch }, false),
  restart: (reason) => configure(reason),
  send,
  inspect,
  notify: (lines) => notify(lines, 'That value cannot be used:'),
};

function setStatus(text: string): void {
  setText(byId('status', HTMLElement), text);
}

/** The divergence alert: what happened, what the page did, and what to try. */
function showDivergence(snapshot: Snapshot | null): void {
  const box = byId('divergence', HTMLElement);
  const d = snapshot?.divergence ?? null;
  if (d === null) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  if (box.dataset.epoch === String(d.epoch) && !box.hidden) return;
  box.dataset.epoch = String(d.epoch);
  const lower = [...learningRates].reverse().find((lr) => lr <= page.state.learningRate / 10);
  const tryLower =
    lower === undefined ? null : el('button', { type: 'button', id: 'divergence-lower' }, `Use learning rate ${lower}`);
  tryLower?.addEventListener('click', () => actions.update({ learningRate: lower }));
  const run = page.state.mode === 'compare' ? ` (${d.run})` : '';
  box.replaceChildren(
    el('strong', {}, `Training diverged at epoch ${d.epoch}${run}: ${d.reason}.`),
    el(
      'p',
      {},
      `Training is paused at epoch ${d.epoch - 1}, the last state with a finite, sensible loss, and that is what the page shows. ` +
        `Try a lower learning rate (it is ${page.state.learningRate}), another initialisation, or SGD instead of momentum.`,
    ),
  );
  if (tryLower !== null) box.append(tryLower);
  box.hidden = false;
}

function loadFromUrl(): PlaygroundState {
  const { state, problems } = parseState(window.location.hash);
  notify(problems);
  return state;
}

/** Marks the preset card whose settings are on the page. */
function markPreset(): void {
  const current = serializeState(page.state);
  for (const e of experiments) {
    const card = document.getElementById(`experiment-${e.id}`);
    if (card === null) continue;
    const same = serializeState(parseState(e.hash).state) === current;
    if (same) card.setAttribute('aria-current', 'true');
    else card.removeAttribute('aria-current');
  }
}

function buildPresets(): void {
  byId('presets-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Try the guide’s claims'),
    el(
      'p',
      { class: 'hint' },
      'Each card sets the playground up; press ▶ and look for what it says. Each is also a link to share.',
    ),
    el(
      'div',
      { class: 'experiments' },
      ...experiments.map((e) =>
        el(
          'a',
          { class: 'experiment', id: `experiment-${e.id}`, href: `#${e.hash}` },
          el('b', {}, e.title),
          el('span', { class: 'claim' }, e.claim),
          el('span', { class: 'look' }, el('em', {}, 'Look for: '), e.look),
        ),
      ),
    ),
  );
}

let frame = 0;

function scheduleRender(): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

let shown: Snapshot | null = null;

/**
 * Draws the latest snapshot: canvases first, then the numbers (so a change of the epoch means a new picture); then
 * tells the worker it is on screen, which is what lets the next epoch train at a set speed.
 */
function render(): void {
  updateViews();
  updateNetwork();
  updateInspector();
  updateToolbar();
  const latest = page.latest;
  if (latest !== null && latest !== shown) {
    shown = latest;
    worker.postMessage({ type: 'shown', generation: latest.generation } satisfies ToWorker);
  }
}

function receive(message: Snapshot): void {
  if (message.data !== null) page.data = message.data;
  page.latest = message;
  if (wanted === null || message.playing === wanted || message.divergence !== null) {
    wanted = null;
    page.playing = message.playing;
  }
  // The worker's own word on whether it is training (the play button flips at once, before the worker answers).
  document.body.dataset.playing = String(message.playing);
  setText(byId('backend', HTMLElement), `Kernels: ${message.backend}`);
  showDivergence(message);
  scheduleRender();
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'error') {
    notify([message.message], 'Training stopped:');
    page.playing = false;
    updateToolbar();
    return;
  }
  if (message.generation !== generation) return;
  if (message.type === 'export') {
    saveFile(message.bytes, fileName(page.state, message.format));
    return;
  }
  receive(message);
};

worker.onerror = (event) => notify([`The training worker failed: ${event.message}`], 'Training stopped:');

window.addEventListener('hashchange', () => {
  const next = loadFromUrl();
  // A preset or an edited link: apply it like any change (the same settings again do nothing).
  apply(next, false);
});

document.addEventListener('click', (event) => {
  // A preset link in the article or the cards: show the playground it set up.
  const link = event.target instanceof Element ? event.target.closest('a.preset-link') : null;
  if (link !== null) requestAnimationFrame(() => byId('toolbar', HTMLElement).scrollIntoView({ behavior: 'smooth' }));
});

/** For the console and the end-to-end tests: read-only views of what the page shows. */
declare global {
  interface Window {
    playground: { state(): PlaygroundState; snapshot(): Snapshot | null };
  }
}
window.playground = { state: () => page.state, snapshot: () => page.latest };

page.state = loadFromUrl();
writeUrl();
buildControls(actions);
buildNetwork(actions);
buildInspector(actions);
buildDownload(actions);
buildPresets();
buildArticle();
syncControls();
syncNetwork();
buildViews(actions);
syncDownload();
markPreset();
configure(null);
