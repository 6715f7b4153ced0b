/**
 * Pure parts of the agreement panel: the ICC formulas (as in src/core/metrics/icc.ts), how an undefined statistic
 * is shown and why, the diverging colour map of the pairwise heatmap, and reading a fusion recipe.
 *
 * Every number the panel shows is the backend's (annotations:agreement): nothing here recomputes a statistic.
 * Undefined statistics are NaN in main and arrive as null over IPC/JSON.
 */
import type { AgreementReport, IccFormName } from '../../../../../shared/agreement'
import type { AgreementRequest, FuseRequest } from '../../../../../shared/annotation'

/** A statistic as it arrives: a number, or null/NaN when undefined. */
export type Stat = number | null | undefined

export const isDefined = (x: Stat): x is number => typeof x === 'number' && Number.isFinite(x)

/** Display text: fixed digits, or '–' when undefined. */
export function fmtStat(x: Stat, digits = 3): string {
  if (!isDefined(x)) return '–'
  const s = x.toFixed(digits)
  // No "-0.000": a tiny negative value shows its sign only when it survives rounding.
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s
}

/** The full-precision value for data-value attributes: the number as JSON writes it (shortest round trip), or 'null'. */
export const dataValue = (x: Stat): string => (isDefined(x) ? String(x) : 'null')

/** A p-value: '< 0.001' below a thousandth. */
export function fmtP(p: Stat): string {
  if (!isDefined(p)) return '–'
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

export type StatKind = 'icc' | 'ci' | 'f' | 'p' | 'alpha' | 'meanR' | 'pair' | 'loo' | 'lag'

/** Why a statistic is undefined, in words (the tooltip of a '–'). */
export function undefinedReason(kind: StatKind): string {
  switch (kind) {
    case 'icc':
      return 'Undefined: the mean squares give 0/0 — e.g. every frame got the same rating from every rater (no variance between frames).'
    case 'ci':
      return 'Confidence bound undefined: the F-based interval degenerates for these mean squares (zero variance or too few frames).'
    case 'f':
      return 'F undefined: the residual mean square is 0.'
    case 'p':
      return 'p undefined: the F statistic is undefined.'
    case 'alpha':
      return "Krippendorff's α undefined: no pairable values, or no variation at all (expected disagreement D_e = 0)."
    case 'meanR':
      return 'Mean r undefined: no pair of raters has a defined Pearson r (a series is constant, or fewer than 2 shared frames).'
    case 'pair':
      return 'Undefined: fewer than 2 frames where both raters have a value, or both series are the same constant (0/0).'
    case 'loo':
      return 'Undefined: fewer than 2 frames where this rater and the mean of the others both exist, or a constant series.'
    case 'lag':
      return 'Undefined: no overlap between this rater and the others at any searched lag.'
  }
}

/** The six forms in the order of the report, with the estimator written from the ANOVA mean squares (icc.ts). */
export const ICC_FORMULAS: Readonly<Record<IccFormName, string>> = {
  'ICC(1,1)': '(MSR − MSW) / (MSR + (k−1)·MSW)',
  'ICC(1,k)': '(MSR − MSW) / MSR',
  'ICC(C,1)': '(MSR − MSE) / (MSR + (k−1)·MSE)',
  'ICC(C,k)': '(MSR − MSE) / MSR',
  'ICC(A,1)': '(MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)',
  'ICC(A,k)': '(MSR − MSE) / (MSR + (MSC − MSE)/n)'
}

const MS_LEGEND =
  'MSR: between frames (targets); MSC: between raters; MSW: within frames (one-way residual); MSE: two-way residual; n frames, k raters.'

/** The tooltip of an ICC form: names, formula, the mean squares and n, k of this report. */
export function iccTooltip(form: IccFormName, shroutFleiss: string, label: string, report: Pick<AgreementReport, 'icc' | 'nRaters'>): string {
  const a = report.icc.anova
  const ms = (x: Stat) => (isDefined(x) ? x.toPrecision(6) : '–')
  return [
    label,
    `McGraw & Wong ${form} = Shrout & Fleiss ${shroutFleiss}`,
    `${form} = ${ICC_FORMULAS[form]}`,
    MS_LEGEND,
    `Here: n = ${report.icc.nUsed}, k = ${report.nRaters}, MSR = ${ms(a.msr)}, MSC = ${ms(a.msc)}, MSW = ${ms(a.msw)}, MSE = ${ms(a.mse)}.`
  ].join('\n')
}

export const ALPHA_TOOLTIP =
  "Krippendorff's α, interval metric: α = 1 − D_o / D_e, with D_o the observed and D_e the expected disagreement (squared differences) over all pairable values (frames with at least 2 ratings)."
export const MEAN_R_TOOLTIP = "Mean of Pearson's r over every pair of raters (pairwise deletion of missing frames); undefined pairs are left out."
export const CCC_TOOLTIP = "Lin's concordance correlation CCC = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²), population moments, frames where both raters have a value."

/**
 * Diverging colour map for values in [-1, 1] (ColorBrewer RdBu, reversed: negative blue, 0 near white, positive red),
 * interpolated between its anchors. Values outside are clipped.
 */
const RDBU_R: readonly (readonly [number, number, number])[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31]
]

export function divergingRgb(v: number): [number, number, number] {
  const t = (Math.max(-1, Math.min(1, v)) + 1) / 2
  const pos = t * (RDBU_R.length - 1)
  const k = Math.min(RDBU_R.length - 2, Math.floor(pos))
  const f = pos - k
  return [0, 1, 2].map((c) => Math.round(RDBU_R[k][c] + (RDBU_R[k + 1][c] - RDBU_R[k][c]) * f)) as [number, number, number]
}

/** Cell background and a readable text colour (white on dark cells). */
export function heatCell(v: Stat): { background: string; color: string } | null {
  if (!isDefined(v)) return null
  const [r, g, b] = divergingRgb(v)
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
  return { background: `rgb(${r},${g},${b})`, color: luminance < 0.55 ? '#fff' : '#111' }
}

export interface RecipeView {
  readonly method: string
  readonly raterCount: number | null
  readonly params: readonly (readonly [string, string])[]
  readonly weights: readonly { readonly name: string; readonly weight: Stat; readonly correlation: Stat }[]
  readonly iterations: number | null
  readonly lastChange: number | null
}

/** A core/traces FusionRecipe (arrives as unknown JSON) for display; null when it is not one. */
export function readRecipe(recipe: unknown, names: readonly string[]): RecipeView | null {
  if (typeof recipe !== 'object' || recipe === null) return null
  const r = recipe as Record<string, unknown>
  if (typeof r.method !== 'string') return null
  const num = (x: unknown): number | null => (typeof x === 'number' ? x : null)
  const weights = Array.isArray(r.weights) ? r.weights : []
  const correlations = Array.isArray(r.correlations) ? r.correlations : null
  const params = typeof r.params === 'object' && r.params !== null ? Object.entries(r.params as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const) : []
  return {
    method: r.method,
    raterCount: num(r.raterCount),
    params,
    weights: weights.map((w, i) => ({ name: names[i] ?? `rater ${i + 1}`, weight: num(w), correlation: correlations ? num(correlations[i]) : undefined })),
    iterations: num(r.iterations),
    lastChange: num(r.lastChange)
  }
}

/** The report to show: the lag-corrected one when asked for and present, else the raw one. */
export function shownReport<T extends { raw: AgreementReport; lagCorrected: { report: AgreementReport } | null }>(r: T, view: 'raw' | 'lag-corrected'): AgreementReport {
  return view === 'lag-corrected' && r.lagCorrected ? r.lagCorrected.report : r.raw
}

export interface AgreementForm {
  readonly traceIds: readonly string[]
  readonly dimension: 'valence' | 'arousal'
  readonly lagCorrect: boolean
  /** Text of the max-lag field, seconds. */
  readonly maxLagS: string
}

/** The annotations:agreement request of the form (session scope), or what is wrong with it. */
export function agreementRequest(scope: string | { readonly projectId: string }, f: AgreementForm): { request: AgreementRequest } | { error: string } {
  if (f.traceIds.length < 2) return { error: 'Choose at least two traces.' }
  const where = typeof scope === 'string' ? { sessionId: scope } : { projectId: scope.projectId }
  const request: { -readonly [K in keyof AgreementRequest]: AgreementRequest[K] } = { ...where, traceIds: [...f.traceIds], dimension: f.dimension }
  if (f.lagCorrect) {
    const t = f.maxLagS.trim()
    const lag = t === '' ? 5 : /^(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN
    if (!(lag > 0 && lag <= 30)) return { error: `The largest lag must be a number of seconds in (0, 30], got '${f.maxLagS}'.` }
    request.lagCorrect = true
    request.maxLagS = lag
  }
  return { request }
}

export interface FuseForm {
  readonly method: 'mean' | 'ewe' | 'dba'
  readonly band: string
  readonly minRaters: string
  readonly name: string
}

/** The annotations:fuse request, or what is wrong with it. Band applies to DBA, min raters to mean and EWE. */
export function fuseRequest(traceIds: readonly string[], f: FuseForm): { request: FuseRequest } | { error: string } {
  if (traceIds.length < 1) return { error: 'Choose the traces to fuse.' }
  const request: { -readonly [K in keyof FuseRequest]: FuseRequest[K] } = { traceIds: [...traceIds], method: f.method }
  const int = (s: string): number | undefined | null => (s.trim() === '' ? undefined : /^\d+$/.test(s.trim()) ? Number(s.trim()) : null)
  if (f.method === 'dba') {
    const band = int(f.band)
    if (band === null) return { error: `The band must be a whole number of frames, got '${f.band}'.` }
    if (band !== undefined) request.band = band
  } else {
    const m = int(f.minRaters)
    if (m === null || m === 0) return { error: `Min raters must be a whole number ≥ 1, got '${f.minRaters}'.` }
    if (m !== undefined) request.minRaters = m
  }
  if (f.name.trim()) request.name = f.name.trim()
  return { request }
}
