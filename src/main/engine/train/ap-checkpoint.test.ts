import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apConfig } from '../models/ap/config'
import { writeCheckpointFile } from './checkpoint'
import { readApCheckpoint, writeApCheckpoint } from './ap-checkpoint'

describe('AP checkpoints', () => {
  it('round-trip the decoder choice, and read one written before decoderOutput existed as the direct decoder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ap-ck-'))
    const res = join(dir, 'res.ckpt')
    writeApCheckpoint(res, { kind: 'ap', config: apConfig({ decoderOutput: 'residual' }), featureDim: 4, epoch: 2, provenance: {} }, { w: { shape: [2], data: Float32Array.from([1, 2]) } })
    const back = readApCheckpoint(res)
    expect(back.meta.config.decoderOutput).toBe('residual')
    expect([...back.weights.w.data]).toEqual([1, 2])
    const { decoderOutput: _d, ...old } = apConfig()
    const oldPath = join(dir, 'old.ckpt')
    writeCheckpointFile(oldPath, { meta: { kind: 'ap', config: old, featureDim: 4, epoch: 1, provenance: {} }, tensors: new Map() })
    expect(readApCheckpoint(oldPath).meta.config.decoderOutput).toBe('direct')
  })
})
