/**
 * Checkpoints of the multi-task model (checkpoint.ts format: atomic, checksummed): the whole model's weights (every
 * head at its validation-selected epoch, batch-norm running statistics included), the config, the feature width, the
 * phases finished so far, and free-form provenance (the stage-1 run and weights hash whose latents were its input).
 */
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { NamedWeights } from '../blocks/params'
import { validateMtlConfig, type MtlConfig } from '../models/mtl/config'
import { createMtlModel, setMtlWeights, type MtlDims, type MtlModel } from '../models/mtl/model'
import { readCheckpointFile, writeCheckpointFile } from './checkpoint'

export interface MtlCheckpointMeta {
  readonly kind: 'mtl'
  readonly config: MtlConfig
  readonly dims: MtlDims
  /** Phases whose selected weights this file holds ('au', 'expr', 'va' or 'joint'). */
  readonly phases: readonly string[]
  readonly provenance: Readonly<Record<string, unknown>>
}

export const MTL_CHECKPOINT = 'mtl.ckpt'

export function mtlCheckpointPath(runDir: string): string {
  return join(runDir, MTL_CHECKPOINT)
}

export function writeMtlCheckpoint(path: string, meta: MtlCheckpointMeta, weights: NamedWeights): void {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const [k, w] of Object.entries(weights)) tensors.set(k, { shape: w.shape, values: w.data })
  writeCheckpointFile(path, { meta, tensors })
}

export function readMtlCheckpoint(path: string): { meta: MtlCheckpointMeta; weights: NamedWeights } {
  const ck = readCheckpointFile<MtlCheckpointMeta>(path)
  if (ck.meta?.kind !== 'mtl') throw new AppError('INVALID_ARGUMENT', `${path} is not a multi-task (mtl) checkpoint`)
  const weights: NamedWeights = {}
  for (const [k, t] of ck.tensors) weights[k] = { shape: t.shape, data: t.values }
  return { meta: { ...ck.meta, config: validateMtlConfig(ck.meta.config) }, weights }
}

/** The checkpoint's model (caller disposes with disposeMtlModel). */
export function mtlModelFromCheckpoint(meta: MtlCheckpointMeta, weights: NamedWeights): MtlModel {
  const m = createMtlModel(meta.config, meta.dims)
  setMtlWeights(m, weights)
  return m
}
