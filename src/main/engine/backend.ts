/**
 * Picks and initialises the tfjs backend of this thread: tfjs-node-gpu > tfjs-node > wasm > cpu, trying each in
 * turn (a package that is missing or fails to load is skipped with its reason). `CIRCUMPLEX_TF_BACKEND`
 * (tensorflow-gpu | tensorflow | wasm | cpu) forces one backend; if it cannot start, that is an error, not a
 * silent fallback. Names are those of the doctor probe (backend-probe.ts).
 *
 * wasm runs its multi-threaded SIMD build on CIRCUMPLEX_WASM_THREADS threads (default: every core, at most 8),
 * which tfjs does not do in Node by itself: wasm-threads.ts says how, and why.
 */
import { AppError } from '../../shared/ipc/errors'
import { BACKEND_ORDER, type BackendName } from './backend-probe'
import { getTf, packageDir, requireModule } from './tf'
import { startWasm, wasmThreadsWanted } from './wasm-threads'

export type { BackendName } from './backend-probe'

export interface BackendReport {
  readonly name: BackendName
  /** Why this backend: "forced by CIRCUMPLEX_TF_BACKEND", or the earlier ones' failures. */
  readonly reason: string
  /** Compute threads of the backend (wasm: its thread pool; cpu: 1; tensorflow: intra-op default = 0 "auto"). */
  readonly threads: number
  readonly simd: boolean
}

let current: BackendReport | null = null

/** tfjs' own name of a backend (both tfjs-node packages register 'tensorflow'). */
const tfName = (n: BackendName): string => (n === 'tensorflow-gpu' ? 'tensorflow' : n)

export function isBackendName(v: unknown): v is BackendName {
  return typeof v === 'string' && BACKEND_ORDER.some((b) => b.name === v)
}

/** The folder (with trailing slash) of the wasm binaries, given to `setWasmPaths`. */
export function wasmDir(): string {
  return `${packageDir('@tensorflow/tfjs-backend-wasm')}/dist/`
}

async function tryBackend(name: BackendName, env: Record<string, string | undefined>): Promise<{ threads: number; simd: boolean }> {
  const tf = getTf()
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    requireModule(name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node')
    if (!(await tf.setBackend('tensorflow'))) throw new Error('setBackend(tensorflow) returned false')
    await tf.ready()
    return { threads: 0, simd: true }
  }
  if (name === 'wasm') {
    const threads = await startWasm(wasmDir(), wasmThreadsWanted(env))
    await tf.ready()
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))
    return { threads, simd }
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('setBackend(cpu) returned false')
  await tf.ready()
  return { threads: 1, simd: false }
}

function shortError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e)
  if (/Cannot find module/.test(m)) return 'not installed'
  return m.split('\n')[0].slice(0, 200)
}

/**
 * Initialises the best available backend (or `force`, or `CIRCUMPLEX_TF_BACKEND`) and reports it. Idempotent:
 * a second call returns the first report unless `force` names another backend.
 */
export async function initBackend(opts: { force?: BackendName; env?: Record<string, string | undefined> } = {}): Promise<BackendReport> {
  const env = opts.env ?? process.env
  const envValue = env.CIRCUMPLEX_TF_BACKEND
  if (envValue && !isBackendName(envValue)) {
    throw new AppError('INVALID_ARGUMENT', `CIRCUMPLEX_TF_BACKEND=${envValue}: expected one of ${BACKEND_ORDER.map((b) => b.name).join(', ')}`)
  }
  wasmThreadsWanted(env) // a bad CIRCUMPLEX_WASM_THREADS is the caller's error, not a missing backend
  const forced = opts.force ?? (envValue as BackendName | undefined)
  // The report stands while its backend is still the live one (useBackend may have switched it since).
  if (current && (!forced || forced === current.name) && getTf().getBackend() === tfName(current.name)) return current
  if (forced) {
    try {
      const r = await tryBackend(forced, env)
      current = { name: forced, reason: opts.force ? 'requested' : 'forced by CIRCUMPLEX_TF_BACKEND', ...r }
      return current
    } catch (e) {
      throw new AppError('TOOL_MISSING', `tfjs backend ${forced} could not start: ${shortError(e)}`, { cause: e })
    }
  }
  const skipped: string[] = []
  for (const b of BACKEND_ORDER) {
    try {
      const r = await tryBackend(b.name, env)
      current = { name: b.name, reason: skipped.length ? `best available (${skipped.join('; ')})` : 'best available', ...r }
      return current
    } catch (e) {
      skipped.push(`${b.name}: ${shortError(e)}`)
    }
  }
  throw new AppError('TOOL_MISSING', `no tfjs backend could start (${skipped.join('; ')})`)
}

/**
 * Starts wasm or cpu because a caller asked for it by name (engine/train/use-backend.ts), whatever
 * CIRCUMPLEX_TF_BACKEND says; throws if it cannot start. It leaves `initBackend`'s report alone: a later
 * `initBackend` still picks the best backend (it sees that the live one is no longer its report's).
 */
export async function startBackend(name: 'wasm' | 'cpu', env: Record<string, string | undefined> = process.env): Promise<void> {
  await tryBackend(name, env)
}

/**
 * How a run record names its backend: "wasm (2 threads, SIMD)", "cpu", "tensorflow-gpu". The thread count is in
 * the name because it changes every timing the record holds (and wasm's results do not depend on it).
 */
export function backendLabel(r: Pick<BackendReport, 'name' | 'threads' | 'simd'>): string {
  if (r.name !== 'wasm') return r.name
  return `wasm (${r.threads} thread${r.threads === 1 ? '' : 's'}${r.simd ? ', SIMD' : ''})`
}

/** The report of the backend initialised in this thread, or null before `initBackend`. */
export function currentBackend(): BackendReport | null {
  return current
}
