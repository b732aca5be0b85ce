/** `[2, 3]` — how every error message in this package prints a shape. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
