// Writes everything rendered from the activation table: docs/activations.md, autograd's functional exports and
// Tensor methods, and layers' named activation classes, each with its TSDoc (tests/docs.test.ts checks they match).
// Build @actlab/kernels first after changing the table: the examples' outputs are computed by running them.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  functionsFile,
  modulesFile,
  renderActivationFunctions,
  renderModuleExports,
  renderTensorMethods,
  spliceRegion,
  tensorFile,
} from './activation-api';
import { renderActivationDocs } from './activation-docs';

const root = new URL('..', import.meta.url);
const write = (file: string, text: string) => {
  writeFileSync(new URL(file, root), text);
  console.log(`wrote ${file}`);
};
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

write('docs/activations.md', renderActivationDocs());
write(functionsFile, renderActivationFunctions());
write(tensorFile, spliceRegion(read(tensorFile), renderTensorMethods(), tensorFile));
write(modulesFile, spliceRegion(read(modulesFile), renderModuleExports(), modulesFile));
