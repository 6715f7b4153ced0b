/**
 * Text output of `circumplex agreement`. The report itself is computed by the shared
 * `computeAgreementReport` (src/main/services/agreement-report.ts), the same function behind the app's
 * `annotations:agreement`, so the panel's numbers equal the CLI's.
 */
import { computeAgreementReport, iccLabel, type AgreementReport, type IccReportRow } from '../../services/agreement-report'
import { alignTable, fmt, fmtDf, fmtP } from './text-format'

export { computeAgreementReport, iccLabel }
export type { AgreementReport, IccReportRow }

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
