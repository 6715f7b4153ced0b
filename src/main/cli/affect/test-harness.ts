/**
 * Test helper: runs one CLI command's `run()` the way the dispatcher does (argv parsed by `parseArgs`, an
 * `AppError` printed as `circumplex: CODE: reason` on stderr with exit 1, or 2 for INVALID_ARGUMENT), with a fake
 * context that captures stdout and stderr. No build or process spawn needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { parseArgs } from '../args'
import type { CliCommand, CliContext } from '../command'

export interface CapturedRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

export async function runCommand(command: CliCommand, argv: readonly string[], cwd: string): Promise<CapturedRun> {
  let out = ''
  let err = ''
  const ctx: CliContext = {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    env: {},
    cwd
  }
  let code: number
  try {
    code = await command.run(parseArgs(argv), ctx)
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    err += `circumplex: ${e.code}: ${e.message}\n`
    code = e.code === 'INVALID_ARGUMENT' ? 2 : 1
  }
  return { code, out, err }
}

/** A temporary directory with the given files (name → content); `cleanup()` removes it. */
export function tempFiles(files: Readonly<Record<string, string>>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'circumplex-cli-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
