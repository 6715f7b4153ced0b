import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { parseArgs } from '../args'
import type { CliContext } from '../command'
import { synthCommand } from './synth'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

function ctx(cwd: string): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { env: process.env, cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) }
}

describe('circumplex synth', () => {
  it('rejects unknown flags and a missing --out', async () => {
    const c = ctx(tmpdir())
    await expect(synthCommand.run(parseArgs(['--subjects', '2']), c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(synthCommand.run(parseArgs(['--out', 'x', '--bogus', '1']), c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(synthCommand.run(parseArgs(['--out', 'x', '--size', '63']), c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(synthCommand.run(parseArgs(['--out', 'x', '--degrade-severity', 'harsh']), c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /mixed, severe/ })
    await expect(synthCommand.run(parseArgs(['--out', 'x', '--skin-tones', 'even']), c)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /random, stratified/ })
  })

  it('--skin-tones stratified: the summary and the manifest say so, and the subjects get other skin colours', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'))
    dirs.push(dir)
    const make = async (out: string, extra: string[]) => {
      const c = ctx(dir)
      expect(await synthCommand.run(parseArgs(['--out', out, '--subjects', '4', '--sessions', '1', '--seconds', '1', '--size', '32', '--seed', '5', '--no-videos', '--json', ...extra]), c)).toBe(0)
      const summary = JSON.parse(c.stdout.join('')) as { skinTones: string; manifest: string; subjectsFile: string }
      const manifest = JSON.parse(await readFile(summary.manifest, 'utf8')) as { skinTones?: string }
      const subjects = JSON.parse(await readFile(summary.subjectsFile, 'utf8')) as { subjects: { identity: { skin: number[] } }[] }
      return { summary, manifest, skins: subjects.subjects.map((x) => x.identity.skin) }
    }
    const plain = await make('a', [])
    const strat = await make('b', ['--skin-tones', 'stratified'])
    expect(plain.summary.skinTones).toBe('random')
    expect(plain.manifest.skinTones).toBeUndefined()
    expect(strat.summary.skinTones).toBe('stratified')
    expect(strat.manifest.skinTones).toBe('stratified')
    expect(strat.skins).not.toEqual(plain.skins)
  })

  it.skipIf(!HAVE_FFMPEG)('--degrade-severity severe: the manifest says so and every video segment is an occluder or near-black', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'))
    dirs.push(dir)
    const c = ctx(dir)
    const code = await synthCommand.run(parseArgs(['--out', 'ds', '--subjects', '1', '--sessions', '1', '--seconds', '8', '--size', '32', '--seed', '3', '--degrade-severity', 'severe', '--no-videos', '--json']), c)
    expect(code).toBe(0)
    const summary = JSON.parse(c.stdout.join('')) as { degradeSeverity: string; manifest: string }
    expect(summary.degradeSeverity).toBe('severe')
    const manifest = JSON.parse(await readFile(summary.manifest, 'utf8')) as { degradeSeverity: string; clips: { manifest: { degradations: { video: { kind: string } | null; audio: { kind: string } | null }[] } }[] }
    expect(manifest.degradeSeverity).toBe('severe')
    const segs = manifest.clips.flatMap((k) => k.manifest.degradations)
    expect(segs.length).toBeGreaterThan(0)
    for (const g of segs) {
      if (g.video) expect(['occlusion', 'low-light']).toContain(g.video.kind)
      if (g.audio) expect(g.audio.kind).toBe('dropout')
    }
  })

  it.skipIf(!HAVE_FFMPEG)('writes a dataset and a frame sheet, progress on stderr, JSON on stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'))
    dirs.push(dir)
    const c = ctx(dir)
    const code = await synthCommand.run(parseArgs(['--out', 'ds', '--subjects', '1', '--sessions', '1', '--seconds', '1', '--size', '64', '--seed', '2', '--sheet', '--json']), c)
    expect(code).toBe(0)
    const summary = JSON.parse(c.stdout.join('')) as { clips: number; totalFrames: number; sheet: string; manifest: string }
    expect(summary.clips).toBe(1)
    expect(summary.totalFrames).toBe(25)
    expect(c.stderr.join('')).toMatch(/synth: \[1\/1\] S01_T01 frame 25\/25/)
    expect(existsSync(join(dir, 'ds', 'videos', 'S01_T01.mp4'))).toBe(true)
    expect(existsSync(join(dir, 'ds', 'frame-sheet.png'))).toBe(true)
    const manifest = JSON.parse(await readFile(summary.manifest, 'utf8')) as { seed: number }
    expect(manifest.seed).toBe(2)
  })
})
