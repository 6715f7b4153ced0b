/**
 * RECOLA gold standard in Weka ARFF (AVEC 2015/2016 release), one file per recording and dimension
 * (`arousal/train_1.arff`, `valence/train_1.arff`):
 *
 * ```
 * @relation GoldStandard
 * @attribute Instance_name string
 * @attribute frameTime numeric
 * @attribute GoldStandard numeric
 * @data
 * 'train_1',0.00,0.0123
 * ```
 *
 * `frameTime` is in seconds, sampled at a constant rate (40 ms in the release; the reader infers the step
 * from the first two rows of each instance and reports duplicates, gaps and irregular steps). `GoldStandard`
 * is in [-1, 1]. Keywords are case-insensitive, `%` starts a comment, attribute order follows the header,
 * instance names may be quoted with ' or " (backslash escapes). `?` (ARFF missing value) is rejected.
 * The writer always single-quotes the instance name.
 */
import { checkRegularTimes, formatNumber, parseError, parseNumber, splitLines, where } from './csv'

export interface RecolaRow {
  instanceName: string
  frameTime: number
  value: number
}

export interface RecolaArff {
  relation: string
  rows: RecolaRow[]
}

const F = 'RECOLA ARFF'
const REQUIRED = ['Instance_name', 'frameTime', 'GoldStandard'] as const

/** Splits one ARFF data/header line on commas or whitespace (header) honouring ' and " quotes. */
function splitArff(line: string, lineNo: number, sep: RegExp): string[] {
  const out: string[] = []
  let i = 0
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++
    if (i >= line.length) break
    let field = ''
    const q = line[i]
    if (q === "'" || q === '"') {
      i++
      while (i < line.length && line[i] !== q) {
        if (line[i] === '\\' && i + 1 < line.length) i++
        field += line[i++]
      }
      if (i >= line.length) throw parseError(`${F}: ${where(lineNo)}: unterminated quote`)
      i++
      while (i < line.length && /\s/.test(line[i])) i++
    } else {
      while (i < line.length && !sep.test(line[i])) field += line[i++]
      field = field.trim()
    }
    out.push(field)
    if (i < line.length && !sep.test(' ')) {
      if (!sep.test(line[i])) throw parseError(`${F}: ${where(lineNo)}: unexpected '${line[i]}' after quoted value`)
      if (line[i] === ',') {
        i++
        if (i >= line.length || line.slice(i).trim() === '') out.push('')
      }
    }
  }
  return out
}

function quoteArff(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

export function writeRecolaArff(arff: RecolaArff): string {
  const lines = [
    `@relation ${/^[A-Za-z_][\w.-]*$/.test(arff.relation) ? arff.relation : quoteArff(arff.relation)}`,
    '',
    '@attribute Instance_name string',
    '@attribute frameTime numeric',
    '@attribute GoldStandard numeric',
    '',
    '@data',
    ''
  ]
  for (const r of arff.rows) lines.push(`${quoteArff(r.instanceName)},${formatNumber(r.frameTime)},${formatNumber(r.value)}`)
  return lines.join('\n') + '\n'
}

export function readRecolaArff(text: string): RecolaArff {
  const lines = splitLines(text)
  let relation: string | null = null
  const attrs: string[] = []
  let dataStart = -1
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim()
    if (t === '' || t.startsWith('%')) continue
    const lower = t.toLowerCase()
    if (lower.startsWith('@relation')) {
      relation = splitArff(t.slice(9), i + 1, /\s/)[0] ?? ''
    } else if (lower.startsWith('@attribute')) {
      const parts = splitArff(t.slice(10), i + 1, /\s/)
      if (parts.length < 2) throw parseError(`${F}: ${where(i + 1)}: malformed @attribute`)
      const type = parts[1].toLowerCase()
      const name = parts[0]
      const expectedType = name === 'Instance_name' ? 'string' : 'numeric'
      if (REQUIRED.includes(name as (typeof REQUIRED)[number]) && type !== expectedType && !(expectedType === 'numeric' && type === 'real')) {
        throw parseError(`${F}: ${where(i + 1)}: attribute '${name}' must be ${expectedType}, found ${parts[1]}`)
      }
      attrs.push(name)
    } else if (lower === '@data') {
      dataStart = i + 1
      break
    } else {
      throw parseError(`${F}: ${where(i + 1)}: unexpected header line '${t.slice(0, 40)}'`)
    }
  }
  if (relation === null) throw parseError(`${F}: missing header: no @relation line`)
  if (dataStart < 0) throw parseError(`${F}: missing header: no @data line`)
  for (const r of REQUIRED) if (!attrs.includes(r)) throw parseError(`${F}: missing header: no '@attribute ${r}'`)
  const ix = REQUIRED.map((r) => attrs.indexOf(r))

  const rows: RecolaRow[] = []
  const seqs = new Map<string, { times: number[]; lines: number[] }>()
  for (let i = dataStart; i < lines.length; i++) {
    const t = lines[i].trim()
    if (t === '' || t.startsWith('%')) continue
    const lineNo = i + 1
    if (t.includes(';') && !t.includes(',')) throw parseError(`${F}: ${where(lineNo)}: wrong delimiter: expected ',' but found ';'`)
    const f = splitArff(t, lineNo, /,/)
    if (f.length !== attrs.length) throw parseError(`${F}: ${where(lineNo)}: expected ${attrs.length} values but found ${f.length}`)
    const instanceName = f[ix[0]]
    if (instanceName === '' || instanceName === '?') throw parseError(`${F}: ${where(lineNo, 'Instance_name')}: missing value`)
    for (const k of [1, 2]) if (f[ix[k]] === '?') throw parseError(`${F}: ${where(lineNo, REQUIRED[k])}: missing value '?'`)
    const frameTime = parseNumber(f[ix[1]], lineNo, 'frameTime', { min: 0 })
    const value = parseNumber(f[ix[2]], lineNo, 'GoldStandard', { min: -1, max: 1 })
    rows.push({ instanceName, frameTime, value })
    let s = seqs.get(instanceName)
    if (s === undefined) seqs.set(instanceName, (s = { times: [], lines: [] }))
    s.times.push(frameTime)
    s.lines.push(lineNo)
  }
  for (const [name, s] of seqs) {
    if (s.times.length < 2) continue
    const step = s.times[1] - s.times[0]
    if (step <= 0) throw parseError(`${F}: ${where(s.lines[1], 'frameTime')}: ${step === 0 ? 'duplicated' : 'decreasing'} time ${s.times[1]} (${name})`)
    checkRegularTimes(s.times, s.lines, step, `${F} (${name})`, 'frameTime')
  }
  return { relation, rows }
}
