import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateSession } from '../../datasets/synth/generate-session'
import { HAVE_FFMPEG } from '../../media/fixtures/bad-media-corpus'
import { importJob, type ImportJobResult } from './import-job'

/** Mean point-to-point error / outer-eye-corner distance (points 37 and 46, 1-based) over frames with a face. */
function meanNme(pred: Float32Array, gt: Float32Array, frames: number): { nme: number; found: number } {
  let sum = 0
  let found = 0
  for (let f = 0; f < frames; f++) {
    const o = f * 136
    if (Number.isNaN(pred[o])) continue
    found++
    const iod = Math.hypot(gt[o + 2 * 36] - gt[o + 2 * 45], gt[o + 2 * 36 + 1] - gt[o + 2 * 45 + 1])
    let e = 0
    for (let k = 0; k < 68; k++) e += Math.hypot(pred[o + 2 * k] - gt[o + 2 * k], pred[o + 2 * k + 1] - gt[o + 2 * k + 1])
    sum += e / 68 / iod
  }
  return { nme: sum / Math.max(1, found), found }
}

describe.skipIf(!HAVE_FFMPEG)('the synthetic world through the app’s own face pipeline', () => {
  it('finds the synthetic faces on every frame and lands near their known landmarks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-synth-faces-'))
    const s = await generateSession({ subjectId: 's03', sessionId: 'pipe', seed: 3, seconds: 2, fps: 25, width: 192, height: 192, degrade: false }, dir)
    const r = (await importJob(
      { path: s.videoPath, cacheDir: dir, faces: true, spectrogram: false, maxSide: 640 },
      { progress: () => undefined, signal: new AbortController().signal }
    )) as ImportJobResult
    const { nme, found } = meanNme(r.faces?.landmarks ?? new Float32Array(0), s.landmarks, s.frameCount)
    console.log(`synthetic faces: found on ${found}/${s.frameCount} frames, inter-ocular NME vs the drawn landmarks ${(100 * nme).toFixed(2)} %`)
    expect(found).toBe(s.frameCount)
    // Loose bound: the drawn face is a cartoon, not a photo; the point is that the tracker is on the face.
    expect(nme).toBeLessThan(0.15)
  }, 120_000)
})
