/**
 * Sample reconstructions of stage-1 training: a few fixed validation frames shown every epoch as clean | degraded
 * (G's input) | G(degraded), so one can watch G learn to undo the degradations. The frames and their degradations
 * are fixed for the whole run (evenly spaced validation frames, a seed of their own, probability 1), so epochs
 * compare like with like. Each epoch writes `<runDir>/samples/epoch-NNNN.json` (PNG images as base64) atomically;
 * clean and degraded PNGs are encoded once per job. Cost per epoch: one forward pass of G on `SAMPLE_COUNT` frames
 * and as many small PNGs (measured in samples.test.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deriveSeed } from '../../../core/folds/seeded-random'
import { encodePng } from '../../datasets/synth/png'
import type { Tensor4D } from '../tf'
import { getTf } from '../tf'
import { DEGRADATION_KINDS, type AnclafConfig } from '../models/anclaf/config'
import { cropsToTensor } from '../models/anclaf/infer'
import { normaliseInput } from '../models/anclaf/input-norm'
import { generator } from '../models/anclaf/generator'
import type { AnclafNets } from '../models/anclaf/model'
import { degradeBatch, type Degradation } from './degradations'
import { gatherCrops, type FrameSet } from './frame-set'

export const SAMPLES_DIR = 'samples'
export const SAMPLE_COUNT = 4

export interface SampleFileFrame {
  readonly index: number
  readonly valence: number
  readonly arousal: number
  readonly degradation: string | null
  /** base64 PNGs. */
  readonly clean: string
  readonly degraded: string
  readonly generated: string
}

export interface SampleFile {
  readonly epoch: number
  readonly size: number
  readonly frames: readonly SampleFileFrame[]
}

/** `n` evenly spaced frame indices of a set of `count` frames (all of them when there are fewer). */
export function sampleIndices(count: number, n = SAMPLE_COUNT): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i)
  return Array.from({ length: n }, (_, i) => Math.round(((i + 0.5) * count) / n - 0.5))
}

export function describeDegradation(d: Degradation | null): string | null {
  if (!d) return null
  switch (d.kind) {
    case 'downsample':
      return `downsample ×1/${d.factor}`
    case 'gaussian-blur':
      return `Gaussian blur σ ${d.sigma}`
    case 'gaussian-noise':
      return `Gaussian noise σ² ${d.variance}`
    case 'intensity':
      return `intensity ×${d.scale}`
    case 'motion-blur':
      return `motion blur ${d.length} px at ${d.angle}°`
  }
}

/** [n, S, S, 3] in [−1, 1] → n RGB byte images. */
async function toBytes(x: Tensor4D): Promise<Uint8Array> {
  const tf = getTf()
  const t = tf.tidy(() => tf.clipByValue(tf.round(tf.mul(tf.add(x, 1), 127.5)), 0, 255).toInt())
  try {
    return Uint8Array.from(await t.data())
  } finally {
    t.dispose()
  }
}

function png(bytes: Uint8Array, j: number, size: number): string {
  const fb = size * size * 3
  return encodePng(bytes.subarray(j * fb, (j + 1) * fb), size, size).toString('base64')
}

/** The fixed sample frames of a run: their degraded inputs stay in memory for the job; call `dispose`. */
export interface SampleWriter {
  /** Writes the epoch's reconstructions with the current G; returns the milliseconds it took. */
  write(nets: AnclafNets, epoch: number): Promise<number>
  dispose(): void
}

export async function createSampleWriter(c: AnclafConfig, val: FrameSet, runDir: string): Promise<SampleWriter | null> {
  const idx = sampleIndices(val.count)
  if (idx.length === 0) return null
  const size = val.size
  const raw = cropsToTensor(gatherCrops(val, idx), idx.length, size)
  const kinds = c.degrade.kinds.length > 0 ? c.degrade.kinds : DEGRADATION_KINDS
  const { images: rawDegraded, applied } = degradeBatch(raw, { seed: deriveSeed(c.seed, 0x5a3b1e), probability: 1, kinds })
  // What G sees and is compared with: with an input normalisation, the normalised images.
  const clean = normaliseInput(raw, c.inputNorm)
  const degraded = normaliseInput(rawDegraded, c.inputNorm)
  if (clean !== raw) getTf().dispose([raw, rawDegraded])
  const cleanBytes = await toBytes(clean)
  const degradedBytes = await toBytes(degraded)
  clean.dispose()
  const fixed = idx.map((f, j) => ({
    index: f,
    valence: val.valence[f],
    arousal: val.arousal[f],
    degradation: describeDegradation(applied[j]),
    clean: png(cleanBytes, j, size),
    degraded: png(degradedBytes, j, size)
  }))
  const dir = join(runDir, SAMPLES_DIR)
  return {
    async write(nets, epoch) {
      const t0 = performance.now()
      const tf = getTf()
      const gen = tf.tidy(() => generator(nets.g, c, degraded).image)
      let bytes: Uint8Array
      try {
        bytes = await toBytes(gen)
      } finally {
        gen.dispose()
      }
      const file: SampleFile = { epoch, size, frames: fixed.map((f, j) => ({ ...f, generated: png(bytes, j, size) })) }
      mkdirSync(dir, { recursive: true })
      const path = join(dir, sampleFileName(epoch))
      const tmp = `${path}.tmp-${process.pid}`
      writeFileSync(tmp, JSON.stringify(file))
      renameSync(tmp, path)
      return performance.now() - t0
    },
    dispose() {
      degraded.dispose()
    }
  }
}

export function sampleFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}.json`
}

/** Epochs with a sample file in a run folder, ascending. */
export function sampleEpochs(runDir: string): number[] {
  const dir = join(runDir, SAMPLES_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((f) => /^epoch-(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
}

export function readSampleFile(runDir: string, epoch: number): SampleFile {
  return JSON.parse(readFileSync(join(runDir, SAMPLES_DIR, sampleFileName(epoch)), 'utf8')) as SampleFile
}
