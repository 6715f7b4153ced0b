/**
 * Aff-Wild2 valence-arousal annotation `.txt` (ABAW challenges): comma separated, header
 * `valence,arousal`, then exactly one line per video frame (line 2 = frame 0). Values are in [-1, 1].
 * Frames that were not annotated carry `-5,-5`: the reader returns `null` for them — they are DROPPED from
 * evaluation, never rescaled or clipped. A line with only one of the two values at -5 is an error. The
 * writer writes `null` back as `-5,-5`.
 */
import { expectFieldCount, formatNumber, headerIndex, joinRows, parseError, parseNumber, readRecords, where } from './csv'

export type AffWild2VaFrame = { valence: number; arousal: number } | null

export const AFF_WILD2_NOT_ANNOTATED = -5
const F = 'Aff-Wild2 VA'

export function writeAffWild2VaTxt(frames: readonly AffWild2VaFrame[]): string {
  const rows: string[][] = [['valence', 'arousal']]
  for (const f of frames) {
    rows.push(f === null ? ['-5', '-5'] : [formatNumber(f.valence), formatNumber(f.arousal)])
  }
  return joinRows(rows, ',')
}

export function readAffWild2VaTxt(text: string): AffWild2VaFrame[] {
  const records = readRecords(text, ',', F)
  const header = records[0]
  const idx = headerIndex(header, ['valence', 'arousal'], F)
  if (header.fields.length !== 2) throw parseError(`${F}: ${where(header.line)}: header must be exactly 'valence,arousal'`)
  const vi = idx.get('valence') as number
  const ai = idx.get('arousal') as number
  const frames: AffWild2VaFrame[] = []
  for (const rec of records.slice(1)) {
    expectFieldCount(rec, 2, F)
    const v = parseNumber(rec.fields[vi], rec.line, 'valence')
    const a = parseNumber(rec.fields[ai], rec.line, 'arousal')
    const vMissing = v === AFF_WILD2_NOT_ANNOTATED
    const aMissing = a === AFF_WILD2_NOT_ANNOTATED
    if (vMissing && aMissing) {
      frames.push(null)
      continue
    }
    if (vMissing || aMissing) {
      throw parseError(`${F}: ${where(rec.line, vMissing ? 'valence' : 'arousal')}: only one dimension marked -5 (not annotated)`)
    }
    for (const [name, x] of [['valence', v], ['arousal', a]] as const) {
      if (x < -1 || x > 1) throw parseError(`${F}: ${where(rec.line, name)}: value ${x} out of range [-1, 1] (and not -5)`)
    }
    frames.push({ valence: v, arousal: a })
  }
  return frames
}
