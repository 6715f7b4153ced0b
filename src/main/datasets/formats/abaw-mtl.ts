/**
 * The ABAW multi-task list (s-Aff-Wild2, ABAW 4th MTL challenge; also the layout of MTL prediction files): header
 * `image,valence,arousal,expression,aus`, then one line per image with 16 comma-separated fields:
 *   image path (`<video>/<5-digit 1-based frame>.jpg`), valence, arousal, expression index, AU1 … AU26 (12 × 0/1).
 * The header names 5 columns although rows have 16: `aus` stands for the 12 AU columns — that is the published
 * layout and the reader requires it exactly. Missing labels (the reason P003 trains its tasks apart, L123):
 * valence/arousal −5 (both), expression −1, AUs −1 (all 12; a partial row keeps per-AU nulls). Images must be unique.
 */
import { expectFieldCount, formatNumber, joinRows, parseError, quoteField, readRecords, where } from './csv'
import { ABAW_AUS, ABAW_VA_MISSING, auCells, parseAuCells, parseExpressionCell, parseVaCells, type AbawAuRow, ABAW_EXPRESSIONS } from './abaw-common'

export const ABAW_MTL_HEADER = ['image', 'valence', 'arousal', 'expression', 'aus'] as const
const F = 'ABAW MTL'
const FIELDS = 4 + ABAW_AUS.length

export interface AbawMtlRow {
  readonly image: string
  readonly va: { readonly valence: number; readonly arousal: number } | null
  readonly expression: number | null
  readonly aus: AbawAuRow | null
}

/** `<video>/<frame0 + 1, 5 digits>.jpg`: the cropped-aligned image name of a 0-based frame. */
export function abawImageName(video: string, frame0: number): string {
  return `${video}/${String(frame0 + 1).padStart(5, '0')}.jpg`
}

/** The video and 0-based frame of an image name written by `abawImageName` (null for other names). */
export function parseAbawImageName(image: string): { video: string; frame: number } | null {
  const m = /^(.*)\/(\d+)\.(?:jpg|png)$/i.exec(image)
  return m && Number(m[2]) >= 1 ? { video: m[1], frame: Number(m[2]) - 1 } : null
}

export function readAbawMtlTxt(text: string): AbawMtlRow[] {
  const records = readRecords(text, ',', F)
  const header = records[0]
  const names = header.fields.map((f) => f.trim())
  if (names.length !== ABAW_MTL_HEADER.length || names.some((n, i) => n !== ABAW_MTL_HEADER[i])) {
    throw parseError(
      names.length === FIELDS
        ? `${F}: missing header: line 1 is data; expected '${ABAW_MTL_HEADER.join(',')}'`
        : `${F}: ${where(header.line)}: header must be '${ABAW_MTL_HEADER.join(',')}', got '${names.join(',')}'`
    )
  }
  const seen = new Map<string, number>()
  return records.slice(1).map((rec) => {
    expectFieldCount(rec, FIELDS, F)
    const image = rec.fields[0]
    if (image.trim() === '') throw parseError(`${F}: ${where(rec.line, 'image')}: empty image path`)
    const prev = seen.get(image)
    if (prev !== undefined) throw parseError(`${F}: ${where(rec.line, 'image')}: image '${image}' already listed on line ${prev}`)
    seen.set(image, rec.line)
    return {
      image,
      va: parseVaCells(rec.fields[1], rec.fields[2], rec.line, F),
      expression: parseExpressionCell(rec.fields[3], rec.line, ABAW_EXPRESSIONS.length, F),
      aus: parseAuCells(rec.fields.slice(4), rec.line, F)
    }
  })
}

export function writeAbawMtlTxt(rows: readonly AbawMtlRow[]): string {
  const out: string[][] = [[...ABAW_MTL_HEADER]]
  for (const r of rows) {
    const va = r.va === null ? [String(ABAW_VA_MISSING), String(ABAW_VA_MISSING)] : [formatNumber(r.va.valence), formatNumber(r.va.arousal)]
    out.push([quoteField(r.image), ...va, r.expression === null ? '-1' : String(r.expression), ...auCells(r.aus)])
  }
  return joinRows(out, ',')
}
