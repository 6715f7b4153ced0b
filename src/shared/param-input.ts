import type { ParamSpec, ParamValue } from './training'

/** What an input holds: text for numbers and choices, a flag for booleans. */
export type RawValue = string | boolean

export interface Checked {
  readonly value: ParamValue | null
  readonly error: string | null
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)))
}

/** The allowed range in words: "≥ 2", "> 0 and < 1", "between 0 and 1". */
export function rangeText(s: Pick<ParamSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>): string | null {
  const lo = s.min === null ? null : `${s.minExclusive ? '>' : '≥'} ${fmt(s.min)}`
  const hi = s.max === null ? null : `${s.maxExclusive ? '<' : '≤'} ${fmt(s.max)}`
  if (lo && hi) return !s.minExclusive && !s.maxExclusive ? `between ${fmt(s.min!)} and ${fmt(s.max!)}` : `${lo} and ${hi}`
  return lo ?? hi
}

/** Checks an input against its spec: the limits are those of the model's own validation (training:options). */
export function checkParam(s: ParamSpec, raw: RawValue): Checked {
  if (s.kind === 'boolean') return typeof raw === 'boolean' ? { value: raw, error: null } : { value: null, error: 'on or off' }
  const text = String(raw).trim()
  if (s.kind === 'choice') {
    return s.choices.some((c) => c.value === text) ? { value: text, error: null } : { value: null, error: `one of ${s.choices.map((c) => c.label).join(', ')}` }
  }
  if (text === '') return { value: null, error: 'required' }
  const n = Number(text)
  if (!Number.isFinite(n)) return { value: null, error: 'a number' }
  if (s.kind === 'int' && !Number.isInteger(n)) return { value: null, error: 'a whole number' }
  const below = s.min !== null && (s.minExclusive ? n <= s.min : n < s.min)
  const above = s.max !== null && (s.maxExclusive ? n >= s.max : n > s.max)
  if (below || above) return { value: null, error: `must be ${rangeText(s)}` }
  return { value: n, error: null }
}

/** The input text of a default value. */
export function rawOf(v: ParamValue): RawValue {
  return typeof v === 'boolean' ? v : String(v)
}

/** `circumplex train` flags of the values that differ from the preset's defaults. */
export function cliFlags(specs: readonly ParamSpec[], values: Readonly<Record<string, ParamValue>>): string[] {
  const out: string[] = []
  for (const s of specs) {
    const v = values[s.key]
    if (v === undefined || v === s.default) continue
    if (s.kind === 'boolean') out.push(v ? `--${s.cliFlag}` : `--no-${s.cliFlag}`)
    else out.push(`--${s.cliFlag}`, String(v))
  }
  return out
}
