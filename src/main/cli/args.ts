import { AppError } from '../../shared/ipc/errors'
import type { ParsedArgs } from './command'

/** Flags that never take a value, in every command: `--json file.csv` leaves file.csv positional. */
export const GLOBAL_BOOLEAN_FLAGS: readonly string[] = ['json', 'help', 'open', 'sheet', 'force', 'quiet']

/** Parses argv (without node and script) into positionals and flags. `--` ends flag parsing. */
export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = GLOBAL_BOOLEAN_FLAGS): ParsedArgs {
  const positionals: string[] = []
  const flags: Record<string, string | boolean> = {}
  const lists: Record<string, string[]> = {}
  const value = (name: string, v: string): void => {
    flags[name] = v
    ;(lists[name] ??= []).push(v)
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=')
      if (eq > 0) {
        value(a.slice(2, eq), a.slice(eq + 1))
        continue
      }
      const name = a.slice(2)
      if (name.startsWith('no-')) {
        flags[name.slice(3)] = false
        continue
      }
      const next = argv[i + 1]
      if (booleanFlags.includes(name) || next === undefined || next.startsWith('--')) {
        flags[name] = true
      } else {
        value(name, next)
        i++
      }
      continue
    }
    positionals.push(a)
  }
  return { positionals, flags, lists }
}

/** Every value a repeatable flag was given, in order (`--gt a --gt b`); [] when absent. */
export function flagList(args: ParsedArgs, name: string): string[] {
  if (args.flags[name] === true) throw new AppError('INVALID_ARGUMENT', `--${name} needs a value`)
  const v = args.lists?.[name]
  if (v !== undefined && v.length > 0) return [...v]
  const one = args.flags[name]
  return typeof one === 'string' ? [one] : []
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name]
  if (v === undefined || v === false) return undefined
  if (v === true) throw new AppError('INVALID_ARGUMENT', `--${name} needs a value`)
  return v
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  const v = args.flags[name]
  return v === true || v === 'true' || v === '1'
}

export function flagInt(args: ParsedArgs, name: string, opts: { min?: number; max?: number; def?: number } = {}): number | undefined {
  const s = flagString(args, name)
  if (s === undefined) return opts.def
  if (!/^-?\d+$/.test(s)) throw new AppError('INVALID_ARGUMENT', `--${name} must be an integer, got "${s}"`)
  const n = Number(s)
  if (opts.min !== undefined && n < opts.min) throw new AppError('INVALID_ARGUMENT', `--${name} must be >= ${opts.min}`)
  if (opts.max !== undefined && n > opts.max) throw new AppError('INVALID_ARGUMENT', `--${name} must be <= ${opts.max}`)
  return n
}
