import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareCsv } from '../../../core/compare'
import type { CompareResult } from '../../../shared/compare'
import { openDatabase } from '../../db/connection'
import { replaceRunEpochs, setRunRegistryFields, setRunStatus, upsertRun } from '../../db/queries/runs'
import { runCommand, tempFiles } from '../affect/test-harness'
import { runsCommand } from './runs'

const files = tempFiles({})
const dataDir = join(files.dir, 'data')
afterAll(files.cleanup)

const test = (ccc: [number, number], rmse: [number, number]) => ({ ccc_v: ccc[0], ccc_a: ccc[1], ccc_mean: (ccc[0] + ccc[1]) / 2, rmse_v: rmse[0], rmse_a: rmse[1], pcc_v: 0.5, pcc_a: 0.4, icc_paper_v: 0.45, icc_paper_a: 0.35 })

beforeAll(() => {
  mkdirSync(dataDir, { recursive: true })
  const { db } = openDatabase(join(dataDir, 'circumplex.sqlite'))
  const add = (id: string, model: string, fold: string, lr: number, m: ReturnType<typeof test>) => {
    upsertRun(db, { id, model, preset: 'compact', configJson: JSON.stringify({ variant: model, lr, fold: { name: fold } }), dataHash: 'hash-sewa', fold, runDir: '/nowhere' })
    setRunStatus(db, id, { status: 'done', backend: 'tensorflow', started: true, finished: true, wallS: 125 })
    setRunRegistryFields(db, id, { codeVersion: '0.4.0+abc' })
    replaceRunEpochs(db, id, [
      { epoch: 1, split: 'val', metrics: { ...m, ccc_mean: 0.2 }, losses: {}, wallS: 5 },
      { epoch: 1, split: 'test', metrics: m, losses: {}, wallS: null }
    ])
  }
  add('vi-f1', 'vi-des', 'fold-1', 1e-4, test([0.476, 0.398], [0.3, 0.35]))
  add('vi-f2', 'vi-des', 'fold-2', 1e-4, test([0.5, 0.41], [0.28, 0.33]))
  add('gas-f1', 'avi-gas', 'fold-1', 2e-4, test([0.686, 0.583], [0.25, 0.3]))
  // Lists are in creation order (ties by id): three inserts can share a millisecond, so give them distinct times.
  const at = db.prepare('UPDATE runs SET created_at = ? WHERE id = ?')
  ;['vi-f1', 'vi-f2', 'gas-f1'].forEach((id, i) => at.run(`2026-01-01T00:00:0${i}.000Z`, id))
  db.close()
})

const run = (argv: string[]) => runCommand(runsCommand, [...argv, '--data-dir', dataDir], files.dir)

describe('circumplex runs', () => {
  it('tags runs (normalised), lists them filtered by tag, and removes tags', async () => {
    expect((await run(['tag', 'vi-f1', 'Baseline', 'sewa'])).out).toBe('vi-f1: baseline, sewa\n')
    expect((await run(['tag', 'gas-f1', 'sewa'])).code).toBe(0)
    const l = await run(['list', '--tag', 'SEWA'])
    expect(l.out.split('\n').filter(Boolean).map((x) => x.split(/\s+/)[0])).toEqual(['run', 'vi-f1', 'gas-f1'])
    expect(l.out).toMatch(/0\.200 \(ep 1\)/)
    const j = JSON.parse((await run(['list', '--json', '--tag', 'baseline'])).out) as { id: string; tags: string[] }[]
    expect(j.map((r) => [r.id, r.tags])).toEqual([['vi-f1', ['baseline', 'sewa']]])
    const rm = await run(['tag', 'vi-f1', '--remove', 'baseline', 'ghost'])
    expect(rm.out).toBe('vi-f1: sewa\n')
    expect(rm.err).toMatch(/had no tag "ghost"/)
    expect((await run(['tag', 'vi-f1', 'x'.repeat(51)])).err).toMatch(/INVALID_ARGUMENT: tag .* longer than 50/)
    expect((await run(['tag', 'ghost', 'a'])).err).toMatch(/NOT_FOUND: no run 'ghost'/)
  })

  it('compares runs as Tables 7.5/7.6 with folds grouped, and writes the same CSV bytes as the Compare page', async () => {
    const r = await run(['compare', 'vi-f1', 'gas-f1', 'vi-f2', '--csv', 'cmp.csv'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    const vi = lines.find((l) => l.startsWith('Vi-DeS'))
    const gas = lines.find((l) => l.startsWith('AVi-GaS'))
    // Vi-DeS: 2 folds, CCC VAL mean (0.476 + 0.5) / 2 = 0.488; AVi-GaS is best in CCC (bullet), Vi-DeS nowhere in CCC.
    expect(vi).toMatch(/^Vi-DeS\s+2\s/)
    expect(vi).toContain('0.488')
    expect(gas).toContain('0.686•')
    expect(lines.some((l) => /^\s+fold-2\s/.test(l))).toBe(true)
    expect(r.out).toMatch(/ICC\*: ICC as thesis eq\. 7\.18/)
    const json = JSON.parse((await run(['compare', 'vi-f1', 'gas-f1', 'vi-f2', '--json'])).out) as CompareResult
    expect(readFileSync(join(files.dir, 'cmp.csv'), 'utf8')).toBe(compareCsv(json))
    expect((await run(['compare', 'vi-f1'])).code).toBe(2)
    expect((await run(['compare', 'vi-f1', 'ghost'])).err).toMatch(/NOT_FOUND/)
  })

  it('diffs two configs', async () => {
    const r = await run(['diff', 'vi-f1', 'gas-f1'])
    expect(r.out).toMatch(/data hash: same/)
    expect(r.out).toMatch(/^variant\s+"vi-des"\s+"avi-gas"$/m)
    expect(r.out).toMatch(/^lr\s+0\.0001\s+0\.0002$/m)
    const same = await run(['diff', 'vi-f1', 'vi-f2', '--json'])
    expect(JSON.parse(same.out).entries).toEqual([{ path: 'fold.name', a: '"fold-1"', b: '"fold-2"' }])
    expect((await run(['diff', 'vi-f1'])).code).toBe(2)
    expect((await run(['nope'])).err).toMatch(/unknown runs subcommand 'nope'/)
  })
})
