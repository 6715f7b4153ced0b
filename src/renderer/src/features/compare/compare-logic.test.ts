import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../../shared/runs'
import { filterOptions, filterRuns, idsFromParam, NO_FILTER, toggleId } from './compare-logic'

const run = (id: string, model: string, tags: string[], extra: Partial<RunSummary> = {}): RunSummary => ({
  id,
  model,
  preset: 'compact',
  fold: 'fold-1',
  status: 'done',
  backend: 'wasm',
  dataHash: 'h',
  createdAt: '2024-01-01',
  startedAt: null,
  finishedAt: null,
  wallS: 1,
  error: null,
  epochs: 3,
  best: null,
  predictions: 0,
  datasetId: null,
  stopReason: null,
  codeVersion: null,
  epochsPlanned: null,
  tags,
  ...extra
})

const runs = [run('vi-1', 'vi-des', ['baseline']), run('gas-1', 'avi-gas', ['gated', 'sewa']), run('gas-2', 'avi-gas', [], { status: 'cancelled', stopReason: 'paused', fold: 'fold-2' })]

describe('compare page logic', () => {
  it('reads run ids from the route, dropping blanks and repeats', () => {
    expect(idsFromParam('a,b,,a, c')).toEqual(['a', 'b', 'c'])
    expect(idsFromParam(undefined)).toEqual([])
    expect(idsFromParam(Array.from({ length: 30 }, (_, i) => `r${i}`).join(','))).toHaveLength(20)
  })

  it('filters by words (tags included), tag, model and status (paused as its own status)', () => {
    const ids = (f: Partial<typeof NO_FILTER>) => filterRuns(runs, { ...NO_FILTER, ...f }).map((r) => r.id)
    expect(ids({})).toEqual(['vi-1', 'gas-1', 'gas-2'])
    expect(ids({ query: 'SEWA' })).toEqual(['gas-1'])
    expect(ids({ query: 'avi fold-2' })).toEqual(['gas-2'])
    expect(ids({ tag: 'baseline' })).toEqual(['vi-1'])
    expect(ids({ model: 'avi-gas' })).toEqual(['gas-1', 'gas-2'])
    expect(ids({ status: 'paused' })).toEqual(['gas-2'])
    expect(filterOptions(runs)).toEqual({ tags: ['baseline', 'gated', 'sewa'], models: ['avi-gas', 'vi-des'], statuses: ['done', 'paused'] })
  })

  it('toggles a selection keeping the order of choice', () => {
    expect(toggleId(['a'], 'b')).toEqual(['a', 'b'])
    expect(toggleId(['a', 'b'], 'a')).toEqual(['b'])
  })
})

describe('decodeDataUrl', () => {
  it('decodes base64 and URL-encoded data URLs', async () => {
    const { decodeDataUrl } = await import('./download')
    const png = decodeDataUrl('data:image/png;base64,iVBORw0KGgo=')
    expect(png.type).toBe('image/png')
    expect([...png.bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const svg = decodeDataUrl(`data:image/svg+xml,${encodeURIComponent('<svg a="1%">é</svg>')}`)
    expect(new TextDecoder().decode(svg.bytes)).toBe('<svg a="1%">é</svg>')
    expect(() => decodeDataUrl('http://x')).toThrow()
  })
})
