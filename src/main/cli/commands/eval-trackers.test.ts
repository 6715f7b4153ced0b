import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeEvalSet } from '../../faces/trackers/tracker-eval'
import { parseArgs } from '../args'
import { dirWithSplit, parseError } from './parse-test-kit'
import { formatTrackerTable, parseEvalTrackersArgs } from './eval-trackers'

const dir = dirWithSplit('cx-evt-cli-')
const parse = (argv: string[]) => parseEvalTrackersArgs(parseArgs(argv), dir)
const err = (argv: string[]): string => parseError(() => parse(argv))

describe('circumplex eval-landmarks --tracker: arguments and table', () => {
  it('several --tracker flags, ground truth, moving faces, synthetic held-out, --degrade, --no-save', () => {
    const r = parse(['--tracker', 'default', '--tracker', 'mean-shape', '--tracker', 'trk-1:no-denoise', '--gt', 'a', '--gt', 'b', '--moving', '--synthetic', 'ds', '--folds', 'split.json', '--degrade', '--no-save'])
    expect(r.trackers).toEqual(['default', 'mean-shape', 'trk-1:no-denoise'])
    expect(r.suite.gt).toEqual([join(dir, 'a'), join(dir, 'b')])
    expect(r.suite.moving).toBe(true)
    expect(r.suite.synthetic).toMatchObject({ dataDir: join(dir, 'ds'), fold: { name: 'fold-1', test: ['S03'] } })
    expect(r.degrade).toBe(true)
    expect(r.save).toBe(false)
    expect(parse(['--tracker', 'default', '--gt', 'a']).save).toBe(true)
  })

  it('refuses what cannot be evaluated', () => {
    expect(err(['--tracker', 'default'])).toMatch(/^INVALID_ARGUMENT: nothing to evaluate/)
    expect(err(['--tracker', 'default', '--moving'])).toMatch(/--moving builds moving faces from the ground-truth stills/)
    expect(err(['--tracker', 'default', '--tracker', 'default', '--gt', 'a'])).toMatch(/each tracker once/)
    expect(err(['--tracker', 'default', '--gt', 'a', '--folds', 'split.json'])).toMatch(/--folds \/ --fold choose the test subjects of --synthetic/)
    expect(err(['--tracker', 'default', '--synthetic', 'ds'])).toMatch(/--folds <split.json> is required/)
    expect(err(['--tracker', 'default', '--gt', 'a', '--mapping', 'plain'])).toMatch(/unknown option --mapping/)
    expect(err(['--tracker', '--gt', 'a'])).toMatch(/--tracker needs a value/)
  })

  it('prints one row per set and tracker with percentages, AUCs and n', () => {
    const rec = (label: string, box: number[]) => ({ id: label, trackerId: label, runId: null, label, source: '/gt', createdAt: 'now', sets: [makeEvalSet('300w-stills', null, false, box, box), makeEvalSet('moving', '1', false, [0.01], [0.02])] })
    const t = formatTrackerTable([rec('default', [0.02, 0.04]), rec('mean-shape', [0.1, NaN])])
    const rows = t.trim().split('\n')
    expect(rows).toHaveLength(6)
    expect(rows[2]).toMatch(/^300w-stills\s+-\s+default\s+3\.00\s+3\.00\s+0\.62[56]\s+0\.62[56]\s+0\.00\s+0\.00\s+2$/)
    expect(rows[3]).toMatch(/^300w-stills\s+-\s+mean-shape\s+10\.00\s+10\.00\s+0\.000\s+0\.000\s+100\.00\s+100\.00\s+2$/)
    expect(rows[4]).toMatch(/^moving\s+1\s+default\s+1\.00\s+2\.00/)
  })
})
