import type { CurriculumSpec } from '../../../../../shared/training'

export interface CheckedCurriculum {
  readonly value: number[] | null
  readonly error: string | null
}

/**
 * "2, 4, 8" or "2→32" (doubling from 2 to 32) → window lengths, checked like the model's validation: whole numbers
 * ≥ the smallest window, increasing, within the app's limits.
 */
export function parseCurriculum(text: string, spec: CurriculumSpec): CheckedCurriculum {
  const t = text.trim()
  if (t === '') return { value: null, error: 'required: window lengths like 2, 4, 8' }
  let ns: number[]
  const range = /^(\d+)\s*(?:→|->|\.\.)\s*(\d+)$/.exec(t)
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])]
    if (a < 1 || b < a) return { value: null, error: `${a}→${b}: the end must be ≥ the start` }
    ns = []
    for (let n = a; n <= b && ns.length <= spec.maxStages; n *= 2) ns.push(n)
  } else {
    const parts = t.split(/[\s,;]+/).filter((p) => p !== '')
    if (parts.some((p) => !/^\d+$/.test(p))) return { value: null, error: 'whole numbers separated by commas, e.g. 2, 4, 8 (or 2→32 to double)' }
    ns = parts.map(Number)
  }
  if (ns.length > spec.maxStages) return { value: null, error: `at most ${spec.maxStages} stages` }
  const small = ns.find((n) => n < spec.minWindow)
  if (small !== undefined) return { value: null, error: `windows of at least ${spec.minWindow} frames (got ${small})` }
  const big = ns.find((n) => n > spec.maxWindow)
  if (big !== undefined) return { value: null, error: `windows of at most ${spec.maxWindow} frames (got ${big})` }
  for (let i = 1; i < ns.length; i++) if (ns[i] <= ns[i - 1]) return { value: null, error: `must increase: each stage starts from the shorter one before (${ns[i - 1]} then ${ns[i]})` }
  return { value: ns, error: null }
}

/** The stages a curriculum trains, in order (ANCLaF-SA: the S chain, then SA-n for each n). */
export function stageNames(spec: CurriculumSpec, ns: readonly number[]): string[] {
  if (spec.attentionAfter) return [...ns.map((n) => `S-${n}`), ...ns.map((n) => `SA-${n}`)]
  if (spec.label === 'ANCLaF-S') return ns.map((n) => `S-${n}`)
  return ns.map((n) => `${spec.label}-${n}`)
}
