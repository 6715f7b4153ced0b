/**
 * iBUG 300-W / 300-VW `.pts` landmark files:
 *
 * ```
 * version: 1
 * n_points:  68
 * {
 * 743.224 197.764
 * ...
 * }
 * ```
 *
 * Header variants seen in the wild all parse: `version: 1` or `version: 1.0`, any spacing after the colon
 * (`n_points:  68`), CRLF line endings, a BOM. Points are `x y` in image pixels, 1-based (Matlab
 * convention: the centre of the top-left pixel is (1, 1)); use `toZeroBased(points, PTS_ORIGIN)` for
 * 0-based coordinates. The number of points must equal `n_points`.
 */
import { formatNumber, parseError, parseNumber, splitLines, where } from '../formats/csv'
import type { CoordinateOrigin, Point2 } from './points'

export const PTS_ORIGIN: CoordinateOrigin = 1

export interface PtsFile {
  /** Version string as written (`1`, `1.0`). */
  version: string
  points: Point2[]
}

const F = '.pts'

export function readPts(text: string): PtsFile {
  const lines = splitLines(text)
  let version: string | null = null
  let nPoints: number | null = null
  let i = 0
  for (; i < lines.length; i++) {
    const t = lines[i].trim()
    if (t === '') continue
    if (t === '{') break
    const m = /^([A-Za-z_]+)\s*:\s*(\S+)\s*$/.exec(t)
    if (m === null) throw parseError(`${F}: ${where(i + 1)}: expected 'key: value' header or '{', found '${t.slice(0, 40)}'`)
    const key = m[1].toLowerCase()
    if (key === 'version') {
      if (!/^\d+(\.\d+)?$/.test(m[2])) throw parseError(`${F}: ${where(i + 1, 'version')}: invalid version '${m[2]}'`)
      version = m[2]
    } else if (key === 'n_points') {
      nPoints = parseNumber(m[2], i + 1, 'n_points', { integer: true, min: 0 })
    }
  }
  if (nPoints === null) throw parseError(`${F}: missing header: no 'n_points:' line before '{'`)
  if (i >= lines.length) throw parseError(`${F}: missing '{' before the points`)
  const points: Point2[] = []
  let closed = false
  for (i++; i < lines.length; i++) {
    const t = lines[i].trim()
    if (t === '') continue
    if (t === '}') {
      closed = true
      i++
      break
    }
    const parts = t.split(/\s+/)
    if (parts.length !== 2) {
      throw parseError(`${F}: ${where(i + 1)}: expected 'x y', found ${parts.length} value(s)${/[,;]/.test(t) ? ' (wrong delimiter: use a space)' : ''}`)
    }
    points.push([parseNumber(parts[0], i + 1, 'x'), parseNumber(parts[1], i + 1, 'y')])
  }
  if (!closed) throw parseError(`${F}: missing closing '}'`)
  for (; i < lines.length; i++) if (lines[i].trim() !== '') throw parseError(`${F}: ${where(i + 1)}: unexpected content after '}'`)
  if (points.length !== nPoints) throw parseError(`${F}: n_points is ${nPoints} but ${points.length} point(s) listed (mismatched lengths)`)
  return { version: version ?? '1', points }
}

export function writePts(file: PtsFile): string {
  const body = file.points.map(([x, y]) => `${formatNumber(x)} ${formatNumber(y)}`)
  return [`version: ${file.version}`, `n_points: ${file.points.length}`, '{', ...body, '}'].join('\n') + '\n'
}
