/**
 * Intraclass correlation coefficients: the six McGraw & Wong (1996) / Shrout & Fleiss (1979) forms with
 * F-based confidence intervals, and the non-standard "paper ICC" of the ANCLaF papers.
 *
 * Input: an n×k matrix, rows = targets (frames, clips, subjects), columns = raters (annotators, models).
 * Rows with any missing value are dropped (listwise deletion, see missing.ts); the count is on every result.
 *
 * Two-way ANOVA without replication (x̄ grand mean, x̄ᵢ. row means, x̄.ⱼ column means):
 *
 *     SSR = k·Σᵢ (x̄ᵢ. − x̄)²                 MSR = SSR / (n−1)            between targets (rows)
 *     SSC = n·Σⱼ (x̄.ⱼ − x̄)²                 MSC = SSC / (k−1)            between raters (columns)
 *     SSW = Σᵢⱼ (xᵢⱼ − x̄ᵢ.)²                MSW = SSW / (n(k−1))         within targets (one-way residual)
 *     SSE = Σᵢⱼ (xᵢⱼ − x̄ᵢ. − x̄.ⱼ + x̄)²      MSE = SSE / ((n−1)(k−1))     two-way residual
 *
 *     ICC(1,1) = (MSR − MSW) / (MSR + (k−1)·MSW)                          one-way random, single       [S&F ICC(1,1)]
 *     ICC(1,k) = (MSR − MSW) / MSR                                        one-way random, average      [S&F ICC(1,k)]
 *     ICC(C,1) = (MSR − MSE) / (MSR + (k−1)·MSE)                          two-way, consistency, single [S&F ICC(3,1)]
 *     ICC(C,k) = (MSR − MSE) / MSR                                        two-way, consistency, average[S&F ICC(3,k)]
 *     ICC(A,1) = (MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)        two-way, agreement, single   [S&F ICC(2,1)]
 *     ICC(A,k) = (MSR − MSE) / (MSR + (MSC − MSE)/n)                      two-way, agreement, average  [S&F ICC(2,k)]
 *
 * (The C and A estimators are the same for random and mixed two-way models; only interpretation differs.)
 *
 * Confidence intervals (McGraw & Wong 1996, Tables 7–8, H₀ value ρ₀ = 0), with F_q(d1,d2) the q-quantile and
 * q = 1 − α/2:
 * - ICC(1,·): F₀ = MSR/MSW, d = (n−1, n(k−1)); ICC(C,·): F₀ = MSR/MSE, d = (n−1, (n−1)(k−1)).
 *   F_L = F₀ / F_q(d1, d2), F_U = F₀ · F_q(d2, d1);
 *   single: [(F_L−1)/(F_L+k−1), (F_U−1)/(F_U+k−1)]; average: [1 − 1/F_L, 1 − 1/F_U].
 * - ICC(A,·), Satterthwaite approximation with ρ̂ = ICC(A,1):
 *   a = kρ̂/(n(1−ρ̂)), b = 1 + kρ̂(n−1)/(n(1−ρ̂)),
 *   v = (a·MSC + b·MSE)² / ((a·MSC)²/(k−1) + (b·MSE)²/((n−1)(k−1))),  F* = F_q(n−1, v), F_* = F_q(v, n−1);
 *   single:  L = n(MSR − F*·MSE) / (F*·(k·MSC + (kn−k−n)·MSE) + n·MSR),
 *            U = n(F_*·MSR − MSE) / (k·MSC + (kn−k−n)·MSE + n·F_*·MSR);
 *   average: L = n(MSR − F*·MSE) / (F*·(MSC − MSE) + n·MSR),  U = n(F_*·MSR − MSE) / (MSC − MSE + n·F_*·MSR).
 * The F test of H₀: ρ = 0 is MSR/MSW for ICC(1,·) and MSR/MSE for ICC(C,·) and ICC(A,·).
 */
import { AppError } from '../../shared/ipc/errors'
import { fQuantile, fSf } from './f-dist'
import { listwiseComplete, MIN_VALID_POINTS, type RatingMatrix } from './missing'
import { pairedMoments } from './moments'

export type IccForm = 'ICC(1,1)' | 'ICC(C,1)' | 'ICC(A,1)' | 'ICC(1,k)' | 'ICC(C,k)' | 'ICC(A,k)'

/** All six forms in display order. */
export const ICC_FORMS: readonly IccForm[] = ['ICC(1,1)', 'ICC(C,1)', 'ICC(A,1)', 'ICC(1,k)', 'ICC(C,k)', 'ICC(A,k)']

export interface IccFormInfo {
  /** McGraw & Wong label, e.g. 'ICC(A,1)'. */
  readonly form: IccForm
  /** Shrout & Fleiss (1979) name of the same estimator, e.g. 'ICC(2,1)'. */
  readonly shroutFleiss: string
  readonly model: 'one-way random' | 'two-way'
  readonly type: 'absolute agreement' | 'consistency'
  readonly unit: 'single' | 'average'
  /** One-line human description for UI/CSV. */
  readonly description: string
}

export const ICC_FORM_INFO: Readonly<Record<IccForm, IccFormInfo>> = {
  'ICC(1,1)': {
    form: 'ICC(1,1)',
    shroutFleiss: 'ICC(1,1)',
    model: 'one-way random',
    type: 'absolute agreement',
    unit: 'single',
    description: 'one-way random effects, single rater'
  },
  'ICC(C,1)': {
    form: 'ICC(C,1)',
    shroutFleiss: 'ICC(3,1)',
    model: 'two-way',
    type: 'consistency',
    unit: 'single',
    description: 'two-way, consistency, single rater'
  },
  'ICC(A,1)': {
    form: 'ICC(A,1)',
    shroutFleiss: 'ICC(2,1)',
    model: 'two-way',
    type: 'absolute agreement',
    unit: 'single',
    description: 'two-way, absolute agreement, single rater'
  },
  'ICC(1,k)': {
    form: 'ICC(1,k)',
    shroutFleiss: 'ICC(1,k)',
    model: 'one-way random',
    type: 'absolute agreement',
    unit: 'average',
    description: 'one-way random effects, mean of k raters'
  },
  'ICC(C,k)': {
    form: 'ICC(C,k)',
    shroutFleiss: 'ICC(3,k)',
    model: 'two-way',
    type: 'consistency',
    unit: 'average',
    description: 'two-way, consistency, mean of k raters'
  },
  'ICC(A,k)': {
    form: 'ICC(A,k)',
    shroutFleiss: 'ICC(2,k)',
    model: 'two-way',
    type: 'absolute agreement',
    unit: 'average',
    description: 'two-way, absolute agreement, mean of k raters'
  }
}

export interface IccAnova {
  /** Complete rows used. */
  readonly n: number
  /** Raters (columns). */
  readonly k: number
  /** Rows dropped by listwise deletion. */
  readonly nDropped: number
  readonly grandMean: number
  readonly msr: number
  readonly msc: number
  readonly msw: number
  readonly mse: number
}

export interface IccOptions {
  /** Confidence level of the interval, default 0.95. */
  readonly confidence?: number
}

export interface IccResult extends IccFormInfo {
  /** 'ICC(A,1)' etc.; same as `form`, kept for CSV headers. */
  readonly label: string
  readonly value: number
  /** Confidence interval (NaN bounds when degenerate). */
  readonly ci: { readonly lower: number; readonly upper: number; readonly level: number }
  /** F test of H₀: ρ = 0. */
  readonly fValue: number
  readonly df1: number
  readonly df2: number
  readonly pValue: number
  readonly n: number
  readonly k: number
  readonly nDropped: number
}

/** Two-way ANOVA mean squares of an n×k matrix after listwise deletion. NaN mean squares when n < 2 or k < 2. */
export function iccAnova(matrix: RatingMatrix): IccAnova {
  const { rows, k, nDropped } = listwiseComplete(matrix)
  const n = rows.length
  if (n < MIN_VALID_POINTS || k < 2) {
    return { n, k, nDropped, grandMean: NaN, msr: NaN, msc: NaN, msw: NaN, mse: NaN }
  }
  const rowMean = new Float64Array(n)
  const colMean = new Float64Array(k)
  let total = 0
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < k; j++) {
      s += rows[i][j]
      colMean[j] += rows[i][j]
    }
    rowMean[i] = s / k
    total += s
  }
  const grandMean = total / (n * k)
  for (let j = 0; j < k; j++) colMean[j] /= n
  let ssr = 0
  for (let i = 0; i < n; i++) ssr += (rowMean[i] - grandMean) ** 2
  ssr *= k
  let ssc = 0
  for (let j = 0; j < k; j++) ssc += (colMean[j] - grandMean) ** 2
  ssc *= n
  let ssw = 0
  let sse = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const w = rows[i][j] - rowMean[i]
      ssw += w * w
      const e = w - colMean[j] + grandMean
      sse += e * e
    }
  }
  return {
    n,
    k,
    nDropped,
    grandMean,
    msr: ssr / (n - 1),
    msc: ssc / (k - 1),
    msw: ssw / (n * (k - 1)),
    mse: sse / ((n - 1) * (k - 1))
  }
}

/** Computes one form from precomputed mean squares. */
export function iccFromAnova(a: IccAnova, form: IccForm, options: IccOptions = {}): IccResult {
  const level = options.confidence ?? 0.95
  if (!(level > 0 && level < 1)) throw new AppError('INVALID_ARGUMENT', `confidence must be in (0, 1), got ${level}`)
  const q = 1 - (1 - level) / 2
  const { n, k, msr, msc, msw, mse } = a
  const info = ICC_FORM_INFO[form]
  const single = info.unit === 'single'
  let value: number
  let lower: number
  let upper: number
  let fValue: number
  const df1 = n - 1
  let df2: number
  if (info.model === 'one-way random' || info.type === 'consistency') {
    const oneWay = info.model === 'one-way random'
    const msErr = oneWay ? msw : mse
    df2 = oneWay ? n * (k - 1) : (n - 1) * (k - 1)
    value = single ? (msr - msErr) / (msr + (k - 1) * msErr) : (msr - msErr) / msr
    fValue = msr / msErr
    const fL = fValue / fQuantile(q, df1, df2)
    const fU = fValue * fQuantile(q, df2, df1)
    lower = single ? (fL - 1) / (fL + k - 1) : 1 - 1 / fL
    upper = single ? (fU - 1) / (fU + k - 1) : 1 - 1 / fU
  } else {
    df2 = (n - 1) * (k - 1)
    const rho = (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n)
    value = single ? rho : (msr - mse) / (msr + (msc - mse) / n)
    fValue = msr / mse
    const aa = (k * rho) / (n * (1 - rho))
    const bb = 1 + (k * rho * (n - 1)) / (n * (1 - rho))
    const v = (aa * msc + bb * mse) ** 2 / ((aa * msc) ** 2 / (k - 1) + (bb * mse) ** 2 / ((n - 1) * (k - 1)))
    const fStar = fQuantile(q, n - 1, v)
    const fStar2 = fQuantile(q, v, n - 1)
    if (single) {
      const c = k * msc + (k * n - k - n) * mse
      lower = (n * (msr - fStar * mse)) / (fStar * c + n * msr)
      upper = (n * (fStar2 * msr - mse)) / (c + n * fStar2 * msr)
    } else {
      lower = (n * (msr - fStar * mse)) / (fStar * (msc - mse) + n * msr)
      upper = (n * (fStar2 * msr - mse)) / (msc - mse + n * fStar2 * msr)
    }
  }
  return {
    ...info,
    label: info.form,
    value: Number.isFinite(value) ? value : NaN,
    ci: { lower: Number.isFinite(lower) ? lower : NaN, upper: Number.isFinite(upper) ? upper : NaN, level },
    fValue,
    df1,
    df2,
    pValue: fSf(fValue, df1, df2),
    n,
    k,
    nDropped: a.nDropped
  }
}

/** Any one ICC form of an n×k matrix (rows = targets, columns = raters). */
export function icc(matrix: RatingMatrix, form: IccForm, options: IccOptions = {}): IccResult {
  return iccFromAnova(iccAnova(matrix), form, options)
}

/** All six forms, in `ICC_FORMS` order, sharing one ANOVA. */
export function iccAll(matrix: RatingMatrix, options: IccOptions = {}): IccResult[] {
  const a = iccAnova(matrix)
  return ICC_FORMS.map((form) => iccFromAnova(a, form, options))
}

/** ICC(1,1): one-way random effects, single rater (Shrout & Fleiss ICC(1,1)). */
export const icc1_1 = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(1,1)', o)
/** ICC(1,k): one-way random effects, mean of k raters. */
export const icc1_k = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(1,k)', o)
/** ICC(C,1): two-way, consistency, single rater (Shrout & Fleiss ICC(3,1)). */
export const iccC1 = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(C,1)', o)
/** ICC(C,k): two-way, consistency, mean of k raters (Shrout & Fleiss ICC(3,k)). */
export const iccCk = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(C,k)', o)
/** ICC(A,1): two-way, absolute agreement, single rater (Shrout & Fleiss ICC(2,1)). */
export const iccA1 = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(A,1)', o)
/** ICC(A,k): two-way, absolute agreement, mean of k raters (Shrout & Fleiss ICC(2,k)). */
export const iccAk = (m: RatingMatrix, o?: IccOptions): IccResult => icc(m, 'ICC(A,k)', o)

/**
 * The "ICC" of the ANCLaF papers (P000 eq. 14; identical to P002's "CCC", eq. 8):
 *
 *     paperIcc = 2·s_xy / (s_x² + s_y²)
 *
 * i.e. Lin's CCC **without** the (x̄ − ȳ)² mean-difference term, population (1/N) moments.
 * **This is NOT a standard intraclass correlation** — it is insensitive to a constant offset between prediction
 * and gold, unlike ICC(A,1) or CCC. Use it only to reproduce those papers' numbers; report CCC / ICC(·) otherwise.
 * Pairwise deletion of missing values; NaN below 2 frames or when both series are constant (0/0).
 */
export function paperIcc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = pairedMoments(x, y)
  if (m.n < MIN_VALID_POINTS) return NaN
  const denom = m.varX + m.varY
  return denom === 0 ? NaN : (2 * m.cov) / denom
}
