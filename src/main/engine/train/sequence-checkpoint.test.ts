import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getWeights } from '../blocks/params'
import { sequenceConfig } from '../models/sequence/config'
import { createSequenceModel, disposeSequenceModel } from '../models/sequence/model'
import { getTf } from '../tf'
import { writeCheckpointFile } from './checkpoint'
import { modelFromStage, readStageCheckpoint, stageCheckpointPath, writeStageCheckpoint } from './sequence-checkpoint'
import { useBackend } from './use-backend'

describe('sequence stage checkpoints', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('round-trip a stage: config, dims, stage, provenance and weights; the model rebuilt from it has the same weights; no leaks', () => {
    const tf = getTf()
    const c = sequenceConfig('avi-gas', { hidden: 4, attentionDim: 4, gmuDim: 4 })
    const dims = { image: 3, audio: 2 }
    const m = createSequenceModel(c, dims, { attention: true })
    const p = stageCheckpointPath(mkdtempSync(join(tmpdir(), 'seq-ck-')), 'AVi-GaS-8')
    expect(p).toMatch(/stage-AVi-GaS-8\.ckpt$/)
    writeStageCheckpoint(p, { kind: 'sequence-stage', config: c, dims, stage: { name: 'AVi-GaS-8', n: 8, attention: true, bestEpoch: 2 }, provenance: { stage1: { image: { runId: 'r' } } } }, getWeights(m.params))
    const before = tf.memory().numTensors
    const back = readStageCheckpoint(p)
    expect(back.meta).toMatchObject({ config: c, dims, stage: { n: 8 }, provenance: { stage1: { image: { runId: 'r' } } } })
    const m2 = modelFromStage(back.meta, back.weights)
    for (const k of Object.keys(m.params)) expect([...m2.params[k].dataSync()]).toEqual([...m.params[k].dataSync()])
    disposeSequenceModel(m2)
    expect(tf.memory().numTensors).toBe(before)
    disposeSequenceModel(m)
    writeCheckpointFile(p, { meta: { kind: 'anclaf-stage1' }, tensors: new Map() })
    expect(() => readStageCheckpoint(p)).toThrow(/not a sequence-model stage checkpoint/)
    writeFileSync(p, 'x')
    expect(() => readStageCheckpoint(p)).toThrow(/not a circumplex checkpoint/)
    expect(() => stageCheckpointPath('/x', '../a')).toThrow(/plain file name/)
  })

  it('reads a checkpoint written before audioDropout existed as audioDropout 0', () => {
    const c = sequenceConfig('avi-gas', { hidden: 4, attentionDim: 4, gmuDim: 4 })
    const { audioDropout: _drop, ...old } = c
    const p = stageCheckpointPath(mkdtempSync(join(tmpdir(), 'seq-ck-')), 'AVi-GaS-2')
    writeCheckpointFile(p, { meta: { kind: 'sequence-stage', config: old, dims: { image: 3, audio: 2 }, stage: { name: 'AVi-GaS-2', n: 2, attention: true, bestEpoch: 1 }, provenance: {} }, tensors: new Map() })
    expect(readStageCheckpoint(p).meta.config.audioDropout).toBe(0)
  })
})
