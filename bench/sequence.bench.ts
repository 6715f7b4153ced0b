/**
 * Sequence-model benchmarks, measured side by side in one run:
 * (a) one epoch of sequence training (Vi-DeS-like: attention LSTM 512, window n = 8, batch 16) on CACHED latents
 *     vs recomputing stage 1 for every window frame at every step (ANCLaF G forward incl. its decoder, D's
 *     quadrant head on G's output, enc_C on ZQ → the latent vector; no gradient into stage 1), on the same
 *     shuffled windows. Cached: the full epoch is timed. Recompute, compact preset (64²): `BENCH_RECOMPUTE_STEPS`
 *     real steps timed and scaled to the epoch's step count; thesis preset (128², BENCH_THESIS=0 skips it): stage 1
 *     timed on 8 frames and scaled. Target ratio ≥ 10×.
 * (b) LSTM(512) + attention, T = 8, batch 16, input 1024 (Table A.3's Conv5 width): forward and one Adam train step
 *     in tfjs (this thread's backend) vs the same network in PyTorch (bench/reference/torch_lstm_attention.py,
 *     Debian python3-torch, run as a child at 1 and 2 threads). Target ratio ≤ 1.5.
 * Run: npx vitest run --config bench/vitest.bench.config.ts bench/sequence.bench.ts
 *      (env: BENCH_ONLY=a|b, BENCH_REPS (10), BENCH_ROUNDS (3), BENCH_EPOCH_FRAMES (1500), BENCH_RECOMPUTE_STEPS (3))
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Optimizer, Scalar, Tensor3D } from '@tensorflow/tfjs'
import { it } from 'vitest'
import { shuffled } from '../src/core/folds'
import { initBackend } from '../src/main/engine/backend'
import { attentionLstm } from '../src/main/engine/blocks/attention-lstm'
import { dense } from '../src/main/engine/blocks/layers'
import { disposeParams } from '../src/main/engine/blocks/params'
import { anclafConfig, type AnclafConfig } from '../src/main/engine/models/anclaf/config'
import { encodeLatentVectors } from '../src/main/engine/models/anclaf/latents'
import { createAnclaf, disposeAnclaf, type AnclafNets } from '../src/main/engine/models/anclaf/model'
import { sequenceConfig } from '../src/main/engine/models/sequence/config'
import { createSequenceModel, disposeSequenceModel } from '../src/main/engine/models/sequence/model'
import { targetWindows, type LabelledSession } from '../src/main/engine/models/sequence/windows'
import { disposeStepBatch, sequenceTrainStep, stepBatchOf } from '../src/main/engine/train/sequence-trainer'
import { getTf, type Tensor2D, type Tensor4D } from '../src/main/engine/tf'

const env = process.env
const REPS = Number(env.BENCH_REPS ?? 10)
const EPOCH_FRAMES = Number(env.BENCH_EPOCH_FRAMES ?? 1500)
const RECOMPUTE_STEPS = Number(env.BENCH_RECOMPUTE_STEPS ?? 3)
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3)
const TORCH_SCRIPT = resolve('bench/reference/torch_lstm_attention.py')
const tf = getTf()

/** Stage-1 latents of `frames` random crops of `size`² in chunks of `chunk` (no gradient): seconds per frame. */
function stage1PerFrame(nets: AnclafNets, a: AnclafConfig, frames: number, chunk: number): number {
  const size = a.inputSize
  const x = tf.randomUniform([chunk, size, size, 3], -1, 1, 'float32', 3) as Tensor4D
  tf.dispose(encodeLatentVectors(nets, a, x)) // warm-up
  const t = performance.now()
  for (let done = 0; done < frames; done += chunk) {
    const lat = encodeLatentVectors(nets, a, x)
    lat.dataSync()
    lat.dispose()
  }
  x.dispose()
  return (performance.now() - t) / 1000 / (Math.ceil(frames / chunk) * chunk)
}

/**
 * One stage-1 preset: the cached epoch is timed in full; recompute = every window frame through stage 1 at every
 * step + the same sequence step. compact: `RECOMPUTE_STEPS` real recompute steps (crops → latents → step);
 * thesis (128², 29 M parameters; does not train on wasm): stage 1 timed on 8 frames and scaled to the step's
 * frames, plus the measured cached step.
 */
function benchA(preset: 'compact' | 'thesis'): string[] {
  const a = anclafConfig(preset)
  const nets = createAnclaf(a)
  const size = a.inputSize
  const latentDim = tf.tidy(() => encodeLatentVectors(nets, a, tf.zeros([1, size, size, 3]) as Tensor4D).shape[1])
  const c = sequenceConfig('vi-des', { curriculum: [8], classWeights: { form: 'none' } })
  const n = 8
  let seed = 7
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const session: LabelledSession = {
    id: 'bench',
    frames: EPOCH_FRAMES,
    image: Float32Array.from({ length: EPOCH_FRAMES * latentDim }, rnd),
    valence: Float32Array.from({ length: EPOCH_FRAMES }, rnd),
    arousal: Float32Array.from({ length: EPOCH_FRAMES }, rnd)
  }
  const refs = shuffled(targetWindows([session]), 5)
  const steps = Math.floor(refs.length / c.batch)
  const m = createSequenceModel(c, { image: latentDim }, { attention: true })
  const opt = tf.train.adam(c.optimiser.lr, c.optimiser.beta1, c.optimiser.beta2)
  const idxOf = (s: number) => Array.from({ length: c.batch }, (_, b) => s * c.batch + b)
  const cachedStep = (s: number) => {
    const idx = idxOf(s)
    const b = stepBatchOf(c, { image: latentDim }, [session], idx.map((i) => refs[i]), n, null, idx)
    sequenceTrainStep(m, opt, b)
    disposeStepBatch(b)
  }
  const crops = preset === 'compact' ? new Uint8Array(EPOCH_FRAMES * size * size * 3).map(() => Math.floor(Math.random() * 256)) : null
  const recomputeStep = (s: number) => {
    const idx = idxOf(s)
    // Every window frame's crop (padding before the session start → frame 0's crop; the cache would give zeros).
    const frames = idx.flatMap((i) => Array.from({ length: n }, (_, k) => Math.max(0, refs[i].end - (n - 1) + k)))
    const px = size * size * 3
    const buf = new Float32Array(frames.length * px)
    frames.forEach((f, j) => {
      for (let p = 0; p < px; p++) buf[j * px + p] = crops![f * px + p] / 127.5 - 1
    })
    const x = tf.tensor4d(buf, [frames.length, size, size, 3])
    const lat = encodeLatentVectors(nets, a, x)
    const data = lat.dataSync() as Float32Array
    tf.dispose([x, lat])
    const win: LabelledSession = { ...session, frames: frames.length, image: data, valence: new Float32Array(frames.length), arousal: new Float32Array(frames.length) }
    const wrefs = idx.map((_, b) => ({ session: 0, end: b * n + n - 1 }))
    const b = stepBatchOf(c, { image: latentDim }, [win], wrefs, n, null, idx)
    sequenceTrainStep(m, opt, b)
    disposeStepBatch(b)
  }
  cachedStep(0)
  let t = performance.now()
  for (let s = 0; s < steps; s++) cachedStep(s)
  const cachedEpoch = (performance.now() - t) / 1000
  let recomputeStepS: number
  let how: string
  if (crops) {
    recomputeStep(1)
    t = performance.now()
    for (let s = 0; s < RECOMPUTE_STEPS; s++) recomputeStep(s)
    recomputeStepS = (performance.now() - t) / 1000 / RECOMPUTE_STEPS
    how = `measured over ${RECOMPUTE_STEPS} steps`
  } else {
    const perFrame = stage1PerFrame(nets, a, 8, 4)
    recomputeStepS = perFrame * c.batch * n + cachedEpoch / steps
    how = `stage 1 ${(perFrame * 1000).toFixed(0)} ms/frame measured on 8 frames × ${c.batch * n} frames + the cached step`
  }
  const recomputeEpoch = recomputeStepS * steps
  opt.dispose()
  disposeSequenceModel(m)
  disposeAnclaf(nets)
  return [
    `(a) ${preset} stage 1 (${size}², latent ${latentDim}-d enc_C); epoch = ${refs.length} shuffled windows (n = ${n}, batch ${c.batch}, ${steps} steps), LSTM ${c.hidden} + attention`,
    `    cached latents: ${cachedEpoch.toFixed(1)} s/epoch (${((cachedEpoch / steps) * 1000).toFixed(0)} ms/step, the full epoch timed)`,
    `    recompute stage 1: ${recomputeEpoch.toFixed(1)} s/epoch (${(recomputeStepS * 1000).toFixed(0)} ms/step, ${how})`,
    `    ratio recompute / cached: ${(recomputeEpoch / cachedEpoch).toFixed(1)}× (target ≥ 10×)`
  ]
}

function tfjsLstm(): { fwd: number; train: number } {
  const [T, B, D, H] = [8, 16, 1024, 512]
  const cell = attentionLstm('lstm', { inF: D, hidden: H, attention: true, attDim: H })
  const head = dense('head', { inF: H, outF: 2, act: 'tanh' })
  const p = { ...cell.init(1), ...head.init(1) }
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 1) as Tensor3D
  const mask = tf.ones([B, T]) as Tensor2D
  const y = tf.randomUniform([B, 2], -1, 1, 'float32', 2)
  const vars = Object.values(p)
  const opt: Optimizer = tf.train.adam(1e-4, 0.5, 0.999)
  const opts = { inputGrad: false } // x is data, as in the PyTorch reference
  // The forward is a prediction (PyTorch's reference runs it under torch.no_grad()): the lean inference recurrence.
  const forward = () => tf.tidy(() => head.apply(p, cell.apply(p, x, mask, { ...opts, inference: true }).last).dataSync())
  const step = () => {
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(head.apply(p, cell.apply(p, x, mask, opts).last), y))) as Scalar, vars)
    opt.applyGradients(grads)
    value.dataSync()
    tf.dispose([value, ...Object.values(grads)])
  }
  /** Best single repetition (least disturbed by other load; the PyTorch script does the same). */
  const time = (f: () => void) => {
    f()
    let best = Infinity
    for (let i = 0; i < REPS; i++) {
      const t = performance.now()
      f()
      best = Math.min(best, performance.now() - t)
    }
    return best
  }
  const r = { fwd: time(forward), train: time(step) }
  opt.dispose()
  tf.dispose([x, mask, y])
  disposeParams(p)
  return r
}

function torchLstm(threads: number): { fwd: number; train: number } | string {
  if (!existsSync('/usr/bin/python3')) return 'no /usr/bin/python3'
  const r = spawnSync('/usr/bin/python3', [TORCH_SCRIPT, String(threads), '8', '16', '1024', '512', String(REPS)], { encoding: 'utf8', timeout: 600_000 })
  const m = /forward ([\d.]+) ms, train step ([\d.]+) ms/.exec(r.stdout ?? '')
  if (!m) return `PyTorch did not run: ${(r.stderr ?? '').trim().split('\n').at(-1)}`
  return { fwd: Number(m[1]), train: Number(m[2]) }
}

/** Rounds alternate tfjs and PyTorch (1 and 2 threads); each reports its best round (least disturbed by load). */
function benchB(): string[] {
  const best = (a: { fwd: number; train: number } | null, b: { fwd: number; train: number }) => (a ? { fwd: Math.min(a.fwd, b.fwd), train: Math.min(a.train, b.train) } : b)
  let t: { fwd: number; train: number } | null = null
  const torch: Record<number, { fwd: number; train: number } | null> = { 1: null, 2: null }
  const notes: string[] = []
  for (let round = 0; round < ROUNDS; round++) {
    t = best(t, tfjsLstm())
    for (const threads of [1, 2]) {
      const r = torchLstm(threads)
      if (typeof r === 'string') notes.push(`torch ${threads} thread(s): ${r}`)
      else torch[threads] = best(torch[threads], r)
    }
  }
  const out = [`(b) LSTM(512) + attention, T = 8, batch 16, input 1024 — ms per batch, best single repetition over ${ROUNDS} rounds × ${REPS} reps`, `    tfjs: forward ${t!.fwd.toFixed(1)}, train step ${t!.train.toFixed(1)}`]
  for (const threads of [1, 2]) {
    const r = torch[threads]
    if (r) out.push(`    torch ${threads} thread(s): forward ${r.fwd.toFixed(1)}, train step ${r.train.toFixed(1)} → ratio tfjs/torch forward ${(t!.fwd / r.fwd).toFixed(2)}, train ${(t!.train / r.train).toFixed(2)} (target ≤ 1.5)`)
  }
  return [...out, ...[...new Set(notes)].map((n) => `    ${n}`)]
}

it('sequence models: cached vs recomputed stage 1, and the LSTM+attention step vs PyTorch', async () => {
  const backend = await initBackend()
  const lines = [`tfjs ${tf.version.tfjs} backend=${backend.name} threads=${backend.threads} simd=${backend.simd}`]
  if (env.BENCH_ONLY !== 'b') {
    lines.push(...benchA('compact'))
    if (env.BENCH_THESIS !== '0') lines.push(...benchA('thesis'))
  }
  if (env.BENCH_ONLY !== 'a') lines.push(...benchB())
  console.log(`\n[sequence bench]\n${lines.join('\n')}`)
})
