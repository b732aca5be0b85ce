import { describe, expect, it } from 'vitest';
import { defaultState, parseState } from '../state/url-state';
import { fileName, loadingSnippet, torchSequential } from './download';

describe('the PyTorch loading snippet', () => {
  it('builds the same Sequential, with torch.nn module names from the kernels table', () => {
    expect(torchSequential(defaultState)).toBe(
      'nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2), nn.Tanh(), nn.Linear(2, 1))',
    );
    const { state } = parseState('features=x1,x2,sinX1&layers=5:swish,3:leakyRelu,2:gelu');
    expect(torchSequential(state)).toBe(
      'nn.Sequential(nn.Linear(3, 5), nn.SiLU(), nn.Linear(5, 3), nn.LeakyReLU(), nn.Linear(3, 2), nn.GELU(), nn.Linear(2, 1))',
    );
    expect(torchSequential(parseState('layers=').state)).toBe('nn.Sequential(nn.Linear(2, 1))');
  });

  it('is three lines that load the downloaded file and predict at one point, with float inputs', () => {
    const lines = loadingSnippet(parseState('dataset=xor&features=x1').state).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('import torch; from torch import nn; from safetensors.torch import load_file');
    expect(lines[1]).toContain(
      `model.load_state_dict(load_file("${fileName(parseState('dataset=xor').state, 'safetensors')}"))`,
    );
    // x₁ = 3 is the feature 3/3 = 1: written 1.0, or torch would make an integer tensor Linear refuses.
    expect(lines[2]).toBe('print(torch.sigmoid(model(torch.tensor([[1.0]]))))  # the point (3, -1.5): P(class 1)');
    expect(loadingSnippet(parseState('dataset=sin').state).split('\n')[2]).toMatch(/^print\(model\(torch\.tensor/);
  });

  it('points Maxout and RBF networks to the ONNX file', () => {
    const snippet = loadingSnippet(parseState('dataset=circle&layers=4:maxout:2').state);
    expect(snippet.split('\n')).toHaveLength(3);
    expect(snippet).toContain('ort.InferenceSession("actlab-circle.onnx")');
    expect(snippet).toContain('{"input": np.array([[1.0, -0.5]], dtype=np.float32)}');
  });
});
