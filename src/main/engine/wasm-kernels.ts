/**
 * Kernel replacements for tfjs' wasm backend (4.22), registered once per tfjs instance by `startWasm`.
 *
 * Slice: tfjs' wasm Slice starts with `backend.readSync(x)`, which COPIES the whole input out of the wasm heap
 * before it copies the slice (measured: 19 ms to take 1/16 of a [4,4,512,1024] filter, the same as reading all of
 * it; 0.04 ms for a small tensor). Slicing big tensors — filter taps, packed recurrent outputs, latent windows — so
 * cost the full tensor every time. This kernel reads the input through a view of the heap (no copy) and copies
 * only the output's contiguous runs. Same results, byte for byte (wasm-kernels.test.ts compares with tfjs' kernel).
 */
import type * as TfNs from '@tensorflow/tfjs'
import { getTf } from './tf'

type KernelConfig = Parameters<typeof TfNs.registerKernel>[0]

interface TensorInfoLike {
  readonly dataId: object
  readonly shape: number[]
  readonly dtype: string
}

/** The typed arrays of tfjs' numeric dtypes (float32, int32, bool). */
export type FlatArray = Float32Array | Int32Array | Uint8Array

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfoLike
  typedArrayFromHeap(t: TensorInfoLike): FlatArray
}

const registered = new WeakSet<object>()

/** Copies x[begin : begin + size] (row-major, any rank) from `x` into `out`, contiguous runs at a time. */
export function copySlice(x: FlatArray, shape: readonly number[], begin: readonly number[], size: readonly number[], out: FlatArray): void {
  const rank = shape.length
  const strides = new Array<number>(rank)
  let s = 1
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = s
    s *= shape[d]
  }
  // The innermost dims that are taken whole merge into one run with the first partial dim above them.
  let inner = rank - 1
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--
  const run = size.slice(inner).reduce((a, b) => a * b, 1)
  if (run === 0) return
  const outer = size.slice(0, inner)
  const count = outer.reduce((a, b) => a * b, 1)
  const idx = new Array<number>(inner).fill(0)
  let base = 0
  for (let d = 0; d < rank; d++) base += begin[d] * strides[d]
  for (let k = 0, o = 0; k < count; k++, o += run) {
    let off = base
    for (let d = 0; d < inner; d++) off += idx[d] * strides[d]
    out.set(x.subarray(off, off + run), o)
    for (let d = inner - 1; d >= 0; d--) {
      if (++idx[d] < outer[d]) break
      idx[d] = 0
    }
  }
}

/** Registers the kernels above on this thread's tfjs for the wasm backend (idempotent). */
export function registerFastWasmKernels(): void {
  const tf = getTf()
  if (registered.has(tf)) return
  const previous = tf.getKernel('Slice', 'wasm')
  if (!previous) return // wasm is not registered in this tfjs: nothing to replace
  const config = {
    kernelName: 'Slice',
    backendName: 'wasm',
    setupFunc: previous.setupFunc,
    kernelFunc: (args: { inputs: { x: TensorInfoLike }; attrs: { begin: number | number[]; size: number | number[] }; backend: unknown }) => {
      const { inputs, attrs } = args
      const x = inputs.x
      if (x.dtype === 'string') return previous.kernelFunc(args as never)
      const backend = args.backend as WasmBackendLike
      const [begin, size] = tf.slice_util.parseSliceParams(x as never, attrs.begin, attrs.size)
      const out = backend.makeOutput(size, x.dtype)
      if (size.every((n) => n > 0)) {
        // Views are taken after makeOutput: a heap growth there would leave an earlier view on the old buffer.
        copySlice(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out))
      }
      return out
    }
  }
  tf.unregisterKernel('Slice', 'wasm')
  tf.registerKernel(config as unknown as KernelConfig)
  registered.add(tf)
}
