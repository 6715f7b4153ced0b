import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { wasmDir } from './backend'
import { getTf } from './tf'
import { MAX_WASM_THREADS, startWasm, wasmThreadsWanted } from './wasm-threads'

/** matMul, a strided conv and a sum on seeded inputs, as one hash of their float32 bytes (same text in the child). */
const OPS = `
  const a = tf.randomNormal([300, 777], 0, 1, 'float32', 1), b = tf.randomNormal([777, 513], 0, 1, 'float32', 2)
  const x = tf.randomNormal([4, 33, 33, 16], 0, 1, 'float32', 3), k = tf.randomNormal([3, 3, 16, 32], 0, 1, 'float32', 4)
  const outs = [tf.matMul(a, b), tf.conv2d(x, k, 2, 'same'), tf.sum(a), tf.conv2d(x, k, 1, 'same')]
  const parts = outs.map((t) => Buffer.from(t.dataSync().buffer).toString('base64'))
  tf.dispose([a, b, x, k, ...outs])
`

function hashOfOps(tf: ReturnType<typeof getTf>): string {
  const parts = new Function('tf', 'Buffer', `${OPS}; return parts`)(tf, Buffer) as string[]
  return createHash('sha256').update(parts.join()).digest('hex')
}

/** The same ops on tfjs' stock wasm backend (one thread, as tfjs runs in Node by itself), in a child process. */
function stockSingleThreadHash(): string {
  const script = `(async () => {
    const tf = require('@tensorflow/tfjs'); const w = require('@tensorflow/tfjs-backend-wasm')
    w.setWasmPaths(${JSON.stringify(wasmDir())}); await tf.setBackend('wasm')
    if (w.getThreadsCount() !== 1) throw new Error('stock wasm has ' + w.getThreadsCount() + ' threads')
    ${OPS}
    process.stdout.write(require('crypto').createHash('sha256').update(parts.join()).digest('hex'))
  })().catch((e) => { process.stderr.write(String(e)); process.exit(1) })`
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`)
  return r.stdout.trim()
}

describe('wasmThreadsWanted', () => {
  it('reads CIRCUMPLEX_WASM_THREADS, defaults to the cores (at most 8) and rejects bad values with a code', () => {
    expect(wasmThreadsWanted({ CIRCUMPLEX_WASM_THREADS: '3' })).toBe(3)
    expect(wasmThreadsWanted({ CIRCUMPLEX_WASM_THREADS: '1' })).toBe(1)
    const d = wasmThreadsWanted({})
    expect(d).toBeGreaterThanOrEqual(1)
    expect(d).toBeLessThanOrEqual(MAX_WASM_THREADS)
    for (const bad of ['0', '9', '2.5', 'two', '-1']) {
      expect(() => wasmThreadsWanted({ CIRCUMPLEX_WASM_THREADS: bad })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    }
  })
})

describe('startWasm with threads', () => {
  it('runs the threaded build on 2 threads, bit-identical to stock one-thread wasm, without keeping the process alive', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker').length
    const before = ports()
    const [realCreate, realCpus] = [URL.createObjectURL, (await import('node:os')).default.cpus]
    const threads = await startWasm(wasmDir(), 2)
    const tf = getTf()
    expect(tf.getBackend()).toBe('wasm')
    expect(threads).toBe(2)
    expect(ports()).toBe(before) // the pthread workers are unref'd: an idle pool does not hold the process open
    expect(URL.createObjectURL).toBe(realCreate) // both patches are gone again
    expect((await import('node:os')).default.cpus).toBe(realCpus)
    const n = tf.memory().numTensors
    expect(hashOfOps(tf)).toBe(stockSingleThreadHash())
    expect(tf.memory().numTensors).toBe(n)
    // A second start keeps the running pool.
    expect(await startWasm(wasmDir(), 1)).toBe(2)
  }, 120_000)
})
