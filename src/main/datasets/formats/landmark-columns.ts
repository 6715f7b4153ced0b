/**
 * Shared helper for per-frame prediction CSVs that store 2-D landmarks as `x_0..x_{n-1}, y_0..y_{n-1}`
 * columns (OpenFace 2.x, py-feat). Coordinates are image pixels, 0-based, x right, y down.
 */
import { type CsvRecord, parseError, parseNumber } from './csv'

export interface LandmarkColumns {
  xs: number[]
  ys: number[]
}

/** Finds x_i / y_i columns; null if none. Throws when the x and y counts differ or indices have holes. */
export function findLandmarkColumns(idx: Map<string, number>, format: string): LandmarkColumns | null {
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; idx.has(`x_${i}`); i++) xs.push(idx.get(`x_${i}`) as number)
  for (let i = 0; idx.has(`y_${i}`); i++) ys.push(idx.get(`y_${i}`) as number)
  const countAll = (p: string): number => [...idx.keys()].filter((k) => new RegExp(`^${p}_\\d+$`).test(k)).length
  if (countAll('x') !== xs.length || countAll('y') !== ys.length) {
    throw parseError(`${format}: header: landmark columns x_*/y_* are not numbered contiguously from 0`)
  }
  if (xs.length !== ys.length) throw parseError(`${format}: header: ${xs.length} x_* columns but ${ys.length} y_* columns (mismatched lengths)`)
  return xs.length === 0 ? null : { xs, ys }
}

export function readLandmarks(rec: CsvRecord, cols: LandmarkColumns): Array<[number, number]> {
  return cols.xs.map((xi, i) => [parseNumber(rec.fields[xi], rec.line, `x_${i}`), parseNumber(rec.fields[cols.ys[i]], rec.line, `y_${i}`)])
}

export function landmarkHeader(n: number): string[] {
  return [...Array.from({ length: n }, (_, i) => `x_${i}`), ...Array.from({ length: n }, (_, i) => `y_${i}`)]
}
