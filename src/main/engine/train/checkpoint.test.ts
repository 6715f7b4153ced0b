import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkpointWeightsHash, readCheckpointFile, writeCheckpointFile, type CheckpointData } from './checkpoint'

const ck = (epoch: number): CheckpointData<{ epoch: number }> => ({
  meta: { epoch },
  tensors: new Map([
    ['g/w', { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, epoch]) }],
    ['adam/g/m/w', { shape: [1], values: Float32Array.from([0.5]) }]
  ])
})

describe('checkpoints', () => {
  it('round-trips weights, optimiser state and meta', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'))
    const p = join(dir, 'last.ckpt')
    writeCheckpointFile(p, ck(3))
    const back = readCheckpointFile<{ epoch: number }>(p)
    expect(back.meta).toEqual({ epoch: 3 })
    expect(Array.from(back.tensors.get('g/w')!.values)).toEqual([1, 2, 3, 4, 5, 3])
    expect(back.tensors.get('g/w')!.shape).toEqual([2, 3])
    expect(Array.from(back.tensors.get('adam/g/m/w')!.values)).toEqual([0.5])
  })

  it('a write that fails half-way leaves the previous checkpoint valid and no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'))
    const p = join(dir, 'last.ckpt')
    writeCheckpointFile(p, ck(1))
    expect(() =>
      writeCheckpointFile(p, ck(2), (fd, data) => {
        writeFileSync(fd, data.subarray(0, 10))
        throw new Error('disk full')
      })
    ).toThrow(/disk full/)
    expect(readCheckpointFile<{ epoch: number }>(p).meta.epoch).toBe(1)
    expect(readdirSync(dir)).toEqual(['last.ckpt'])
  })

  it('detects a truncated or corrupted file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'))
    const p = join(dir, 'x.ckpt')
    writeCheckpointFile(p, ck(1))
    const buf = readFileSync(p)
    writeFileSync(p, buf.subarray(0, buf.byteLength - 4))
    expect(() => readCheckpointFile(p)).toThrow(/truncated/)
    buf[buf.byteLength - 1] ^= 0xff
    writeFileSync(p, buf)
    expect(() => readCheckpointFile(p)).toThrow(/checksum/)
  })

  it('hashes the weights from the header alone: same weights same hash, other weights or meta-only changes as expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'))
    const a = join(dir, 'a.ckpt')
    const b = join(dir, 'b.ckpt')
    writeCheckpointFile(a, ck(1))
    writeCheckpointFile(b, { ...ck(1), meta: { epoch: 99 } })
    expect(checkpointWeightsHash(a)).toMatch(/^[0-9a-f]{64}$/)
    expect(checkpointWeightsHash(b)).toBe(checkpointWeightsHash(a))
    writeCheckpointFile(b, ck(2))
    expect(checkpointWeightsHash(b)).not.toBe(checkpointWeightsHash(a))
    writeFileSync(b, 'not a checkpoint')
    expect(() => checkpointWeightsHash(b)).toThrow(/not a circumplex checkpoint/)
  })
})
