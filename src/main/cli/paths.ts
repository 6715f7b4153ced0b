import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CliPaths {
  /** out/main: where the built entries live. */
  readonly mainDir: string
  readonly worker: string
  readonly renderer: string
  readonly projectRoot: string
}

/**
 * Paths of the built app relative to the running bundle (out/main/cli.js). `CIRCUMPLEX_OUT_DIR`
 * overrides for packaged layouts.
 */
export function cliPaths(env: NodeJS.ProcessEnv = process.env): CliPaths {
  const here = dirname(fileURLToPath(import.meta.url))
  // The bundle may place this code in out/main or out/main/chunks.
  const mainDir = env.CIRCUMPLEX_OUT_DIR ? join(resolve(env.CIRCUMPLEX_OUT_DIR), 'main') : existsSync(join(here, 'cli.js')) ? here : dirname(here)
  const outDir = dirname(mainDir)
  return { mainDir, worker: join(mainDir, 'job-worker.js'), renderer: join(outDir, 'renderer'), projectRoot: dirname(outDir) }
}
