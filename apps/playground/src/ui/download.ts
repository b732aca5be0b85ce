import { getActivation } from '@actlab/kernels';
import { featureValue } from '../data/features';
import type { PlaygroundState } from '../state/url-state';
import type { ExportFormat } from '../train/model';
import { byId, el, setText } from './dom';
import { type Actions, page } from './page';

/**
 * Download the trained network: safetensors (PyTorch's state-dict keys, loadable with `torch.nn.Sequential`) and
 * ONNX (runs in ONNX Runtime and every other ONNX consumer), with the few lines that load it in PyTorch.
 */

export function fileName(state: PlaygroundState, format: ExportFormat): string {
  return `actlab-${state.dataset}.${format}`;
}

/** The point the snippet predicts at. */
export const EXAMPLE: readonly [number, number] = [3, -1.5];

/** A float literal Python reads as a float (`1.0`, not `1`, which would make an integer tensor). */
function pythonFloat(v: number): string {
  const short = Number(v.toPrecision(5));
  return Number.isInteger(short) ? short.toFixed(1) : String(short);
}

/** Python source for the network's torch.nn.Sequential, or null if a layer has no torch.nn module. */
export function torchSequential(state: PlaygroundState): string | null {
  const parts: string[] = [];
  let width = state.features.length;
  for (const layer of state.layers) {
    if (layer.kind !== 'activation') return null;
    parts.push(
      `nn.Linear(${width}, ${layer.units})`,
      `${getActivation(layer.activation).torch.module.replace('torch.nn.', 'nn.')}()`,
    );
    width = layer.units;
  }
  parts.push(`nn.Linear(${width}, 1)`);
  return `nn.Sequential(${parts.join(', ')})`;
}

/** The three lines that load the downloaded safetensors file in PyTorch (or ONNX Runtime for Maxout and RBF). */
export function loadingSnippet(state: PlaygroundState): string {
  const sequential = torchSequential(state);
  // The point (3, −1.5) as the page's features (x₁/3, x₂/3, x₁²/18, …).
  const x = `[[${state.features.map((f) => pythonFloat(featureValue(f, EXAMPLE[0], EXAMPLE[1]))).join(', ')}]]`;
  const classification = state.dataset !== 'plane' && state.dataset !== 'gaussian' && state.dataset !== 'sin';
  const apply = (y: string) => (classification ? `torch.sigmoid(${y})` : y);
  if (sequential === null) {
    return [
      'import numpy as np, onnxruntime as ort  # Maxout and RBF have no torch.nn module: use the ONNX file',
      `session = ort.InferenceSession("${fileName(state, 'onnx')}")`,
      `print(session.run(None, {"input": np.array(${x}, dtype=np.float32)})[0])  # the point (${EXAMPLE.join(', ')})${classification ? ': its logit' : ''}`,
    ].join('\n');
  }
  return [
    'import torch; from torch import nn; from safetensors.torch import load_file',
    `model = ${sequential}; model.load_state_dict(load_file("${fileName(state, 'safetensors')}"))`,
    `print(${apply(`model(torch.tensor(${x}))`)})  # the point (${EXAMPLE.join(', ')})${classification ? ': P(class 1)' : ''}`,
  ].join('\n');
}

let snippet: HTMLElement;
let buttons: HTMLButtonElement[] = [];
let note: HTMLElement;

export function buildDownload(actions: Actions): void {
  buttons = (['safetensors', 'onnx'] as const).map((format) => {
    const b = el('button', { id: `download-${format}`, type: 'button', class: 'download' }, `Download .${format}`);
    b.addEventListener('click', () => actions.send({ type: 'export', format }));
    return b;
  });
  snippet = el('code', { id: 'torch-snippet' });
  note = el('p', { class: 'hint', id: 'download-note' });
  byId('download-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Take the model with you'),
    el(
      'p',
      { class: 'hint' },
      'The network as it is now, at the epoch shown: safetensors with PyTorch’s state-dict keys, or ONNX. The inputs are the chosen features, computed as the page does (x₁/3, x₂/3, x₁²/18, …, sin x₁); the output is the logit.',
    ),
    el('div', { class: 'download-buttons' }, ...buttons),
    note,
    el('pre', { class: 'snippet', tabindex: 0, 'aria-label': 'Python code that loads the model' }, snippet),
  );
}

export function syncDownload(): void {
  const single = page.state.mode === 'single';
  for (const b of buttons) b.disabled = !single;
  setText(note, single ? 'In PyTorch:' : 'Switch to “One network” to download a model.');
  setText(snippet, single ? loadingSnippet(page.state) : '');
}

/** Saves bytes the worker sent as a file, through a temporary blob: link (no network). */
export function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([Uint8Array.from(bytes)], { type: 'application/octet-stream' }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
