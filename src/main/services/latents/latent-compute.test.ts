/**
 * The latent cache end to end on a real (tiny, synthetic) video: image latents from the landmark crops, audio
 * latents from the spectrogram windows, reuse, invalidation when the stage-1 weights change, masked frames where
 * the audio ends early, and clear refusals (no audio, wrong stage-1 input kind). No tensor leaks.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateSession, type SynthSessionResult } from '../../datasets/synth/generate-session'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { writeMp4 } from '../../datasets/synth/video-writer'
import { computeSessionSpectrogram } from '../../media/audio/session-spectrogram'
import { createAnclaf, disposeAnclaf } from '../../engine/models/anclaf/model'
import { netsToCheckpoint } from '../../engine/train/anclaf-trainer'
import { checkpointWeightsHash, writeCheckpointFile } from '../../engine/train/checkpoint'
import { tinyConfig } from '../../engine/train/test-fixtures'
import { useBackend } from '../../engine/train/use-backend'
import { getTf } from '../../engine/tf'
import { disposeStage1, ensureLatents, hasLatents, loadStage1, type LatentSource, type Stage1Ref } from './latent-compute'
import { readLatentHeader } from './latent-cache'

function writeStage1(path: string, input: 'image' | 'spectrogram', seed: number): string {
  const c = tinyConfig({ input, seed })
  const nets = createAnclaf(c)
  writeCheckpointFile(path, netsToCheckpoint(nets, null, { kind: 'anclaf-stage1', config: c, dataHash: 'd', epoch: 1, history: [], bestEpoch: 1, adamSteps: {} }))
  disposeAnclaf(nets)
  return checkpointWeightsHash(path)
}

describe.skipIf(!HAVE_FFMPEG)('latent cache: computing, reusing and invalidating per-session latents', () => {
  let dir: string
  let session: SynthSessionResult
  beforeAll(async () => {
    await useBackend('wasm')
    dir = mkdtempSync(join(tmpdir(), 'cx-latents-'))
    session = await generateSession({ subjectId: 's1', sessionId: 'lat', seed: 3, seconds: 1.2, fps: 10, width: 96, height: 96, degrade: false }, dir)
  }, 60_000)

  const source = (extra: Partial<LatentSource> = {}): LatentSource => ({
    id: 'lat',
    key: 'session-lat',
    inputCacheKey: null,
    video: session.videoPath,
    frames: session.frameCount,
    landmarks: session.landmarks,
    fps: 10,
    ...extra
  })

  it('image: computes once, then reuses; other stage-1 weights invalidate (recompute, or CONFLICT when asked to refuse)', async () => {
    const tf = getTf()
    const root = join(dir, 'latents-img')
    const ck = join(dir, 'img.ckpt')
    const ref: Stage1Ref = { runId: 'img-run', checkpoint: ck, weightsHash: writeStage1(ck, 'image', 1), modality: 'image' }
    const st = loadStage1(ref)
    const before = tf.memory().numTensors
    const o = { latentsRoot: root, cacheDir: dir }
    const a = await ensureLatents(st, source(), o)
    expect(tf.memory().numTensors).toBe(before)
    expect(a.computed).toBe(true)
    expect(a.header).toMatchObject({ dims: 8, frames: 12, modality: 'image', input: 'image', cropPolicy: 'compact-64', vector: 'enc_C', weightsHash: ref.weightsHash })
    expect(a.valid.every((v) => v === 1)).toBe(true)
    expect(a.data.some((v) => v !== 0)).toBe(true)
    expect(hasLatents(root, ref, 'session-lat', 12)).toBe(true)
    const b = await ensureLatents(st, source(), o)
    expect(b.computed).toBe(false)
    expect([...b.data]).toEqual([...a.data])
    disposeStage1(st)

    // Retrain (other weights in the same checkpoint path): the old reference is refused, the cache is stale.
    const newHash = writeStage1(ck, 'image', 2)
    expect(() => loadStage1(ref)).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    const st2 = loadStage1({ ...ref, weightsHash: newHash })
    expect(hasLatents(root, { ...ref, weightsHash: newHash }, 'session-lat', 12)).toBe(false)
    await expect(ensureLatents(st2, source(), { ...o, stale: 'refuse' })).rejects.toMatchObject({ code: 'CONFLICT' })
    const c = await ensureLatents(st2, source(), o)
    expect(c.computed).toBe(true)
    expect(readLatentHeader(root, 'img-run', 'session-lat')!.weightsHash).toBe(newHash)
    expect([...c.data]).not.toEqual([...a.data])
    disposeStage1(st2)
  }, 60_000)

  it('audio: spectrogram latents; audio shorter than video gives MASKED frames; no audio or a face model refuses', async () => {
    const root = join(dir, 'latents-aud')
    const ck = join(dir, 'aud.ckpt')
    const ref: Stage1Ref = { runId: 'aud-run', checkpoint: ck, weightsHash: writeStage1(ck, 'spectrogram', 1), modality: 'audio' }
    const st = loadStage1(ref)
    const full = await ensureLatents(st, source(), { latentsRoot: root, cacheDir: dir })
    expect(full.header).toMatchObject({ modality: 'audio', input: 'spectrogram', dims: 8 })
    expect(full.valid.every((v) => v === 1)).toBe(true)
    const spec = (await computeSessionSpectrogram(session.videoPath)).spectrogram
    const short = await ensureLatents(st, source({ key: 'short-audio', spectrogram: { spec, audioDurationSec: 0.55 } }), { latentsRoot: root, cacheDir: dir })
    expect([...short.valid]).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    expect(short.header.invalid).toEqual([[6, 12]])
    expect(short.data.subarray(6 * 8).every((v) => v === 0)).toBe(true)
    // A video without an audio track.
    const silent = join(dir, 'silent.mp4')
    await writeMp4(silent, 5, (_, out) => out.fill(90), { width: 64, height: 64, fps: 10 })
    await expect(ensureLatents(st, source({ key: 'silent', video: silent, frames: 5 }), { latentsRoot: root, cacheDir: dir })).rejects.toMatchObject({
      code: 'MEDIA_NO_AUDIO',
      message: expect.stringMatching(/audio \(spectrogram\) models cannot use it/)
    })
    disposeStage1(st)
    expect(() => loadStage1({ ...ref, modality: 'image' })).toThrow(/trained on spectrogram windows, but the image branch needs a model trained on face crops/)
  }, 60_000)
})
