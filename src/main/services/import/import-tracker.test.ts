import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import { generateSession } from '../../datasets/synth/generate-session'
import type { RgbImage } from '../../faces/human-detector'
import type { TrackerSpec } from '../../faces/trackers/registry'
import type { SequenceTracker, TrackerInit, TrackStep } from '../../faces/trackers/types'
import { HAVE_FFMPEG } from '../../media/fixtures/bad-media-corpus'
import { importJob, type ImportJobResult } from './import-job'

const opened: TrackerSpec[] = []
const calls = { init: 0, step: 0, disposed: 0 }

/** A stand-in trained tracker: follows the init points, shifted by (+3, −2) px per step, with pFace 0.66. */
function fakeTracker(spec: TrackerSpec & { kind: 'trained' }): SequenceTracker {
  let pts: Point2[] = []
  const answer = (): TrackStep => ({ points: pts, box: [pts[0][0], pts[0][1], 10, 10], pFace: 0.66, reinitialised: false })
  return {
    id: spec.id,
    async init(_f: RgbImage, from: TrackerInit) {
      calls.init++
      pts = (from.points ?? []).map(([x, y]) => [x, y] as Point2)
      return answer()
    },
    async step() {
      calls.step++
      pts = pts.map(([x, y]) => [x + 3, y - 2] as Point2)
      return answer()
    },
    dispose: () => void calls.disposed++
  }
}

vi.mock('../../faces/trackers/registry', () => ({
  openTracker: async (spec: TrackerSpec) => {
    opened.push(spec)
    if (spec.kind !== 'trained') throw new Error('the default tracker must not be opened here')
    return fakeTracker(spec)
  }
}))

describe.skipIf(!HAVE_FFMPEG)('import with a chosen landmark tracker', () => {
  it('tracks the session with that tracker and stores its id as the detector', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-import-tracker-'))
    const s = await generateSession({ subjectId: 's01', sessionId: 'trk', seed: 5, seconds: 1, fps: 25, width: 160, height: 160, degrade: false }, dir)
    const spec: TrackerSpec = { kind: 'trained', id: 'dcrt:run-fake', runId: 'run-fake', runDir: '/runs/run-fake', denoise: true, label: 'DCRT (run run-fake, denoiser on)' }
    const r = (await importJob(
      { path: s.videoPath, cacheDir: dir, faces: true, spectrogram: false, maxSide: 640, tracker: spec },
      { progress: () => undefined, signal: new AbortController().signal }
    )) as ImportJobResult
    const f = r.faces
    expect(f?.detector).toBe('dcrt:run-fake')
    expect(opened).toEqual([spec])
    expect(calls.init).toBe(1)
    expect(calls.step).toBe(s.frameCount - 1)
    expect(calls.disposed).toBe(1)
    expect(f?.framesWithFace).toBe(s.frameCount)
    expect(f?.others).toEqual([])
    // The stored points are the tracker's: frame k = frame 0 + k·(3, −2) (display pixels = decoded pixels here).
    const lm = f?.landmarks ?? new Float32Array(0)
    const k = s.frameCount - 1
    expect(lm[k * 136] - lm[0]).toBeCloseTo(3 * k, 3)
    expect(lm[k * 136 + 1] - lm[1]).toBeCloseTo(-2 * k, 3)
    expect(f?.confidence[3]).toBeCloseTo(0.66, 5)
  }, 120_000)
})
