/**
 * AP checkpoints (checkpoint.ts format: atomic, checksummed): the validation-selected weights, the full AP config,
 * the backbone's feature size, the epoch and free-form provenance (the backbone run and the hash of the weights
 * whose features and predictions the AP was trained on).
 */
import { AppError } from '../../../shared/ipc/errors'
import { setWeights, type NamedWeights } from '../blocks/params'
import { validateApConfig, type ApConfig } from '../models/ap/config'
import { createApModel, type ApModel } from '../models/ap/model'
import { CheckpointError, readCheckpointFile, writeCheckpointFile } from './checkpoint'

export interface ApCheckpointMeta {
  readonly kind: 'ap'
  readonly config: ApConfig
  readonly featureDim: number
  readonly epoch: number
  readonly provenance: Readonly<Record<string, unknown>>
}

export function writeApCheckpoint(path: string, meta: ApCheckpointMeta, weights: NamedWeights): void {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const [k, w] of Object.entries(weights)) tensors.set(k, { shape: w.shape, values: w.data })
  writeCheckpointFile(path, { meta, tensors })
}

export function readApCheckpoint(path: string): { meta: ApCheckpointMeta; weights: NamedWeights } {
  let ck
  try {
    ck = readCheckpointFile<ApCheckpointMeta>(path)
  } catch (e) {
    if (e instanceof CheckpointError) throw new AppError('PARSE_ERROR', e.message)
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `AP checkpoint ${path} is missing`)
    throw e
  }
  if (ck.meta?.kind !== 'ap') throw new AppError('INVALID_ARGUMENT', `${path} is not an Affective Process checkpoint`)
  const weights: NamedWeights = {}
  for (const [k, t] of ck.tensors) weights[k] = { shape: t.shape, data: t.values }
  // Checkpoints written before `decoderOutput` existed decode directly (the paper's decoder).
  const stored = ck.meta.config as ApConfig & { decoderOutput?: ApConfig['decoderOutput'] }
  return { meta: { ...ck.meta, config: validateApConfig({ ...stored, decoderOutput: stored.decoderOutput ?? 'direct' }) }, weights }
}

/** The checkpoint's model with its weights (caller disposes with disposeApModel). */
export function apModelFromCheckpoint(meta: ApCheckpointMeta, weights: NamedWeights): ApModel {
  const m = createApModel(meta.config, meta.featureDim)
  setWeights(m.params, weights)
  return m
}
