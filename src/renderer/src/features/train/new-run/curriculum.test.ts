import { describe, expect, it } from 'vitest'
import type { CurriculumSpec } from '../../../../../shared/training'
import { parseCurriculum, stageNames } from './curriculum'

const spec: CurriculumSpec = { default: [2, 4, 8], epochsPerStage: 5, minWindow: 2, maxWindow: 1024, maxStages: 10, attentionAfter: false, label: 'Vi-DeS' }

describe('curriculum input', () => {
  it('reads lists and doubling ranges', () => {
    expect(parseCurriculum('2, 4, 8', spec)).toEqual({ value: [2, 4, 8], error: null })
    expect(parseCurriculum(' 2 4 ', spec).value).toEqual([2, 4])
    expect(parseCurriculum('2→32', spec).value).toEqual([2, 4, 8, 16, 32])
    expect(parseCurriculum('3->20', spec).value).toEqual([3, 6, 12])
  })

  it('refuses what the model refuses, saying why', () => {
    expect(parseCurriculum('', spec).error).toMatch(/required/)
    expect(parseCurriculum('4, 2', spec).error).toMatch(/must increase.*4 then 2/)
    expect(parseCurriculum('2, 2', spec).error).toMatch(/must increase/)
    expect(parseCurriculum('1, 2', spec).error).toMatch(/at least 2 frames \(got 1\)/)
    expect(parseCurriculum('2, 2000', spec).error).toMatch(/at most 1024/)
    expect(parseCurriculum('2, 4.5', spec).error).toMatch(/whole numbers/)
    expect(parseCurriculum('2→1', spec).error).toMatch(/end must be/)
    expect(parseCurriculum(Array.from({ length: 11 }, (_, i) => i + 2).join(','), spec).error).toMatch(/at most 10 stages/)
  })

  it('names the stages like the trainer', () => {
    expect(stageNames(spec, [2, 4])).toEqual(['Vi-DeS-2', 'Vi-DeS-4'])
    expect(stageNames({ ...spec, label: 'ANCLaF-SA', attentionAfter: true }, [2, 4])).toEqual(['S-2', 'S-4', 'SA-2', 'SA-4'])
    expect(stageNames({ ...spec, label: 'ANCLaF-S' }, [2])).toEqual(['S-2'])
  })
})
