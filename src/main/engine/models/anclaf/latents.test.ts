import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor2D, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { tinyConfig } from '../../train/test-fixtures'
import { useBackend } from '../../train/use-backend'
import { anclafConfig } from './config'
import { cropsToTensor } from './infer'
import { encodeLatentVectors, headFromLatents, latentVectorSize, latentVectorsOfCrops } from './latents'
import { anclafForward, createAnclaf, disposeAnclaf } from './model'

const tf = getTf()

describe('ANCLaF latent vectors (enc_C output) for the latent cache', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('has the preset sizes: 256 (compact), 1024 (thesis), 8 (tiny)', () => {
    expect(latentVectorSize(anclafConfig('compact'))).toBe(256)
    expect(latentVectorSize(anclafConfig('thesis'))).toBe(1024)
    expect(latentVectorSize(tinyConfig())).toBe(8)
  })

  it("C's FC head on the cached vectors reproduces stage 1's V/A exactly (the vectors are what C reads)", async () => {
    const c = tinyConfig()
    const nets = createAnclaf(c)
    const bytes = Uint8Array.from({ length: 3 * 64 * 64 * 3 }, (_, i) => (i * 37) % 251)
    const x = cropsToTensor(bytes, 3, 64)
    const direct = tf.tidy(() => anclafForward(nets, c, x).va.dataSync())
    const v = encodeLatentVectors(nets, c, x)
    expect(v.shape).toEqual([3, 8])
    const viaCache = headFromLatents(nets, c, v).dataSync()
    for (let i = 0; i < direct.length; i++) expect(viaCache[i]).toBeCloseTo(direct[i], 5)
    // Batched extraction with a missing frame: same rows, zeros for the missing one.
    const lat = await latentVectorsOfCrops(nets, c, bytes, 3, { batch: 2, missing: Uint8Array.of(0, 1, 0) })
    const vv = v.dataSync()
    for (const f of [0, 2]) for (let k = 0; k < 8; k++) expect(lat.data[f * 8 + k]).toBeCloseTo(vv[f * 8 + k], 5)
    expect([...lat.data.subarray(8, 16)]).toEqual(new Array(8).fill(0))
    tf.dispose([x, v])
    disposeAnclaf(nets)
  })

  it('leaks no tensors', async () => {
    const c = tinyConfig()
    const nets = createAnclaf(c)
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 2) as Tensor4D
    const before = tf.memory().numTensors
    const v: Tensor2D = encodeLatentVectors(nets, c, x)
    headFromLatents(nets, c, v).dispose()
    v.dispose()
    await latentVectorsOfCrops(nets, c, new Uint8Array(5 * 64 * 64 * 3), 5, { batch: 2 })
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    disposeAnclaf(nets)
  })
})
