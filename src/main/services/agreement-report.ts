/**
 * The agreement report shared by `circumplex agreement` (CLI) and `annotations:agreement` (app): every ICC form with
 * its confidence interval and F test, Krippendorff's interval α, mean pairwise Pearson r, the pairwise CCC (and r)
 * matrices, and each rater against the leave-one-out mean of the others — all from `core/metrics`, plus how missing
 * values were handled:
 *
 * - ICC: listwise deletion (a row with any missing rating is dropped; the count is reported);
 * - Krippendorff's α: every pairable value (units with ≥ 2 ratings);
 * - pairwise r / CCC and leave-one-out: pairwise deletion per pair of series.
 */
import type { AgreementReport, IccReportRow } from '../../shared/agreement'
import { AppError } from '../../shared/ipc/errors'
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
} from '../../core/metrics'

export type { AgreementReport, IccReportRow }

/** What the report needs of a ratings table (the CLI's parsed CSV, or traces on common frames). */
export interface RatingsInput {
  /** Rater names, in column order. */
  readonly raters: readonly string[]
  readonly indexColumn: string | null
  /** n×k ratings, NaN = missing. */
  readonly matrix: number[][]
  readonly nMissingCells: number
  readonly nRowsWithMissing: number
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
  table: RatingsInput,
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

