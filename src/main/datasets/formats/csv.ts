/**
 * Small shared CSV toolkit for the dataset format readers/writers.
 *
 * - RFC 4180 tokenizer: quoted fields (with `""` escapes and embedded delimiters/newlines), LF or CRLF
 *   line endings, leading UTF-8 BOM stripped, blank lines skipped. Each record keeps its 1-based line
 *   number so that parse errors can name the line.
 * - Delimiter detection and a strict "expected delimiter" check that reports a wrong delimiter clearly.
 * - Strict number parsing (no empty cells, no NaN/Infinity) with range checks, and a lossless
 *   number formatter (`String(n)` round-trips every finite double; `-0` is kept).
 *
 * Every failure is an `AppError('PARSE_ERROR', ...)` whose message names the line and the field.
 */
import { AppError } from '../../../shared/ipc/errors'

export type CsvDelimiter = ',' | ';' | '\t' | '|'

export interface CsvRecord {
  /** 1-based line number (of the physical line where the record starts). */
  readonly line: number
  readonly fields: string[]
  /** Per field: whether it was written in double quotes. */
  readonly quoted: boolean[]
}

export function parseError(message: string): AppError {
  return new AppError('PARSE_ERROR', message)
}

/** Prefix for messages: `line 3, field 'valence'`. */
export function where(line: number, field?: string): string {
  return field === undefined ? `line ${line}` : `line ${line}, field '${field}'`
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Splits into physical lines (LF, CRLF or lone CR), BOM stripped. A final empty line is dropped. */
export function splitLines(text: string): string[] {
  const lines = stripBom(text).split(/\r\n|\n|\r/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Tokenizes delimited text into records. Blank lines are skipped; an unterminated quote throws. */
export function tokenizeCsv(text: string, delimiter: string = ','): CsvRecord[] {
  const src = stripBom(text)
  const records: CsvRecord[] = []
  let fields: string[] = []
  let quoted: boolean[] = []
  let field = ''
  let fieldQuoted = false
  let line = 1
  let recordLine = 1
  let i = 0
  const n = src.length
  const endField = (): void => {
    fields.push(field)
    quoted.push(fieldQuoted)
    field = ''
    fieldQuoted = false
  }
  const endRecord = (): void => {
    endField()
    if (!(fields.length === 1 && fields[0] === '' && !quoted[0])) records.push({ line: recordLine, fields, quoted })
    fields = []
    quoted = []
  }
  while (i < n) {
    const c = src[i]
    if (c === '"' && field === '' && !fieldQuoted) {
      fieldQuoted = true
      const start = line
      i++
      for (;;) {
        if (i >= n) throw parseError(`${where(start)}: unterminated quoted field`)
        const d = src[i]
        if (d === '"') {
          if (src[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (d === '\n' || (d === '\r' && src[i + 1] !== '\n')) line++
        field += d
        i++
      }
      const next = src[i]
      if (i < n && next !== delimiter && next !== '\n' && next !== '\r') {
        throw parseError(`${where(line)}: unexpected character '${next}' after closing quote`)
      }
      continue
    }
    if (c === delimiter) {
      endField()
      i++
    } else if (c === '\n' || c === '\r') {
      endRecord()
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else {
      field += c
      i++
    }
  }
  if (field !== '' || fieldQuoted || fields.length > 0) endRecord()
  return records
}

const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t', '|']

function countOutsideQuotes(line: string, ch: string): number {
  let inQ = false
  let count = 0
  for (const c of line) {
    if (c === '"') inQ = !inQ
    else if (c === ch && !inQ) count++
  }
  return count
}

/** Guesses the delimiter of the first non-blank line: the candidate that occurs most often outside quotes. */
export function detectDelimiter(text: string, candidates: readonly string[] = CANDIDATES): string | null {
  const first = splitLines(text).find((l) => l.trim() !== '')
  if (first === undefined) return null
  let best: string | null = null
  let bestCount = 0
  for (const c of candidates) {
    const k = countOutsideQuotes(first, c)
    if (k > bestCount) {
      best = c
      bestCount = k
    }
  }
  return best
}

function showDelim(d: string): string {
  return d === '\t' ? 'TAB' : `'${d}'`
}

/** Throws a clear PARSE_ERROR when the first line contains none of `expected` but another common delimiter. */
export function expectDelimiter(text: string, expected: string, format: string): void {
  const first = splitLines(text).find((l) => l.trim() !== '')
  if (first === undefined) throw parseError(`${format}: empty file`)
  if (countOutsideQuotes(first, expected) > 0) return
  const found = detectDelimiter(text, CANDIDATES.filter((c) => c !== expected))
  if (found !== null) {
    throw parseError(`${format}: wrong delimiter on line 1: expected ${showDelim(expected)} but found ${showDelim(found)}`)
  }
}

/** Reads delimited text after checking the delimiter; throws on an empty file. */
export function readRecords(text: string, delimiter: string, format: string): CsvRecord[] {
  expectDelimiter(text, delimiter, format)
  const records = tokenizeCsv(text, delimiter)
  if (records.length === 0) throw parseError(`${format}: empty file`)
  return records
}

/** Maps trimmed header names to column indices; throws when a required column is missing or a name repeats. */
export function headerIndex(header: CsvRecord, required: readonly string[], format: string): Map<string, number> {
  const map = new Map<string, number>()
  let duplicate: string | null = null
  header.fields.forEach((raw, i) => {
    const name = raw.trim()
    if (map.has(name) && name !== '') duplicate ??= name
    else map.set(name, i)
  })
  const missing = required.filter((r) => !map.has(r))
  if (missing.length > 0) {
    const looksLikeData = header.fields.every((f) => f.trim() === '' || NUMBER_RE.test(f.trim()))
    throw parseError(
      looksLikeData
        ? `${format}: missing header: line 1 is data; expected columns ${required.join(', ')}`
        : `${format}: missing header column(s) ${missing.map((m) => `'${m}'`).join(', ')} on line ${header.line}`
    )
  }
  if (duplicate !== null) throw parseError(`${format}: ${where(header.line)}: duplicated header column '${duplicate}'`)
  return map
}

/** Throws when a record's field count differs from the header's. */
export function expectFieldCount(rec: CsvRecord, count: number, format: string): void {
  if (rec.fields.length !== count) {
    throw parseError(`${format}: ${where(rec.line)}: expected ${count} fields but found ${rec.fields.length} (truncated line or wrong delimiter?)`)
  }
}

export const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

export interface NumberOptions {
  min?: number
  max?: number
  integer?: boolean
}

/** Strict number: rejects empty cells, NaN, Infinity and trailing garbage; checks range and integrality. */
export function parseNumber(cell: string, line: number, field: string, opts: NumberOptions = {}): number {
  const s = cell.trim()
  if (s === '') throw parseError(`${where(line, field)}: empty cell`)
  if (!NUMBER_RE.test(s)) {
    throw parseError(`${where(line, field)}: ${/nan/i.test(s) ? 'NaN is not allowed' : `not a number ('${s}')`}`)
  }
  const v = Number(s)
  if (!Number.isFinite(v)) throw parseError(`${where(line, field)}: value out of range ('${s}')`)
  if (opts.integer === true && !Number.isInteger(v)) throw parseError(`${where(line, field)}: expected an integer, found '${s}'`)
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw parseError(`${where(line, field)}: value ${s} out of range [${opts.min ?? '-inf'}, ${opts.max ?? 'inf'}]`)
  }
  return v
}

/** Lossless number formatting (shortest round-tripping decimal, `-0` kept); throws on non-finite. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new AppError('INVALID_ARGUMENT', `cannot write non-finite number ${n}`)
  return Object.is(n, -0) ? '-0' : String(n)
}

/** Quotes a field when it contains the delimiter, a quote, a line break or leading/trailing space, or when `force`. */
export function quoteField(s: string, delimiter: string = ',', force = false): string {
  if (force || s.includes(delimiter) || /["\r\n]/.test(s) || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`
  return s
}

/** Joins rows of already-escaped cells with `delimiter` and LF; output ends with a newline. */
export function joinRows(rows: readonly (readonly string[])[], delimiter: string = ','): string {
  return rows.map((r) => r.join(delimiter)).join('\n') + '\n'
}

/**
 * Checks that `frames` (integers) are strictly increasing by exactly 1: reports duplicates and gaps.
 * `label` is used in messages, `lines` gives the line of each frame.
 */
export function checkContiguousFrames(frames: readonly number[], lines: readonly number[], format: string): void {
  for (let i = 1; i < frames.length; i++) {
    const prev = frames[i - 1]
    const cur = frames[i]
    if (cur === prev) throw parseError(`${format}: ${where(lines[i], 'frame')}: duplicated frame ${cur}`)
    if (cur < prev) throw parseError(`${format}: ${where(lines[i], 'frame')}: frame ${cur} after ${prev} (not increasing)`)
    if (cur !== prev + 1) {
      throw parseError(`${format}: ${where(lines[i], 'frame')}: missing frame(s) ${prev + 1}..${cur - 1} (jump from ${prev} to ${cur})`)
    }
  }
}

/**
 * Checks that `times` advance by a constant `step` (seconds). Duplicates, decreasing times and gaps (a
 * multiple of the step) are reported separately. Tolerance: 1% of the step, for times printed with few digits.
 */
export function checkRegularTimes(times: readonly number[], lines: readonly number[], step: number, format: string, field = 'time'): void {
  const tol = step * 0.01
  for (let i = 1; i < times.length; i++) {
    const d = times[i] - times[i - 1]
    if (Math.abs(d) <= tol) throw parseError(`${format}: ${where(lines[i], field)}: duplicated time ${times[i]}`)
    if (d < 0) throw parseError(`${format}: ${where(lines[i], field)}: time ${times[i]} goes backwards (previous ${times[i - 1]})`)
    if (Math.abs(d - step) > tol) {
      const k = Math.round(d / step)
      throw parseError(
        k > 1 && Math.abs(d - k * step) <= tol
          ? `${format}: ${where(lines[i], field)}: ${k - 1} missing sample(s) between ${times[i - 1]} and ${times[i]} (step ${step})`
          : `${format}: ${where(lines[i], field)}: irregular step ${d} between ${times[i - 1]} and ${times[i]} (expected ${step})`
      )
    }
  }
}

/** Checks strictly increasing times (duplicates and decreases reported). */
export function checkIncreasing(times: readonly number[], lines: readonly number[], format: string, field = 'time'): void {
  for (let i = 1; i < times.length; i++) {
    if (times[i] === times[i - 1]) throw parseError(`${format}: ${where(lines[i], field)}: duplicated ${field} ${times[i]}`)
    if (times[i] < times[i - 1]) throw parseError(`${format}: ${where(lines[i], field)}: ${field} ${times[i]} goes backwards (previous ${times[i - 1]})`)
  }
}
