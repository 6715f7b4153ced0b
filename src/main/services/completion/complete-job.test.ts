import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planSession } from '../../datasets/synth/generate-session'
import { DEFAULT_MEL_PARAMS } from '../../media/audio/mel-params'
import { completeJob, type CompleteJobArgs, type CompleteJobResult } from './complete-job'

function args(overrides: Partial<CompleteJobArgs> = {}): CompleteJobArgs {
  const plan = planSession({ subjectId: 's8', sessionId: 'j', seed: 8, seconds: 8, fps: 25, width: 192, height: 192, degrade: false })
  const cut = 100
  return {
    frames: plan.frameCount,
    fps: 25,
    landmarks: plan.landmarks,
    spectrogram: null,
    frameTimes: Float64Array.from({ length: plan.frameCount }, (_, f) => f / 25),
    valence: Float32Array.from(plan.valence, (v, i) => (i < cut ? v : NaN)),
    arousal: Float32Array.from(plan.arousal, (v, i) => (i < cut ? v : NaN)),
    members: 3,
    method: 'ridge-ensemble',
    seed: 1,
    ...overrides
  }
}

describe("the 'session:complete' job body", () => {
  it('reports progress to the end and completes from the face when the spectrogram cache is missing', async () => {
    const steps: Array<[number, number]> = []
    const r = (await completeJob(args({ spectrogram: { cacheDir: mkdtempSync(join(tmpdir(), 'cx-cj-')), cacheKey: 'abcdef0123456789', params: DEFAULT_MEL_PARAMS } }), {
      progress: (d, t) => steps.push([d, t]),
      signal: new AbortController().signal
    })) as CompleteJobResult
    expect(steps[0]).toEqual([0, 4])
    expect(steps.at(-1)).toEqual([4, 4])
    expect(r.audioNote).toMatch(/completed from the face alone/)
    expect(r.featureGroups).toEqual(['geometry'])
    expect(r.report.valence.proposedFrames).toBe(100)
  })

  it('stops with CANCELLED when cancelled, and refuses malformed arguments or too little to learn from', async () => {
    const ac = new AbortController()
    ac.abort()
    await expect(completeJob(args(), { progress: () => undefined, signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    const live = { progress: () => undefined, signal: new AbortController().signal }
    await expect(completeJob({ frames: 3 }, live)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'malformed completion job arguments' })
    const none = new Float32Array(200).fill(NaN)
    none[0] = 0.1
    await expect(completeJob(args({ valence: none, arousal: none }), live)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/only 1 annotated frame/) })
  })
})
