import { AppError } from '../../shared/ipc/errors'
import { APP_VERSION } from '../app/version'
import { parseArgs } from './args'
import type { CliCommand, CliContext } from './command'
import { COMMANDS } from './commands'

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `circumplex ${APP_VERSION} — continuous facial affect research workstation`,
    '',
    'Usage: circumplex <command> [options]     (every command that prints data accepts --json)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'circumplex help <command>   usage of one command',
    'circumplex --version        print the version'
  ].join('\n')
}

/**
 * Runs one CLI invocation and returns its exit code: 0 success, 1 failure, 2 usage error.
 * Errors are printed to stderr as one line: `circumplex: CODE: reason`.
 */
export async function runCli(argv: readonly string[], ctx: CliContext, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h') {
    ctx.out(helpText(commands) + '\n')
    return first === undefined ? 2 : 0
  }
  if (first === '--version' || first === '-v') {
    ctx.out(`${APP_VERSION}\n`)
    return 0
  }
  if (first === 'help') {
    const c = commands.find((x) => x.name === rest[0])
    ctx.out((c ? c.usage : helpText(commands)) + '\n')
    return c || rest[0] === undefined ? 0 : 2
  }
  const command = commands.find((c) => c.name === first)
  if (!command) {
    ctx.err(`circumplex: INVALID_ARGUMENT: unknown command "${first}" (see circumplex --help)\n`)
    return 2
  }
  const args = parseArgs(rest)
  if (args.flags.help === true) {
    ctx.out(command.usage + '\n')
    return 0
  }
  try {
    return await command.run(args, ctx)
  } catch (e) {
    if (e instanceof AppError) {
      ctx.err(`circumplex: ${e.code}: ${e.message}\n`)
      if (e.code === 'INVALID_ARGUMENT') ctx.err(`usage: ${command.usage.split('\n')[0]}\n`)
      return e.code === 'INVALID_ARGUMENT' ? 2 : 1
    }
    ctx.err(`circumplex: INTERNAL: ${(e as Error)?.message ?? String(e)}\n`)
    if (ctx.env.CIRCUMPLEX_DEBUG) ctx.err(`${(e as Error)?.stack ?? ''}\n`)
    return 1
  }
}
