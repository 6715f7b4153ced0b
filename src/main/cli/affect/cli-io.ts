/**
 * Small helpers shared by the affect commands (agreement, metrics, folds): reading input files relative to the
 * command's working directory, boolean flags that the generic parser may have glued to a positional, and the
 * `--delimiter` / `--confidence` flags.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { ParsedArgs } from '../command'

/**
 * The generic parser reads `--json file.csv` as `json = "file.csv"` (it does not know which flags are boolean).
 * This puts such values back among the positionals and turns the flag into `true`. `false`/`0`/`no` stay false.
 */
export function withBooleanFlags(args: ParsedArgs, booleanFlags: readonly string[]): ParsedArgs {
  const positionals = [...args.positionals]
  const flags: Record<string, string | boolean> = { ...args.flags }
  for (const name of booleanFlags) {
    const v = flags[name]
    if (typeof v !== 'string') continue
    const lower = v.toLowerCase()
    if (lower === 'true' || lower === '1' || lower === 'yes') flags[name] = true
    else if (lower === 'false' || lower === '0' || lower === 'no') flags[name] = false
    else {
      flags[name] = true
      positionals.push(v)
    }
  }
  return { positionals, flags }
}

/** Rejects flags the command does not know (a typo must not be silently ignored). */
export function assertKnownFlags(args: ParsedArgs, known: readonly string[]): void {
  const unknown = Object.keys(args.flags).filter((f) => f !== 'help' && !known.includes(f))
  if (unknown.length > 0) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `--${f}`).join(', ')} (known: ${known.map((f) => `--${f}`).join(', ')})`
    )
  }
}

/** Absolute path of a user-given path, relative to `cwd`. */
export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** Reads a UTF-8 text file; a missing/unreadable file becomes NOT_FOUND / INVALID_ARGUMENT naming the path. */
export async function readTextFile(cwd: string, path: string, what: string): Promise<string> {
  const abs = resolvePath(cwd, path)
  try {
    return await readFile(abs, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${what} file not found: ${path}`, { cause: e })
    if (code === 'EISDIR') throw new AppError('INVALID_ARGUMENT', `${what} path is a directory, not a file: ${path}`, { cause: e })
    throw new AppError('INVALID_ARGUMENT', `cannot read ${what} file ${path}: ${(e as Error).message}`, { cause: e })
  }
}

export type TableDelimiter = ',' | ';' | '\t'

/** `--delimiter`: `,` (default), `;`, `tab` (or a literal TAB). */
export function parseDelimiterFlag(value: string | undefined): TableDelimiter {
  if (value === undefined || value === ',' || value === 'comma') return ','
  if (value === ';' || value === 'semicolon') return ';'
  if (value === 'tab' || value === '\t' || value === '\\t' || value === 'TAB') return '\t'
  throw new AppError('INVALID_ARGUMENT', `--delimiter must be one of ',', ';', tab; got '${value}'`)
}

/** Name of a delimiter for messages. */
export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `'${d}'`
}

/** `--confidence`: a level in (0, 1), default 0.95; `95%` is read as 0.95. */
export function parseConfidenceFlag(value: string | undefined): number {
  if (value === undefined) return 0.95
  const s = value.trim()
  const pct = s.endsWith('%')
  const body = pct ? s.slice(0, -1).trim() : s
  const n = /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(body) ? Number(body) : NaN
  const level = pct ? n / 100 : n
  if (!(level > 0 && level < 1)) {
    throw new AppError('INVALID_ARGUMENT', `--confidence must be in (0, 1), e.g. 0.95 (or 95%); got '${value}'`)
  }
  return level
}
