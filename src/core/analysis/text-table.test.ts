import { describe, expect, it } from 'vitest'
import { formatPercent, formatTextTable, formatValue, formatVaPair } from './text-table'
import { countMembership, finiteOrNull } from './types'

describe('text-table', () => {
  it('formats values, pairs and signed percentages; missing → n/a', () => {
    expect(formatValue(0.41234)).toBe('0.412')
    expect(formatValue(null)).toBe('n/a')
    expect(formatValue(NaN)).toBe('n/a')
    expect(formatVaPair(0.45, null, 2)).toBe('(0.45,n/a)')
    expect(formatPercent(3.544)).toBe('+3.54%')
    expect(formatPercent(-12.1)).toBe('-12.10%')
    expect(formatPercent(null)).toBe('n/a')
  })

  it('aligns columns (by code points, so arrows count once) and rules the header', () => {
    const t = formatTextTable([['Model', '↓RMSE']], [['Vi-DeS', '0.232'], ['Au', '0.3']])
    expect(t.split('\n')).toEqual(['Model   ↓RMSE', '------  -----', 'Vi-DeS  0.232', 'Au      0.3'])
  })
})

describe('types helpers', () => {
  it('counts memberships and maps non-finite to null', () => {
    expect(countMembership([true, false, null, true])).toEqual({ inside: 2, outside: 1, undefined: 1, total: 4 })
    expect(finiteOrNull(Infinity)).toBeNull()
    expect(finiteOrNull(0)).toBe(0)
  })
})
