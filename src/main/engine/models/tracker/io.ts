/**
 * A tracker run folder: `config.json` (the validated TrackerConfig), `weights.ckpt` (the selected weights of every
 * sub-network, checkpoint.ts format: atomic, checksummed) and `checkpoint.ckpt` (the latest state, written after
 * each epoch). Weights are stored under their parameter names.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../../shared/ipc/errors'
import { setWeights, type NamedWeights } from '../../blocks/params'
import { readCheckpointFile, writeCheckpointFile } from '../../train/checkpoint'
import { validateTrackerConfig, type TrackerConfig } from './config'
import { createTrackerModel, disposeTrackerModel, type TrackerModel } from './model'

export const TRACKER_WEIGHTS = 'weights.ckpt'
export const TRACKER_LAST = 'checkpoint.ckpt'
export const TRACKER_CONFIG = 'config.json'

export interface TrackerCheckpointMeta {
  readonly kind: 'tracker'
  readonly config: TrackerConfig
  readonly phase: string
  readonly epoch: number
  readonly metrics: Record<string, number>
}

export function writeTrackerConfig(runDir: string, c: TrackerConfig): void {
  mkdirSync(runDir, { recursive: true })
  const path = join(runDir, TRACKER_CONFIG)
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(c, null, 2))
  renameSync(tmp, path)
}

export function writeTrackerWeights(path: string, meta: TrackerCheckpointMeta, weights: NamedWeights): void {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const [k, w] of Object.entries(weights)) tensors.set(k, { shape: w.shape, values: w.data })
  writeCheckpointFile(path, { meta, tensors })
}

export function readTrackerWeights(path: string): { meta: TrackerCheckpointMeta; weights: NamedWeights } {
  const ck = readCheckpointFile<TrackerCheckpointMeta>(path)
  if (ck.meta?.kind !== 'tracker') throw new AppError('INVALID_ARGUMENT', `${path} is not a tracker checkpoint`)
  const weights: NamedWeights = {}
  for (const [k, t] of ck.tensors) weights[k] = { shape: t.shape, data: t.values }
  return { meta: { ...ck.meta, config: validateTrackerConfig(ck.meta.config) }, weights }
}

/** Reads config + selected weights of a run folder (caller disposes with disposeTrackerModel). */
export function loadTrackerFromDir(runDir: string): TrackerModel {
  const wPath = join(runDir, TRACKER_WEIGHTS)
  if (!existsSync(wPath)) throw new AppError('NOT_FOUND', `no trained tracker weights in ${runDir} (missing ${TRACKER_WEIGHTS})`)
  const { meta, weights } = readTrackerWeights(wPath)
  const cfgPath = join(runDir, TRACKER_CONFIG)
  if (existsSync(cfgPath)) {
    const onDisk = validateTrackerConfig(JSON.parse(readFileSync(cfgPath, 'utf8')) as TrackerConfig)
    if (JSON.stringify(onDisk) !== JSON.stringify(meta.config)) throw new AppError('INVALID_ARGUMENT', `${cfgPath} does not match the config stored with ${TRACKER_WEIGHTS}`)
  }
  const m = createTrackerModel(meta.config)
  try {
    setWeights(m.params, weights)
  } catch (e) {
    disposeTrackerModel(m)
    throw new AppError('INVALID_ARGUMENT', `${wPath}: ${(e as Error).message}`)
  }
  return m
}
