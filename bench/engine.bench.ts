/**
 * G+D of /work/shared/reference/torch_ref_bench.py, batch 8: ms/frame of a forward pass and of one Adam train
 * step on this thread's best backend, side by side with PyTorch run as a child process in the same run.
 * Run: npx vitest run --config bench/vitest.bench.config.ts   (env: BENCH_REPS, BENCH_CONFIGS="128x1,64x1,64x0.5")
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { it } from 'vitest'
import { initBackend } from '../src/main/engine/backend'
import { disposeParams, refNets } from '../src/main/engine/blocks'
import { getTf, type Tensor4D } from '../src/main/engine/tf'

const BATCH = 8
const REPS = Number(process.env.BENCH_REPS ?? 2)
const CONFIGS = (process.env.BENCH_CONFIGS ?? '128x1,64x1,64x0.5').split(',').map((s) => s.split('x').map(Number) as [number, number])
const TORCH_SCRIPT = resolve('../shared/reference/torch_ref_bench.py')
/** Numbers documented for the reference, printed only when PyTorch cannot run here (NOT side by side). */
const DOCUMENTED: Record<string, { fwd: number; train: number }> = {}

interface Row {
  fwd: number
  train: number
}

function torchRun(): { rows: Map<string, Row>; note: string } {
  const rows = new Map<string, Row>()
  if (!existsSync('/usr/bin/python3') || !existsSync(TORCH_SCRIPT)) return { rows, note: 'python3 or the reference script is missing' }
  const r = spawnSync('/usr/bin/python3', [TORCH_SCRIPT, '2'], { encoding: 'utf8', timeout: 900_000 })
  for (const line of (r.stdout ?? '').split('\n')) {
    const m = /res=(\d+) width=([\d.]+) .*forward ([\d.]+) ms\/frame, train step ([\d.]+) ms\/frame/.exec(line)
    if (m) rows.set(`${m[1]}x${Number(m[2])}`, { fwd: Number(m[3]), train: Number(m[4]) })
  }
  const version = /torch (\S+) threads=(\d+)/.exec(r.stdout ?? '')
  return { rows, note: version ? `torch ${version[1]}, ${version[2]} threads` : `PyTorch did not run: ${(r.stderr ?? '').trim().split('\n').at(-1)}` }
}

function tfjsRun(res: number, width: number): Row {
  const tf = getTf()
  const { g, d } = refNets(width)
  const p = { ...g.init(1), ...d.init(1) }
  const vars = Object.values(p)
  const x = tf.randomNormal([BATCH, res, res, 3], 0, 1, 'float32', 1) as Tensor4D
  const forward = () =>
    tf.tidy(() => {
      const { y } = g.apply(p, x)
      const { rf, q } = d.apply(p, y)
      rf.dataSync()
      q.dataSync()
    })
  const opt = tf.train.adam(1e-4)
  const step = () =>
    opt
      .minimize(() => {
        const { y } = g.apply(p, x)
        const { rf, q } = d.apply(p, y)
        return tf.add(tf.mean(tf.abs(y)), tf.add(tf.mean(rf), tf.mean(q))) as ReturnType<typeof tf.scalar>
      }, true, vars)
      ?.dispose()
  const time = (f: () => void) => {
    f()
    const t = performance.now()
    for (let i = 0; i < REPS; i++) f()
    return (performance.now() - t) / REPS / BATCH
  }
  const row = { fwd: time(forward), train: time(step) }
  opt.dispose()
  x.dispose()
  disposeParams(p)
  return row
}

it('engine G+D: tfjs vs PyTorch, same run', async () => {
  const torch = torchRun()
  const backend = await initBackend()
  const out: string[] = [
    `tfjs ${getTf().version.tfjs} backend=${backend.name} threads=${backend.threads} simd=${backend.simd}; ${torch.note}; batch ${BATCH}, ${REPS} reps`,
    'config      | tfjs fwd | torch fwd | ratio | tfjs train | torch train | ratio'
  ]
  for (const [res, width] of CONFIGS) {
    const key = `${res}x${width}`
    const t = tfjsRun(res, width)
    const ref = torch.rows.get(key) ?? DOCUMENTED[key]
    const label = torch.rows.has(key) ? '' : ref ? ' (documented, NOT measured side by side)' : ' (no PyTorch number)'
    const f = (v: number) => v.toFixed(1).padStart(8)
    const ratio = (a: number, b?: number) => (b ? (a / b).toFixed(2) : '-').padStart(5)
    out.push(`${`${res}² w=${width}`.padEnd(11)} | ${f(t.fwd)} | ${ref ? f(ref.fwd) : '       -'}  | ${ratio(t.fwd, ref?.fwd)} | ${f(t.train).padStart(10)} | ${ref ? f(ref.train).padStart(11) : '          -'} | ${ratio(t.train, ref?.train)}${label}`)
    console.log(out.at(-1))
  }
  console.log(`\n[engine bench] ms/frame\n${out.join('\n')}`)
})
