import type { AppErrorCode } from '../../shared/ipc/errors'

/** Parsed command line: positionals in order, flags as `--name value` / `--name=value` / `--flag`. */
export interface ParsedArgs {
  readonly positionals: readonly string[]
  readonly flags: Readonly<Record<string, string | boolean>>
  /** Every value of each valued flag in order (a repeated flag keeps only its last value in `flags`). */
  readonly lists?: Readonly<Record<string, readonly string[]>>
}

export interface CliIo {
  /** Writes to standard output (data, JSON). */
  out(text: string): void
  /** Writes to standard error (progress, warnings, one-line error reasons). */
  err(text: string): void
}

export interface CliContext extends CliIo {
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

/**
 * A CLI command. `run` returns the exit code; it throws `AppError` for failures, which the
 * dispatcher prints to stderr as one line (`circumplex: CODE: reason`) with a non-zero exit.
 */
export interface CliCommand {
  readonly name: string
  readonly summary: string
  /** Multi-line usage text shown by `circumplex help <name>` and on INVALID_ARGUMENT. */
  readonly usage: string
  run(args: ParsedArgs, ctx: CliContext): Promise<number>
}

export type { AppErrorCode }
