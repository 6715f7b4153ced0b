import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { computeSessionSpectrogram, encodeSpectrogram, frameWindow } from '../../media/audio'
import { CROP_POLICIES, cropBoxFromLandmarks, cropRgb } from '../../media/crops'
import { HAVE_FFMPEG, makeCorpus } from '../../media/fixtures/bad-media-corpus'
import { readFrames } from '../../media/frame-reader'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe.skipIf(!HAVE_FFMPEG)('derived data is reproducible byte for byte', () => {
  it('the session spectrogram and its per-frame windows', async () => {
    const { good } = makeCorpus()
    const a = await computeSessionSpectrogram(good)
    const b = await computeSessionSpectrogram(good)
    expect(sha(encodeSpectrogram(a.spectrogram))).toBe(sha(encodeSpectrogram(b.spectrogram)))
    const wa = frameWindow(a.spectrogram, 1.0)
    const wb = frameWindow(b.spectrogram, 1.0)
    expect(sha(new Uint8Array(wa.buffer))).toBe(sha(new Uint8Array(wb.buffer)))
    // The window is a view of the spectrogram: its centre column equals the spectrogram's column for t = 1 s.
    const col = Math.round((1.0 * 22050) / 512)
    const nMels = 128
    expect(wa[64 * 1 + 0]).toBeCloseTo(((a.spectrogram.data[col * nMels] - (a.spectrogram.maxDb - 80)) / 80) * 2 - 1, 5)
  })

  it('face crops of decoded frames', async () => {
    const { good } = makeCorpus()
    const points = Array.from({ length: 136 }, (_, i) => (i % 2 === 0 ? 20 + (i % 17) * 3 : 10 + (i % 11) * 3))
    const box = cropBoxFromLandmarks(points, CROP_POLICIES['compact-64'])
    expect(box).not.toBeNull()
    const crops: string[] = []
    for (let run = 0; run < 2; run++) {
      for await (const f of readFrames(good, { startFrame: 10, maxFrames: 1 })) crops.push(sha(cropRgb(f.data, f.width, f.height, box!, 64)))
    }
    expect(crops[0]).toBe(crops[1])
  })
})
