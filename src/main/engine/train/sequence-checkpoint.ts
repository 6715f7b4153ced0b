/**
 * Checkpoints of sequence-model curriculum stages: one file per stage (`stage-<name>.ckpt`, checkpoint.ts format:
 * atomic, checksummed) holding the stage's validation-selected weights, the full sequence config, the latent sizes,
 * the stage (name, window n, attention) and free-form provenance (e.g. the stage-1 runs and weights hashes whose
 * latents it was trained on).
 */
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { NamedWeights } from '../blocks/params'
import { setWeights } from '../blocks/params'
import { validateSequenceConfig, type SequenceConfig } from '../models/sequence/config'
import { createSequenceModel, type LatentDims, type SequenceModel } from '../models/sequence/model'
import { readCheckpointFile, writeCheckpointFile } from './checkpoint'

export interface SequenceStageMeta {
  readonly kind: 'sequence-stage'
  readonly config: SequenceConfig
  readonly dims: LatentDims
  readonly stage: { readonly name: string; readonly n: number; readonly attention: boolean; readonly bestEpoch: number }
  readonly provenance: Readonly<Record<string, unknown>>
}

export function stageCheckpointPath(runDir: string, stage: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(stage)) throw new AppError('INVALID_ARGUMENT', `stage name '${stage}' is not a plain file name`)
  return join(runDir, `stage-${stage}.ckpt`)
}

export function writeStageCheckpoint(path: string, meta: SequenceStageMeta, weights: NamedWeights): void {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const [k, w] of Object.entries(weights)) tensors.set(k, { shape: w.shape, values: w.data })
  writeCheckpointFile(path, { meta, tensors })
}

export function readStageCheckpoint(path: string): { meta: SequenceStageMeta; weights: NamedWeights } {
  const ck = readCheckpointFile<SequenceStageMeta>(path)
  if (ck.meta?.kind !== 'sequence-stage') throw new AppError('INVALID_ARGUMENT', `${path} is not a sequence-model stage checkpoint`)
  const weights: NamedWeights = {}
  for (const [k, t] of ck.tensors) weights[k] = { shape: t.shape, data: t.values }
  // Checkpoints written before `audioDropout` existed trained without it (0).
  const stored = ck.meta.config as SequenceConfig & { audioDropout?: number }
  return { meta: { ...ck.meta, config: validateSequenceConfig({ ...stored, audioDropout: stored.audioDropout ?? 0 }) }, weights }
}

/** The stage's model with its weights (caller disposes with disposeSequenceModel). */
export function modelFromStage(meta: SequenceStageMeta, weights: NamedWeights): SequenceModel {
  const m = createSequenceModel(meta.config, meta.dims, { attention: meta.stage.attention })
  setWeights(m.params, weights)
  return m
}
