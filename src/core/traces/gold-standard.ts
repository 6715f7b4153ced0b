/**
 * One entry point for gold-standard fusion: pick the method by name, get the fused trace and the recipe to store.
 * Methods and formulas: ./fusion.ts (mean, EWE) and ./dba.ts (DTW barycenter averaging).
 */
import { fuseDba, type DbaOptions } from './dba'
import { fuseEwe, fuseMean, type FusionResult, type MeanOptions } from './fusion'
import { invalidArgument, type Samples } from './nan-utils'

export type FusionSpec =
  | ({ readonly method: 'mean' } & MeanOptions)
  | ({ readonly method: 'ewe' } & MeanOptions)
  | ({ readonly method: 'dba' } & DbaOptions)

/** Fuse raters' traces (same frames) into one gold-standard trace; see {@link FusionSpec}. */
export function fuseTraces(raters: readonly Samples[], spec: FusionSpec): FusionResult {
  switch (spec.method) {
    case 'mean':
      return fuseMean(raters, spec)
    case 'ewe':
      return fuseEwe(raters, spec)
    case 'dba':
      return fuseDba(raters, spec)
    default:
      throw invalidArgument(`unknown fusion method '${String((spec as { method: unknown }).method)}'`)
  }
}
