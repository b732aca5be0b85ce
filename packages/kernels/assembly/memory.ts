// Memory layout helpers. The module allocates nothing itself (`--runtime stub`); the JS side lays out memory above
// the static data (README.md, "Memory").

/** The first byte after the module's static data: the JS side places its control block and arena above it. */
export function heapBase(): usize {
  return __heap_base;
}
