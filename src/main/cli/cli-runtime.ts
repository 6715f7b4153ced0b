import { bootstrapApp, type AppRuntime } from '../app/bootstrap'
import { flagString } from './args'
import type { CliContext, ParsedArgs } from './command'
import { cliPaths } from './paths'

/** The app's services for a one-shot CLI command: `--data-dir`, the built job worker, no demo, errors to stderr. */
export function openCliRuntime(args: ParsedArgs, ctx: CliContext): AppRuntime {
  return bootstrapApp({
    dataDir: flagString(args, 'data-dir'),
    host: 'browser',
    env: ctx.env,
    workerPath: cliPaths(ctx.env).worker,
    ensureDemo: false,
    log: { error: (m, e) => ctx.err(`${m}: ${e instanceof Error ? e.message : String(e)}\n`) }
  })
}
