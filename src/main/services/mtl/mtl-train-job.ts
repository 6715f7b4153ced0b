/**
 * 'model:train-mtl' job body (worker thread): stage-1 latents of the fold's clips (the frozen backbone; computed first
 * where absent), the multi-task schedule on them (engine/train/mtl-trainer.ts), a checkpoint after every phase
 * (`<runDir>/mtl.ckpt`, atomic: a killed run keeps the phases it finished), the run's record in `<runDir>/mtl.json`,
 * then the final model on the held-out TEST subjects (P_MTL and each task's metric, never used for selection) and the
 * learned AU graph over those frames (`au-adjacency.json` / `.svg`; over validation when the fold has no test subject).
 *
 * Progress: latent frames to encode count 1/8 of a training step each, then training steps; cancel stops between
 * steps (CANCELLED; finished phases stay in the checkpoint). A re-run trains again from the start.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { validateMtlConfig, type MtlConfig } from '../../engine/models/mtl/config'
import { inferMtl } from '../../engine/models/mtl/infer'
import { mtlMetrics, type MtlMetrics } from '../../engine/models/mtl/metrics'
import { disposeMtlModel } from '../../engine/models/mtl/model'
import { mtlCheckpointPath, mtlModelFromCheckpoint, readMtlCheckpoint, writeMtlCheckpoint } from '../../engine/train/mtl-checkpoint'
import { phaseFrames, trainMtl, type MtlPhaseRecord, type MtlSet } from '../../engine/train/mtl-trainer'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, loadStage1, type Stage1Ref } from '../latents/latent-compute'
import { adjacencyOf, adjacencySvg, type AuAdjacency } from './au-adjacency'
import { loadMtlClips, poolSets, type MtlClip } from './mtl-data'

export interface MtlTrainJobArgs {
  readonly runId: string
  readonly config: MtlConfig
  readonly dataDir: string
  readonly fold: SplitFold
  readonly latentHash: string
  readonly dataHash: string
  readonly stage1: Stage1Ref
  readonly runDir: string
  readonly cacheDir: string
  readonly latentsRoot: string
}

/** `<runDir>/mtl.json`: the run's record (also copied into the store's config_json). */
export interface MtlHistory {
  readonly status: 'running' | 'done'
  readonly runId: string
  readonly fold: string
  readonly dims: { readonly feature: number } | null
  readonly clips: Readonly<Record<'train' | 'val' | 'test', string[]>>
  /** Frames with each label per split. */
  readonly labelled: Readonly<Record<'train' | 'val' | 'test', { au: number; expr: number; va: number }>>
  readonly phases: readonly MtlPhaseRecord[]
  readonly lossWeights: { readonly au: readonly number[]; readonly expr: readonly number[] } | null
  /** The final model on validation and on the held-out test subjects. */
  readonly val: MtlMetrics | null
  readonly test: MtlMetrics | null
  readonly checkpoint: string
  readonly adjacency: { readonly json: string; readonly svg: string; readonly split: 'test' | 'val'; readonly frames: number } | null
  readonly latents: { readonly computedFrames: number; readonly wallS: number }
  readonly backend: string
}

export const MTL_HISTORY = 'mtl.json'
export const ADJACENCY_JSON = 'au-adjacency.json'
export const ADJACENCY_SVG = 'au-adjacency.svg'

export type MtlTrainJobResult = MtlHistory

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, text)
  renameSync(tmp, path)
}

function isArgs(a: unknown): a is MtlTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.config === 'object' && typeof o.stage1 === 'object'
}

function labelledCounts(s: MtlSet | null): { au: number; expr: number; va: number } {
  return s ? { au: phaseFrames(s, 'au').length, expr: phaseFrames(s, 'expr').length, va: phaseFrames(s, 'va').length } : { au: 0, expr: 0, va: 0 }
}

export const mtlTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed multi-task training job arguments')
  const a = raw
  const config = validateMtlConfig(a.config)
  const backend = await jobBackend()
  mkdirSync(a.runDir, { recursive: true })
  const st = loadStage1(a.stage1)
  let clips: MtlClip[]
  const t0 = Date.now()
  let encodeTotal = 0
  let latentUnits = 0
  try {
    clips = await loadMtlClips({
      dataDir: a.dataDir,
      fold: a.fold,
      latentHash: a.latentHash,
      stage1: st,
      latentsRoot: a.latentsRoot,
      cacheDir: a.cacheDir,
      signal: ctx.signal,
      onProgress: (done, total) => {
        encodeTotal = total
        latentUnits = total / 8
        ctx.progress(done / 8, latentUnits + 1)
      }
    })
  } finally {
    disposeStage1(st)
  }
  const latentsWallS = (Date.now() - t0) / 1000
  const F = clips.length && clips[0].set.frames ? clips[0].set.features.length / clips[0].set.frames : 0
  const of = (s: 'train' | 'val' | 'test') => clips.filter((c) => c.split === s)
  const pool = (s: 'train' | 'val' | 'test') => (of(s).length ? poolSets(of(s).map((c) => c.set), F) : null)
  const train = pool('train')
  const val = pool('val')
  const test = pool('test')
  if (!train || !val) throw new AppError('INVALID_ARGUMENT', `fold '${a.fold.name}' has no ${train ? 'validation' : 'training'} clips in ${a.dataDir}`)
  const names = { train: of('train').map((c) => c.clip.clipId), val: of('val').map((c) => c.clip.clipId), test: of('test').map((c) => c.clip.clipId) }
  const ckPath = mtlCheckpointPath(a.runDir)
  const historyPath = join(a.runDir, MTL_HISTORY)
  const phases: MtlPhaseRecord[] = []
  const base = {
    runId: a.runId,
    fold: a.fold.name,
    dims: { feature: F },
    clips: names,
    labelled: { train: labelledCounts(train), val: labelledCounts(val), test: labelledCounts(test) },
    phases,
    checkpoint: ckPath,
    latents: { computedFrames: encodeTotal, wallS: latentsWallS },
    backend
  }
  writeAtomic(historyPath, JSON.stringify({ ...base, status: 'running', lossWeights: null, val: null, test: null, adjacency: null } satisfies MtlHistory, null, 1))
  const provenance = { runId: a.runId, stage1: a.stage1, dataHash: a.dataHash, latentHash: a.latentHash, fold: a.fold.name }
  const result = await trainMtl({
    config,
    train,
    val,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(latentUnits + p.done, latentUnits + p.total),
    onPhase: (rec, weights) => {
      phases.push(rec)
      writeMtlCheckpoint(ckPath, { kind: 'mtl', config, dims: { feature: F }, phases: phases.map((p) => p.phase), provenance }, weights)
      writeAtomic(historyPath, JSON.stringify({ ...base, status: 'running', lossWeights: null, val: null, test: null, adjacency: null } satisfies MtlHistory, null, 1))
    }
  })
  // Held-out evaluation with the stored checkpoint (exactly what inference will use) and the AU graph over those frames.
  const { meta, weights } = readMtlCheckpoint(ckPath)
  const m = mtlModelFromCheckpoint(meta, weights)
  let testMetrics: MtlMetrics | null = null
  let adjacency: MtlHistory['adjacency'] = null
  try {
    const graphSet = test ?? val
    const r = await inferMtl(m, graphSet, { adjacency: true, signal: ctx.signal })
    if (test) testMetrics = mtlMetrics(r, test, config.auThreshold)
    const adj: AuAdjacency = adjacencyOf(r.adjacency!.sum, r.adjacency!.frames, config.neighbours)
    const json = join(a.runDir, ADJACENCY_JSON)
    const svg = join(a.runDir, ADJACENCY_SVG)
    writeAtomic(json, JSON.stringify({ runId: a.runId, split: test ? 'test' : 'val', ...adj }, null, 1))
    writeAtomic(svg, adjacencySvg(adj, `MTL run ${a.runId} (${a.fold.name}, ${test ? 'test' : 'validation'} subjects)`))
    adjacency = { json, svg, split: test ? 'test' : 'val', frames: adj.frames }
  } finally {
    disposeMtlModel(m)
  }
  const done: MtlHistory = { ...base, status: 'done', lossWeights: result.lossWeights, val: result.val, test: testMetrics, adjacency }
  writeAtomic(historyPath, JSON.stringify(done, null, 1))
  return done satisfies MtlTrainJobResult
}
