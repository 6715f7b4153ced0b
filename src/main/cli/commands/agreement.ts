import { AppError } from '../../../shared/ipc/errors'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { computeAgreementReport, formatAgreementReport } from '../affect/agreement-report'
import { assertKnownFlags, parseConfidenceFlag, parseDelimiterFlag, readTextFile, withBooleanFlags } from '../affect/cli-io'
import { parseRatingsCsv } from '../affect/ratings-table'
import { toJson } from '../affect/text-format'

export const agreementCommand: CliCommand = {
  name: 'agreement',
  summary: 'Inter-rater agreement of a ratings table: six ICC forms with CIs, Krippendorff α, pairwise r/CCC',
  usage: [
    'circumplex agreement <ratings.csv> [--json] [--delimiter ,|;|tab] [--confidence 0.95]',
    '',
    '  ratings.csv   rows = targets (frames, clips), columns = raters, first row = rater names.',
    '                A first column named frame, target, id, index, item or unit labels the rows (not a rater).',
    '                Empty cells and NaN/NA/null are missing values.',
    '  --delimiter   field separator: , (default), ; or tab',
    '  --confidence  level of the ICC confidence intervals (default 0.95)',
    '  --json        print one JSON object (full precision; undefined values as null)',
    '',
    'Prints the six ICC forms (McGraw & Wong names with their Shrout & Fleiss equivalents) with CI, F, df and p;',
    "Krippendorff's α (interval); mean pairwise Pearson r; the pairwise CCC matrix; each rater against the",
    'leave-one-out mean of the others. Missing values: listwise for the ICC (dropped rows are counted), all',
    'pairable values for α, pairwise deletion for r/CCC.'
  ].join('\n'),
  async run(rawArgs, ctx) {
    const args = withBooleanFlags(rawArgs, ['json'])
    assertKnownFlags(args, ['json', 'delimiter', 'confidence'])
    if (args.positionals.length !== 1) {
      throw new AppError(
        'INVALID_ARGUMENT',
        args.positionals.length === 0 ? 'missing the ratings file' : `expected one ratings file, got ${args.positionals.length}: ${args.positionals.join(' ')}`
      )
    }
    const file = args.positionals[0]
    const delimiter = parseDelimiterFlag(flagString(args, 'delimiter'))
    const confidence = parseConfidenceFlag(flagString(args, 'confidence'))
    const text = await readTextFile(ctx.cwd, file, 'ratings')
    const table = parseRatingsCsv(text, { delimiter, source: file })
    const report = computeAgreementReport(table, { confidence, source: file })
    ctx.out(flagBool(args, 'json') ? toJson(report) : formatAgreementReport(report))
    return 0
  }
}
