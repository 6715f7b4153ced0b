/**
 * The report of `circumplex agreement`: every ICC form with its confidence interval and F test, Krippendorff's
 * interval α, mean pairwise Pearson r, the pairwise CCC (and r) matrices, and each rater against the leave-one-out
 * mean of the others — all from `core/metrics`, plus how missing values were handled:
 *
 * - ICC: listwise deletion (a row with any missing rating is dropped; the count is reported);
 * - Krippendorff's α: every pairable value (units with ≥ 2 ratings);
 * - pairwise r / CCC and leave-one-out: pairwise deletion per pair of series.
 */
import { AppError } from '../../../shared/ipc/errors'
import {
  ICC_FORM_INFO,
  ICC_FORMS,
  iccAnova,
  iccFromAnova,
  krippendorffAlphaDetails,
  leaveOneOutAgreement,
  meanPairwisePearson,
  pairwiseCccMatrix,
  type IccForm
} from '../../../core/metrics'
import type { RatingsTable } from './ratings-table'
import { alignTable, fmt, fmtDf, fmtP } from './text-format'

export interface IccReportRow {
  /** McGraw & Wong name, e.g. 'ICC(A,1)'. */
  readonly form: IccForm
  /** Shrout & Fleiss (1979) name of the same estimator, e.g. 'ICC(2,1)'. */
  readonly shroutFleiss: string
  /** e.g. 'ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)'. */
  readonly label: string
  readonly model: 'one-way random' | 'two-way'
  readonly type: 'absolute agreement' | 'consistency'
  readonly unit: 'single' | 'average'
  readonly value: number
  readonly ci: { readonly lower: number; readonly upper: number; readonly level: number }
  readonly fValue: number
  readonly df1: number
  readonly df2: number
  readonly pValue: number
}

export interface AgreementReport {
  readonly source: string | null
  readonly nTargets: number
  readonly nRaters: number
  readonly raters: string[]
  readonly indexColumn: string | null
  readonly missing: {
    /** Cells without a rating. */
    readonly cells: number
    /** Rows with at least one missing rating. */
    readonly rowsWithMissing: number
    /** Policy per statistic, in words. */
    readonly policy: { readonly icc: string; readonly krippendorff: string; readonly pairwise: string }
  }
  readonly icc: {
    /** Complete rows used by every ICC form. */
    readonly nUsed: number
    /** Rows dropped for missing values (listwise). */
    readonly nDropped: number
    readonly confidence: number
    readonly anova: { readonly msr: number; readonly msc: number; readonly msw: number; readonly mse: number }
    readonly forms: IccReportRow[]
  }
  readonly krippendorffAlpha: {
    readonly level: 'interval'
    readonly alpha: number
    readonly observedDisagreement: number
    readonly expectedDisagreement: number
    /** Values in units with ≥ 2 ratings. */
    readonly nPairable: number
    readonly nUnits: number
    /** Units with fewer than 2 ratings (not pairable). */
    readonly nUnitsDropped: number
  }
  readonly meanPairwisePearson: { readonly mean: number; readonly nPairs: number; readonly nPairsUndefined: number }
  /** k×k Pearson r, rows/columns in `raters` order. */
  readonly pairwisePearson: number[][]
  /** k×k Lin's CCC, rows/columns in `raters` order. */
  readonly pairwiseCcc: number[][]
  readonly leaveOneOut: { readonly rater: string; readonly ccc: number; readonly pcc: number; readonly nUsed: number }[]
}

/** 'ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)'. */
export function iccLabel(form: IccForm, k?: number): string {
  const info = ICC_FORM_INFO[form]
  const what = info.model === 'one-way random' ? 'one-way random' : info.type
  const unit = info.unit === 'single' ? 'single rater' : `mean of ${k ?? 'k'} raters`
  return `${form} ${what}, ${unit} — Shrout–Fleiss ${info.shroutFleiss}`
}

/** Computes the agreement report of a parsed ratings table. Needs ≥ 2 rows without missing values (for the ICC). */
export function computeAgreementReport(
  table: RatingsTable,
  options: { readonly confidence?: number; readonly source?: string } = {}
): AgreementReport {
  const confidence = options.confidence ?? 0.95
  const m = table.matrix
  const k = table.raters.length
  const anova = iccAnova(m)
  if (anova.n < 2) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${options.source ?? 'ratings'}: only ${anova.n} of ${m.length} rows have a rating from every rater; the ICC needs at least 2 complete rows (rows with missing values are dropped listwise)`
    )
  }
  const forms = ICC_FORMS.map((form): IccReportRow => {
    const r = iccFromAnova(anova, form, { confidence })
    return {
      form,
      shroutFleiss: r.shroutFleiss,
      label: iccLabel(form, k),
      model: r.model,
      type: r.type,
      unit: r.unit,
      value: r.value,
      ci: r.ci,
      fValue: r.fValue,
      df1: r.df1,
      df2: r.df2,
      pValue: r.pValue
    }
  })
  const alpha = krippendorffAlphaDetails(m)
  const mp = meanPairwisePearson(m)
  return {
    source: options.source ?? null,
    nTargets: m.length,
    nRaters: k,
    raters: [...table.raters],
    indexColumn: table.indexColumn,
    missing: {
      cells: table.nMissingCells,
      rowsWithMissing: table.nRowsWithMissing,
      policy: {
        icc: 'listwise: rows with any missing rating are dropped',
        krippendorff: 'all pairable values: units with at least 2 ratings',
        pairwise: 'pairwise: frames where both series have a value'
      }
    },
    icc: {
      nUsed: anova.n,
      nDropped: anova.nDropped,
      confidence,
      anova: { msr: anova.msr, msc: anova.msc, msw: anova.msw, mse: anova.mse },
      forms
    },
    krippendorffAlpha: {
      level: 'interval',
      alpha: alpha.alpha,
      observedDisagreement: alpha.observedDisagreement,
      expectedDisagreement: alpha.expectedDisagreement,
      nPairable: alpha.nPairable,
      nUnits: alpha.nUnits,
      nUnitsDropped: alpha.nUnitsDropped
    },
    meanPairwisePearson: { mean: mp.mean, nPairs: mp.nPairs, nPairsUndefined: mp.nPairsUndefined },
    pairwisePearson: mp.matrix,
    pairwiseCcc: pairwiseCccMatrix(m),
    leaveOneOut: leaveOneOutAgreement(m).map((l) => ({ rater: table.raters[l.rater], ccc: l.ccc, pcc: l.pcc, nUsed: l.nUsed }))
  }
}

function percent(level: number): string {
  return `${Number((level * 100).toFixed(4))}%`
}

/** Human-readable report: aligned tables, 4 decimals (use --json for full precision). */
export function formatAgreementReport(r: AgreementReport): string {
  const out: string[] = []
  out.push(`Agreement${r.source !== null ? ` — ${r.source}` : ''}`)
  out.push(`${r.nTargets} targets × ${r.nRaters} raters: ${r.raters.join(', ')}${r.indexColumn !== null ? ` (index column '${r.indexColumn}')` : ''}`)
  if (r.missing.cells === 0) out.push('Missing values: none')
  else {
    out.push(`Missing values: ${r.missing.cells} cell(s) in ${r.missing.rowsWithMissing} row(s)`)
    out.push(`  ICC: ${r.icc.nDropped} row(s) dropped (listwise), ${r.icc.nUsed} complete row(s) used`)
    out.push(
      `  Krippendorff's α: all pairable values (${r.krippendorffAlpha.nPairable} values in ${r.krippendorffAlpha.nUnits} units; ${r.krippendorffAlpha.nUnitsDropped} unit(s) with < 2 ratings ignored)`
    )
    out.push('  pairwise r / CCC, leave-one-out: pairwise deletion')
  }
  out.push('')
  out.push(`Intraclass correlation (n = ${r.icc.nUsed} targets, k = ${r.nRaters} raters)`)
  const ciHead = `${percent(r.icc.confidence)} CI`
  out.push(
    ...alignTable(
      [
        ['form', 'ICC', ciHead, 'F', 'df1', 'df2', 'p'],
        ...r.icc.forms.map((f) => [
          f.label,
          fmt(f.value),
          `[${fmt(f.ci.lower)}, ${fmt(f.ci.upper)}]`,
          fmt(f.fValue, 3),
          fmtDf(f.df1),
          fmtDf(f.df2),
          fmtP(f.pValue)
        ])
      ],
      ['left', 'right', 'left', 'right', 'right', 'right', 'right']
    ).map((l) => `  ${l}`)
  )
  out.push('')
  const a = r.krippendorffAlpha
  const mp = r.meanPairwisePearson
  out.push(
    ...alignTable(
      [
        ["Krippendorff's α (interval)", fmt(a.alpha), `${a.nPairable} pairable values in ${a.nUnits} units`],
        ['Mean pairwise Pearson r', fmt(mp.mean), `${mp.nPairs} pair(s)${mp.nPairsUndefined > 0 ? `, ${mp.nPairsUndefined} undefined (constant rater)` : ''}`]
      ],
      ['left', 'right', 'left']
    )
  )
  out.push('')
  out.push('Pairwise CCC (Lin)')
  out.push(...alignTable([['', ...r.raters], ...r.pairwiseCcc.map((row, i) => [r.raters[i], ...row.map((v) => fmt(v))])]).map((l) => `  ${l}`))
  out.push('')
  out.push('Each rater vs the mean of the other raters (leave-one-out)')
  out.push(
    ...alignTable([['rater', 'CCC', 'r', 'n'], ...r.leaveOneOut.map((l) => [l.rater, fmt(l.ccc), fmt(l.pcc), String(l.nUsed)])]).map(
      (l) => `  ${l}`
    )
  )
  return `${out.join('\n')}\n`
}
