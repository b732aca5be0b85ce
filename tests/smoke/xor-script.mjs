// The body both smoke scripts run (ESM and CommonJS): train XOR with the published packages,
// save the model as safetensors, load it into a fresh model, and check both predict identically.
export function xorScript(load) {
  return `${load}
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);
const makeModel = () => new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
const model = makeModel();
const opt = new Adam(model.parameters(), { lr: 0.05 });
for (let step = 0; step < 500; step++) {
  opt.zeroGrad();
  bceWithLogitsLoss(model.forward(x), y).backward();
  opt.step();
}
const predict = (m) => noGrad(() => m.forward(x)).toArray().map((row) => (row[0] > 0 ? 1 : 0));
const got = predict(model);
const accuracy = got.filter((p, i) => p === [0, 1, 1, 0][i]).length / 4;
if (accuracy !== 1) throw new Error('XOR accuracy ' + accuracy + ', predictions ' + got);
const bytes = saveSafetensors(model, { task: 'xor' });
const restored = makeModel();
restored.loadStateDict(loadSafetensors(bytes));
const a = noGrad(() => model.forward(x)).toArray().flat();
const b = noGrad(() => restored.forward(x)).toArray().flat();
if (a.some((v, i) => v !== b[i])) throw new Error('safetensors round trip changed the outputs: ' + a + ' vs ' + b);
console.log('xor ok: accuracy ' + accuracy + ', ' + bytes.length + ' safetensors bytes');
`;
}
