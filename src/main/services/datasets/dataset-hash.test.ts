import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { datasetHash, listClips, LABEL_FORMATS } from '../../engine/data/dataset-dir'
import { datasetHashStreamed } from './dataset-hash'
import { tinyDataset } from './test-fixtures'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('datasetHashStreamed', () => {
  it('equals the hash a training run records, in every format, and follows any change of a hashed file', async () => {
    const dir = await tinyDataset({ subjects: 2, sessions: 2, frames: 4 })
    dirs.push(dir)
    // A video larger than one read chunk (1 MiB), so that chunking is exercised.
    writeFileSync(join(dir, 'videos', 'S01_T02.mp4'), Buffer.alloc(3 * (1 << 20) + 17, 7))
    const clips = listClips(dir)
    const seen = new Set<string>()
    for (const format of LABEL_FORMATS) {
      const done: number[] = []
      const h = await datasetHashStreamed(clips, format, { onClip: (d) => done.push(d) })
      expect(h).toBe(datasetHash(clips, format))
      expect(done).toEqual([1, 2, 3, 4])
      seen.add(h)
    }
    expect(seen.size).toBe(3)
    const before = await datasetHashStreamed(clips, 'sewa')
    writeFileSync(join(dir, 'videos', 'S02_T01.mp4'), 'another video')
    expect(await datasetHashStreamed(clips, 'sewa')).not.toBe(before)
    const ac = new AbortController()
    ac.abort()
    await expect(datasetHashStreamed(clips, 'sewa', { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
