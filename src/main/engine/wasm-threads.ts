/**
 * Starts tfjs' wasm backend with its multi-threaded SIMD build in Node, so that XNNPACK uses every core of the
 * machine inside ONE tfjs instance (convs, matMuls and every other XNNPACK op run on a pthread pool).
 *
 * tfjs 4.22 turns threads off in Node (flags_wasm.ts: WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE,
 * tensorflow/tfjs#3830) because its pthread setup only works in browsers: the pthread worker script and the main
 * script reach the workers as Blob URLs, which Node's `Worker` cannot load. Its C++ side also caps the pool at
 * `emscripten_num_logical_cores() / 2` (it assumes two hardware threads per core), i.e. at 1 on a 2-core machine.
 * What this module does, only while `setBackend('wasm')` runs:
 *  - writes the package's own pthread worker script (`wasm-out/…threaded-simd.worker.js`, whose Node branch uses
 *    worker_threads) to a file, prefixed with a two-line shim, and makes `URL.createObjectURL` return that file
 *    for the worker Blob; the shim makes the worker's `URL.createObjectURL(mainScriptBlob)` return the package's
 *    `wasm-out/…threaded-simd.js` file, which the worker then loads with its own `importScripts`;
 *  - makes `os.cpus()` report 2 × `threads` entries, so that the C++ cap (cores / 2) equals `threads`;
 *  - sets the flag, `setThreadsCount(threads)`, initialises, then restores both patches;
 *  - unrefs the pthread workers, so that an idle pool does not keep the process alive.
 * Results are bit-identical to one thread (XNNPACK splits work by output tiles; wasm-threads.test.ts checks it).
 * Threads: CIRCUMPLEX_WASM_THREADS (1 … 8), default min(8, available cores). 1 loads the plain SIMD build as before.
 * Either way, the kernel replacements of wasm-kernels.ts are registered.
 */
import { randomBytes, createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import { getTf, packageFile, requireModule } from './tf'
import { registerFastWasmKernels } from './wasm-kernels'

/** XNNPACK's pool in tfjs' build has 8 pre-started workers; more threads than that are never used. */
export const MAX_WASM_THREADS = 8

interface WasmModule {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void
  setThreadsCount(n: number): void
  getThreadsCount(): number
}

interface NodeWorkerLike {
  unref?: () => void
}

interface PThreadLike {
  readonly unusedWorkers?: readonly NodeWorkerLike[]
  readonly runningWorkers?: readonly NodeWorkerLike[]
}

/** The wasm thread count asked for by `env` (CIRCUMPLEX_WASM_THREADS), else min(8, this machine's cores). */
export function wasmThreadsWanted(env: Record<string, string | undefined> = process.env): number {
  const v = env.CIRCUMPLEX_WASM_THREADS
  if (v === undefined || v === '') return Math.max(1, Math.min(MAX_WASM_THREADS, os.availableParallelism()))
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new AppError('INVALID_ARGUMENT', `CIRCUMPLEX_WASM_THREADS=${v}: expected an integer from 1 to ${MAX_WASM_THREADS}`)
  }
  return n
}

/** Writes (once per content, atomically) the pthread worker script with its shim; returns its path. */
function workerScript(): string {
  const out = (f: string) => packageFile('@tensorflow/tfjs-backend-wasm', `wasm-out/${f}`)
  const mainScript = out('tfjs-backend-wasm-threaded-simd.js')
  const { wasmWorkerContents } = requireModule<{ wasmWorkerContents: string }>(out('tfjs-backend-wasm-threaded-simd.worker.js'))
  // tfjs escapes the newlines of this text before it makes a Blob of it (its string literals contain "\n").
  const body = wasmWorkerContents.replace(/\n/g, '\\n')
  const shim =
    `{const c=URL.createObjectURL,r=URL.revokeObjectURL;` +
    `URL.createObjectURL=b=>(b&&b.type==="text/javascript"?${JSON.stringify(mainScript)}:c(b));` +
    `URL.revokeObjectURL=u=>{if(typeof u==="string"&&u.startsWith("blob:"))r(u)}}\n`
  const text = shim + body
  const dir = join(os.tmpdir(), 'circumplex-wasm')
  const file = join(dir, `pthread-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
    writeFileSync(tmp, text)
    renameSync(tmp, file) // concurrent processes write the same bytes; rename is atomic
  }
  return file
}

/**
 * Initialises the wasm backend on `threads` threads (1: the plain SIMD build) in this thread's tfjs and returns
 * the pool size tfjs reports. If wasm is already this thread's backend, its existing pool is kept.
 */
export async function startWasm(wasmDir: string, threads: number): Promise<number> {
  const tf = getTf()
  const wasm = requireModule<WasmModule>('@tensorflow/tfjs-backend-wasm')
  registerFastWasmKernels()
  if (tf.getBackend() === 'wasm') return wasm.getThreadsCount()
  wasm.setWasmPaths(wasmDir)
  if (threads <= 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false')
    return wasm.getThreadsCount()
  }
  const file = workerScript()
  const realCreate = URL.createObjectURL
  const realCpus = os.cpus
  URL.createObjectURL = (b: Blob) => (b && b.type === 'application/javascript' ? file : realCreate(b))
  os.cpus = () => {
    const c = realCpus()
    return Array.from({ length: 2 * threads }, (_, i) => c[i % c.length])
  }
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
    wasm.setThreadsCount(threads)
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false')
  } finally {
    URL.createObjectURL = realCreate
    os.cpus = realCpus
  }
  const backend = tf.backend() as unknown as { wasm?: { PThread?: PThreadLike } }
  const pool = backend.wasm?.PThread
  for (const w of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) w.unref?.()
  return wasm.getThreadsCount()
}
