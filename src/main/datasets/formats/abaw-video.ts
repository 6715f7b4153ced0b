/**
 * ABAW per-video annotation `.txt` files (Aff-Wild2; one file per video, line 2 = frame 0, one line per frame):
 * - VA (VA_Estimation_Challenge): header `valence,arousal`, −5 = not annotated — the Aff-Wild2 VA reader/writer
 *   (aff-wild2.ts) is that format and is re-exported here as `readAbawVaTxt` / `writeAbawVaTxt`.
 * - EXPR (EXPR_Recognition_Challenge): header `Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other`
 *   (ABAW 3rd+; the 2nd challenge's 7-class header without `Other` is read too), then one class index per frame,
 *   −1 = not annotated.
 * - AU (AU_Detection_Challenge): header `AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26`, then 12 values
 *   0/1 per frame, −1 = not annotated (a row of −1 reads as `null`).
 * Every malformed file is a PARSE_ERROR naming the line (and field).
 */
import { AppError } from '../../../shared/ipc/errors'
import { expectFieldCount, joinRows, parseError, readRecords, where } from './csv'
import { ABAW_AUS, ABAW_EXPRESSIONS, auCells, parseAuCells, parseExpressionCell, type AbawAuRow } from './abaw-common'
import { readAffWild2VaTxt, writeAffWild2VaTxt } from './aff-wild2'

export const readAbawVaTxt = readAffWild2VaTxt
export const writeAbawVaTxt = writeAffWild2VaTxt

const FE = 'ABAW EXPR'
const FA = 'ABAW AU'

export interface AbawExprFile {
  /** Class names of the header, in index order (8, or 7 for the ABAW2 header). */
  readonly classes: readonly string[]
  /** Per frame: class index, null = not annotated. */
  readonly frames: ReadonlyArray<number | null>
}

const EXPR7 = ABAW_EXPRESSIONS.slice(0, 7)

function sameNames(fields: readonly string[], names: readonly string[]): boolean {
  return fields.length === names.length && fields.every((f, i) => f.trim() === names[i])
}

export function readAbawExprTxt(text: string): AbawExprFile {
  const records = readRecords(text, ',', FE)
  const header = records[0]
  let classes: readonly string[]
  if (sameNames(header.fields, ABAW_EXPRESSIONS)) classes = ABAW_EXPRESSIONS
  else if (sameNames(header.fields, EXPR7)) classes = EXPR7
  else if (header.fields.length === 1 && /^-?\d+$/.test(header.fields[0].trim())) throw parseError(`${FE}: missing header: line 1 is data; expected '${ABAW_EXPRESSIONS.join(',')}'`)
  else throw parseError(`${FE}: ${where(header.line)}: header must be '${ABAW_EXPRESSIONS.join(',')}' (or the 7-class ABAW2 header), got '${header.fields.join(',')}'`)
  const frames = records.slice(1).map((rec) => {
    expectFieldCount(rec, 1, FE)
    return parseExpressionCell(rec.fields[0], rec.line, classes.length, FE)
  })
  return { classes, frames }
}

/** Writes the 8-class file; null = −1. */
export function writeAbawExprTxt(frames: ReadonlyArray<number | null>): string {
  const rows: string[][] = [[...ABAW_EXPRESSIONS]]
  for (const f of frames) {
    if (f !== null && !(Number.isInteger(f) && f >= 0 && f < ABAW_EXPRESSIONS.length)) throw new AppError('INVALID_ARGUMENT', `${FE}: cannot write class ${f} (0..7 or null)`)
    rows.push([f === null ? '-1' : String(f)])
  }
  return joinRows(rows, ',')
}

export function readAbawAuTxt(text: string): Array<AbawAuRow | null> {
  const records = readRecords(text, ',', FA)
  const header = records[0]
  if (!sameNames(header.fields, ABAW_AUS)) {
    const looksLikeData = header.fields.every((f) => /^-?\d+$/.test(f.trim()))
    throw parseError(looksLikeData ? `${FA}: missing header: line 1 is data; expected '${ABAW_AUS.join(',')}'` : `${FA}: ${where(header.line)}: header must be '${ABAW_AUS.join(',')}', got '${header.fields.join(',')}'`)
  }
  return records.slice(1).map((rec) => {
    expectFieldCount(rec, ABAW_AUS.length, FA)
    return parseAuCells(rec.fields, rec.line, FA)
  })
}

export function writeAbawAuTxt(frames: ReadonlyArray<AbawAuRow | null>): string {
  return joinRows([[...ABAW_AUS], ...frames.map(auCells)], ',')
}
