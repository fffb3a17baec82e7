/**
 * Typed arrays reused from one metrics query to the next (a query runs synchronously, start to end, so
 * no two use them at once): a query over a million incidents would otherwise allocate tens of megabytes
 * and spend its time collecting them. Contents are stale: callers initialise what they read.
 */
const int32 = new Map<string, Int32Array>();
const float64 = new Map<string, Float64Array>();

export function scratchInt32(name: string, length: number): Int32Array {
  let buffer = int32.get(name);
  if (!buffer || buffer.length < length) {
    buffer = new Int32Array(Math.ceil(length * 1.25));
    int32.set(name, buffer);
  }
  return buffer.subarray(0, length);
}

export function scratchFloat64(name: string, length: number): Float64Array {
  let buffer = float64.get(name);
  if (!buffer || buffer.length < length) {
    buffer = new Float64Array(Math.ceil(length * 1.25));
    float64.set(name, buffer);
  }
  return buffer.subarray(0, length);
}
