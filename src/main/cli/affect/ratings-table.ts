/**
 * The ratings table of `circumplex agreement`: one row per target (frame, clip, item), one column per rater, and a
 * header row of rater names. An optional FIRST column whose header is an index name (frame, target, id, index,
 * item, unit; case-insensitive) labels the rows and is not a rater.
 *
 * Missing values: an empty cell or NaN / NA / N/A / null / none (case-insensitive) reads as missing (NaN).
 * Anything else must be a finite decimal number. Every problem is a PARSE_ERROR (or INVALID_ARGUMENT for too
 * little data) whose message names the line and the column.
 */
import { AppError } from '../../../shared/ipc/errors'
import { NUMBER_RE, tokenizeCsv, type CsvRecord } from '../../datasets/formats/csv'
import { delimiterName, type TableDelimiter } from './cli-io'

/** Header names (case-insensitive) that mark the first column as a row index rather than a rater. */
export const INDEX_COLUMN_NAMES: readonly string[] = ['frame', 'target', 'id', 'index', 'item', 'unit']

/** Cell texts (trimmed, case-insensitive) that mean "no rating". */
export const MISSING_TOKENS: readonly string[] = ['', 'nan', 'na', 'n/a', 'null', 'none']

export interface RatingsTable {
  /** Rater names, in column order. */
  readonly raters: string[]
  /** Header of the index column, or null when there is none. */
  readonly indexColumn: string | null
  /** Row labels: the index column's values, or the 1-based data row number. */
  readonly targets: string[]
  /** 1-based line number of each row in the file. */
  readonly lines: number[]
  /** n×k ratings, NaN = missing. */
  readonly matrix: number[][]
  /** Cells that were missing. */
  readonly nMissingCells: number
  /** Rows with at least one missing cell. */
  readonly nRowsWithMissing: number
}

export interface ParseRatingsOptions {
  readonly delimiter?: TableDelimiter
  /** File name used as the prefix of messages. */
  readonly source?: string
}

const OTHER_DELIMITERS: readonly string[] = [',', ';', '\t', '|']

function parseErr(source: string, message: string): AppError {
  return new AppError('PARSE_ERROR', `${source}: ${message}`)
}

function colRef(index: number, name: string | undefined): string {
  return name === undefined ? `column ${index + 1}` : `column ${index + 1} ('${name}')`
}

/** The delimiter a single-column header line seems to use instead, if any. */
function otherDelimiterIn(header: CsvRecord, expected: string): string | null {
  const text = header.fields[0] ?? ''
  for (const d of OTHER_DELIMITERS) if (d !== expected && text.includes(d)) return d
  return null
}

function isMissingToken(cell: string): boolean {
  return MISSING_TOKENS.includes(cell.trim().toLowerCase())
}

/** Parses the ratings table; see the module comment for the rules. */
export function parseRatingsCsv(text: string, options: ParseRatingsOptions = {}): RatingsTable {
  const delimiter = options.delimiter ?? ','
  const source = options.source ?? 'ratings'
  const records = tokenizeCsv(text, delimiter)
  if (records.length === 0) throw parseErr(source, 'empty file (expected a header row of rater names and one row per target)')
  const header = records[0]
  const names = header.fields.map((f) => f.trim())

  if (names.length < 2) {
    const other = otherDelimiterIn(header, delimiter)
    if (other !== null) {
      throw parseErr(
        source,
        `line ${header.line} has a single column with the ${delimiterName(delimiter)} delimiter but contains ${delimiterName(other)}: wrong delimiter? try --delimiter ${other === '\t' ? 'tab' : other}`
      )
    }
  }
  if (names.length > 0 && names.every((n) => n !== '' && NUMBER_RE.test(n))) {
    throw parseErr(source, `line ${header.line} is data, not a header: the first row must name the raters, and names must not be plain numbers (e.g. frame,rater1,rater2)`)
  }
  const hasIndex = names.length > 0 && INDEX_COLUMN_NAMES.includes(names[0].toLowerCase())
  const first = hasIndex ? 1 : 0
  const raters = names.slice(first)
  raters.forEach((name, j) => {
    if (name === '') throw parseErr(source, `line ${header.line}, ${colRef(j + first, undefined)}: empty rater name in the header`)
  })
  const seen = new Map<string, number>()
  raters.forEach((name, j) => {
    const prev = seen.get(name)
    if (prev !== undefined) {
      throw parseErr(source, `line ${header.line}: rater name '${name}' used twice (columns ${prev + first + 1} and ${j + first + 1})`)
    }
    seen.set(name, j)
  })
  if (raters.length < 2) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${source}: need at least 2 rater columns, found ${raters.length}${raters.length === 1 ? ` ('${raters[0]}')` : ''}${hasIndex ? ` besides the index column '${names[0]}'` : ''}`
    )
  }

  const matrix: number[][] = []
  const targets: string[] = []
  const lines: number[] = []
  const targetLine = new Map<string, number>()
  let nMissingCells = 0
  let nRowsWithMissing = 0
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== names.length) {
      const hint =
        rec.fields.length === 1 && otherDelimiterIn(rec, delimiter) !== null
          ? ` (wrong delimiter? this line contains ${delimiterName(otherDelimiterIn(rec, delimiter) ?? '')})`
          : rec.fields.length < names.length
            ? ' (truncated line?)'
            : ' (unquoted delimiter inside a cell?)'
      throw parseErr(source, `line ${rec.line}: expected ${names.length} fields like the header but found ${rec.fields.length}${hint}`)
    }
    let label = String(matrix.length + 1)
    if (hasIndex) {
      label = rec.fields[0].trim()
      if (label === '') throw parseErr(source, `line ${rec.line}, ${colRef(0, names[0])}: empty ${names[0]}`)
      const prev = targetLine.get(label)
      if (prev !== undefined) throw parseErr(source, `line ${rec.line}, ${colRef(0, names[0])}: duplicated ${names[0]} '${label}' (also on line ${prev})`)
      targetLine.set(label, rec.line)
    }
    const row: number[] = []
    let missingHere = 0
    for (let j = 0; j < raters.length; j++) {
      const c = j + first
      const cell = rec.fields[c].trim()
      if (isMissingToken(cell)) {
        row.push(NaN)
        missingHere++
        continue
      }
      if (!NUMBER_RE.test(cell)) {
        const hint = /^[+-]?\d+,\d+$/.test(cell) ? ' (decimal comma? write 0.5, or use --delimiter ; for a ;-separated file)' : ''
        throw parseErr(source, `line ${rec.line}, ${colRef(c, raters[j])}: not a number ('${cell}')${hint}`)
      }
      const v = Number(cell)
      if (!Number.isFinite(v)) throw parseErr(source, `line ${rec.line}, ${colRef(c, raters[j])}: value out of range ('${cell}')`)
      row.push(v)
    }
    nMissingCells += missingHere
    if (missingHere > 0) nRowsWithMissing++
    matrix.push(row)
    targets.push(label)
    lines.push(rec.line)
  }
  if (matrix.length < 2) {
    throw new AppError('INVALID_ARGUMENT', `${source}: need at least 2 rows (targets) below the header, found ${matrix.length}`)
  }
  return { raters, indexColumn: hasIndex ? names[0] : null, targets, lines, matrix, nMissingCells, nRowsWithMissing }
}
