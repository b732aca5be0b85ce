import { writeFileSync } from 'node:fs';
import { renderActivationDocs } from './activation-docs';

const file = new URL('../docs/activations.md', import.meta.url);
writeFileSync(file, renderActivationDocs());
console.log(`wrote ${file.pathname}`);
