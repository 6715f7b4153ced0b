/** The agreement report (ICC forms, Krippendorff's α, pairwise r/CCC, leave-one-out): computed in main by
 * `computeAgreementReport` for both `circumplex agreement` and `annotations:agreement`. Plain JSON-safe data
 * (undefined statistics are NaN in main and cross IPC/JSON as null). */

/** McGraw & Wong names of the six ICC forms. */
export type IccFormName = 'ICC(1,1)' | 'ICC(C,1)' | 'ICC(A,1)' | 'ICC(1,k)' | 'ICC(C,k)' | 'ICC(A,k)'

export interface IccReportRow {
  /** McGraw & Wong name, e.g. 'ICC(A,1)'. */
  readonly form: IccFormName
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

