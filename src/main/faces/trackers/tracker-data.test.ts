import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { listClips, readClipLabels } from '../../engine/data/dataset-dir'
import { HAS_LANDMARK_DATA, LANDMARK_DIR, warnIfMissing } from '../test-data'
import { assertNotTrainedOn, loadGtSequences, loadPseudoSequence, loadTrackerData, scalePoints } from './tracker-data'
import type { SequenceTracker } from './types'

warnIfMissing('tracker data from ground-truth folders')

describe('tracker training data', () => {
  it('scales points with the pixel-centre convention and refuses evaluating on trained-on folders', () => {
    expect(Array.from(scalePoints(Float32Array.from([0, 0, 9.5, 19.5]), 0.5, 0.25))).toEqual([-0.25, -0.375, 4.5, 4.5])
    expect(() => assertNotTrainedOn('/d/300w', ['/d/300w'])).toThrow(/trained on ground truth from \/d\/300w/)
    expect(() => assertNotTrainedOn('/d/300w/sub', ['/d/300w'])).toThrow(/not be held out/)
    expect(() => assertNotTrainedOn('/d', ['/d/300w'])).toThrow(/CONFLICT|held out/)
    expect(() => assertNotTrainedOn('/d/300w-other', ['/d/300w'])).not.toThrow()
  })

  describe.skipIf(!HAVE_FFMPEG)('from a synthetic dataset', () => {
    let dir = ''
    beforeAll(async () => {
      dir = join(mkdtempSync(join(tmpdir(), 'cx-trkdata-')), 'ds')
      await generateDataset({ seed: 3, subjects: 2, sessionsPerSubject: 1, seconds: 1.2, fps: 10, width: 96, height: 96 }, dir)
    }, 60_000)

    it('train / val subjects of the fold, frames downscaled with their points, degraded flags from the manifest', async () => {
      const fold = { name: 'f', train: ['S01'], val: ['S02'], test: [] }
      const d = await loadTrackerData({ synth: { dataDir: dir, fold } }, { maxSide: 48, frameStride: 2 })
      expect(d.pseudo).toBe(false)
      expect(d.train.map((s) => s.subject)).toEqual(['S01'])
      expect(d.val.map((s) => s.subject)).toEqual(['S02'])
      const s = d.train[0]
      expect(s.frames).toHaveLength(6) // 12 frames, every 2nd
      expect([s.frames[0].width, s.frames[0].height]).toEqual([48, 48])
      expect(s.landmarks).toHaveLength(6 * 136)
      const clip = listClips(dir).find((c) => c.clipId === s.id)!
      const full = readClipLabels(clip, 'afew-va').landmarks
      // frame 2 of the clip = item 1, scaled by 0.5 around pixel centres
      expect(s.landmarks[136 + 10]).toBeCloseTo((full[2 * 136 + 10] + 0.5) * 0.5 - 0.5, 4)
      const flags = Array.from({ length: 6 }, (_, j) => (clip.degraded.some((g) => 2 * j >= g.start && 2 * j < g.end) ? 1 : 0))
      expect(Array.from(s.degraded!)).toEqual(flags)
    })

    it('pseudo-labels a video with the given tracker (no face → NaN) and flags the data', async () => {
      const video = listClips(dir)[0].video
      let calls = 0
      const fake: SequenceTracker = {
        id: 'fake',
        init: async () => ({ points: (calls++, null), box: null, pFace: 0, reinitialised: false }),
        step: async () => ({ points: Array.from({ length: 68 }, (_, k) => [k, 1] as [number, number]), box: null, pFace: 1, reinitialised: false }),
        dispose: () => undefined
      }
      const s = await loadPseudoSequence(video, fake, { maxSide: 48, maxFrames: 3 })
      expect(s.frames).toHaveLength(3)
      expect(calls).toBe(3) // no face yet: init again on every frame
      expect(Number.isNaN(s.landmarks[0])).toBe(true)
      const d = await loadTrackerData({ synth: { dataDir: dir, fold: { name: 'f', train: ['S01'], val: [], test: [] } }, pseudo: [video] }, { maxSide: 48, maxFrames: 2, pseudoTracker: async () => fake })
      expect(d.pseudo).toBe(true)
      expect(d.train).toHaveLength(2)
      await expect(loadTrackerData({ pseudo: ['/nope.mp4'] }, { pseudoTracker: async () => fake })).rejects.toThrow(/no such file/)
      await expect(loadTrackerData({})).rejects.toThrow(/no training sequences/)
    })
  })

  it.skipIf(!HAS_LANDMARK_DATA)('ground-truth stills become length-1 sequences', async () => {
    const seqs = await loadGtSequences(join(LANDMARK_DIR, '300vw-001'), { maxSide: 256 })
    expect(seqs).toHaveLength(2)
    expect(seqs[0].frames).toHaveLength(1)
    expect(Math.max(seqs[0].frames[0].width, seqs[0].frames[0].height)).toBe(256)
    expect(seqs[0].landmarks).toHaveLength(136)
    expect(seqs[0].subject).toBe('gt:.')
  })
})
