/** Element type of a tensor's storage. `float32` is the default; `float64` exists for gradient checks. */
export type DType = 'float32' | 'float64';

/** The contiguous storage every kernel reads and writes. */
export type FloatArray = Float32Array | Float64Array;

/** Row-major dimensions, outermost first. `[]` is a scalar (one element). */
export type Shape = readonly number[];
