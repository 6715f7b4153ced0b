/**
 * Test/bench helper: bundles a TS worker entry (e.g. engine-worker.ts) to one ESM file with rolldown (vite's
 * bundler, already installed), because vitest cannot start a TS file as a worker thread. Packages stay external,
 * so the worker loads the same tfjs from node_modules as production does.
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'

interface RolldownBuild {
  build(opts: {
    input: string
    platform: string
    external: (id: string) => boolean
    write: boolean
    output: { file: string; format: string }
    logLevel: string
  }): Promise<unknown>
}

/** Bundles `entry` to `<tmp>/<name>.mjs` and returns its absolute path. Run from the repository root. */
export async function buildWorker(entry: string, name = 'worker'): Promise<string> {
  const { build } = (await import('rolldown')) as unknown as RolldownBuild
  // Inside node_modules (git-ignored) so that `require` from the bundle finds the repository's packages.
  const cache = join(process.cwd(), 'node_modules', '.cache', 'circumplex-engine')
  mkdirSync(cache, { recursive: true })
  const file = join(mkdtempSync(join(cache, 'w-')), `${name}.mjs`)
  await build({
    input: entry,
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    write: true,
    output: { file, format: 'esm' },
    logLevel: 'silent'
  })
  return file
}
