import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readAbawMtlTxt } from '../formats/abaw-mtl'
import { readAbawAuTxt, readAbawExprTxt } from '../formats/abaw-video'
import { readAffWild2VaTxt } from '../formats/aff-wild2'
import { addAbawLabels, ABAW_MTL_LIST } from './au-expression-dataset'
import { expressionOf } from './au-expression'
import { generateDataset } from './generate-dataset'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('ABAW AU / expression labels of a synthetic dataset', () => {
  it('generateDataset writes per-video AU / EXPR files and the MTL list, consistent with the V/A labels', async () => {
    const out = await mkdtemp(join(tmpdir(), 'synth-abaw-'))
    dirs.push(out)
    const r = await generateDataset({ seed: 9, subjects: 2, sessionsPerSubject: 1, seconds: 4, fps: 25, width: 64, height: 64, videos: false }, out)
    let total = 0
    const seen = new Set<number>()
    for (const c of r.clips) {
      const va = readAffWild2VaTxt(readFileSync(join(out, c.affWild2), 'utf8'))
      const au = readAbawAuTxt(readFileSync(join(out, c.abawAu), 'utf8'))
      const ex = readAbawExprTxt(readFileSync(join(out, c.abawExpr), 'utf8'))
      expect(au.length).toBe(c.frameCount)
      expect(ex.frames.length).toBe(c.frameCount)
      ex.frames.forEach((e, f) => {
        expect(e).toBe(expressionOf(va[f]!.valence, va[f]!.arousal))
        seen.add(e!)
      })
      total += c.frameCount
    }
    expect(seen.size).toBeGreaterThan(2) // a 4 s session visits several expressions
    const mtl = readAbawMtlTxt(readFileSync(r.mtlListPath, 'utf8'))
    expect(mtl.length).toBe(total)
    expect(mtl[0].image).toBe('S01_T01/00001.jpg')
    const au0 = readAbawAuTxt(readFileSync(join(out, r.clips[0].abawAu), 'utf8'))
    expect(mtl[3].aus).toEqual(au0[3])
    const manifest = JSON.parse(readFileSync(r.manifestPath, 'utf8')) as { formats: Record<string, string>; clips: Array<{ abawAu: string }> }
    expect(manifest.formats.abaw).toMatch(/AU10, AU23, AU24 are never drawn/)
    expect(manifest.clips[0].abawAu).toBe(r.clips[0].abawAu)
  })

  it('addAbawLabels re-derives the same files for a dataset made without them, and refuses a dataset it cannot reproduce', async () => {
    const out = await mkdtemp(join(tmpdir(), 'synth-abaw-add-'))
    dirs.push(out)
    const r = await generateDataset({ seed: 4, subjects: 2, sessionsPerSubject: 1, seconds: 2, fps: 10, width: 64, height: 64, videos: false }, out)
    const before = readFileSync(join(out, r.clips[1].abawAu))
    const list = readFileSync(r.mtlListPath)
    rmSync(join(out, 'abaw'), { recursive: true })
    const added = await addAbawLabels(out)
    expect(added).toMatchObject({ clips: 2, frames: 40 })
    expect(readFileSync(join(out, r.clips[1].abawAu)).equals(before)).toBe(true)
    expect(readFileSync(join(out, ABAW_MTL_LIST)).equals(list)).toBe(true)
    // A label file that the generator would not write: nothing is written at all.
    rmSync(join(out, 'abaw'), { recursive: true })
    const aff = join(out, r.clips[1].affWild2)
    writeFileSync(aff, readFileSync(aff, 'utf8').replace(/\n([-0-9.]+),/, '\n0.9999,'))
    await expect(addAbawLabels(out)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(existsSync(join(out, 'abaw'))).toBe(false)
    await expect(addAbawLabels(join(out, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
