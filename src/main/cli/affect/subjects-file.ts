/**
 * The subjects file of `circumplex folds`: which subject (person) each session (recording) belongs to.
 *
 * - JSON, session → subject: `{ "sess01": "alice", "sess02": "alice", "sess03": "bob" }`,
 *   or a list `[{ "session": "sess01", "subject": "alice" }, ...]`;
 * - JSON, subject → sessions (the split builders' own shape): `{ "alice": ["sess01", "sess02"], "bob": [...] }`;
 * - CSV (`,` `;` or tab) with a header holding a `session` and a `subject` column (also `session_id`,
 *   `subject_id`); other columns are ignored.
 *
 * A session mapped to two different subjects is a PARSE_ERROR (it would put one recording on both sides of a split).
 */
import { AppError } from '../../../shared/ipc/errors'
import { detectDelimiter, tokenizeCsv } from '../../datasets/formats/csv'

/** subject → its sessions (sorted), subjects sorted. */
export type SubjectSessions = Map<string, string[]>

function perr(source: string, message: string): AppError {
  return new AppError('PARSE_ERROR', `${source}: ${message}`)
}

class Collector {
  private readonly subjectOf = new Map<string, { subject: string; where: string }>()
  constructor(private readonly source: string) {}

  add(session: string, subject: string, where: string): void {
    if (session.trim() === '') throw perr(this.source, `${where}: empty session id`)
    if (subject.trim() === '') throw perr(this.source, `${where}: empty subject id for session '${session}'`)
    const prev = this.subjectOf.get(session)
    if (prev !== undefined && prev.subject !== subject) {
      throw perr(this.source, `${where}: session '${session}' is mapped to subject '${subject}' but also to '${prev.subject}' (${prev.where})`)
    }
    this.subjectOf.set(session, { subject, where })
  }

  result(): SubjectSessions {
    if (this.subjectOf.size === 0) throw perr(this.source, 'no sessions listed')
    const out = new Map<string, string[]>()
    for (const [session, { subject }] of this.subjectOf) {
      const list = out.get(subject) ?? []
      list.push(session)
      out.set(subject, list)
    }
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([s, l]) => [s, l.sort()]))
  }
}

function parseJson(text: string, source: string): SubjectSessions {
  let data: unknown
  try {
    data = JSON.parse(text) as unknown
  } catch (e) {
    throw new AppError('PARSE_ERROR', `${source}: not valid JSON (${(e as Error).message})`, { cause: e })
  }
  const c = new Collector(source)
  if (Array.isArray(data)) {
    data.forEach((item: unknown, i) => {
      const rec = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : null
      if (rec === null || typeof rec.session !== 'string' || typeof rec.subject !== 'string') {
        throw perr(source, `[${i}] must be an object { "session": string, "subject": string }`)
      }
      c.add(rec.session, rec.subject, `[${i}]`)
    })
    return c.result()
  }
  if (typeof data !== 'object' || data === null) throw perr(source, 'top level must be an object (session → subject) or an array')
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value === 'string') c.add(key, value, `key '${key}'`)
    else if (Array.isArray(value)) {
      value.forEach((session: unknown, i) => {
        if (typeof session !== 'string') throw perr(source, `'${key}'[${i}] must be a session id string`)
        c.add(session, key, `'${key}'[${i}]`)
      })
    } else throw perr(source, `'${key}' must be a subject id (session → subject) or a list of session ids (subject → sessions)`)
  }
  return c.result()
}

function parseCsv(text: string, source: string): SubjectSessions {
  const records = tokenizeCsv(text, detectDelimiter(text, [',', ';', '\t']) ?? ',')
  if (records.length === 0) throw perr(source, 'empty file')
  const names = records[0].fields.map((f) => f.trim().toLowerCase())
  const find = (a: string): number => (names.indexOf(a) >= 0 ? names.indexOf(a) : names.indexOf(`${a}_id`))
  const iSession = find('session')
  const iSubject = find('subject')
  if (iSession < 0 || iSubject < 0) {
    throw perr(source, `line ${records[0].line}: the header needs a 'session' and a 'subject' column (found: ${records[0].fields.join(', ')})`)
  }
  const c = new Collector(source)
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== names.length) throw perr(source, `line ${rec.line}: expected ${names.length} fields like the header but found ${rec.fields.length}`)
    c.add(rec.fields[iSession].trim(), rec.fields[iSubject].trim(), `line ${rec.line}`)
  }
  return c.result()
}

/** Parses a subjects file (JSON when it starts with `{` or `[`, else CSV). */
export function parseSubjectsFile(text: string, source: string): SubjectSessions {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const first = body.trimStart()[0]
  return first === '{' || first === '[' ? parseJson(body, source) : parseCsv(body, source)
}
