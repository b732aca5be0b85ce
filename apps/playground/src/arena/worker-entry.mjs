// The entry of an arena worker thread: plain JavaScript, so Node can start it with no loader; it registers the
// TypeScript loader and the source mapping, then loads the worker proper.
import './node-register.mjs';

await import('./worker.ts');
