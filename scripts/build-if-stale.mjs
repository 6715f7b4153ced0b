// Builds out/ with electron-vite when it is missing or older than any source it is built from.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = dirname(dirname(fileURLToPath(import.meta.url)))
const stamp = join(root, 'out', '.build-stamp')
const inputs = ['src', 'package.json', 'electron.vite.config.ts', 'resources']

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const name of readdirSync(path)) {
    if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue
    newest = Math.max(newest, newestMtime(join(path, name)))
  }
  return newest
}

export function isStale() {
  if (!existsSync(stamp) || !existsSync(join(root, 'out', 'main', 'cli.js'))) return true
  if (!existsSync(join(root, 'src'))) return false // installed without sources: use the shipped build
  const built = statSync(stamp).mtimeMs
  return inputs.some((p) => newestMtime(join(root, p)) > built)
}

export function buildIfStale({ quiet = false } = {}) {
  if (!isStale()) return
  if (!quiet) process.stderr.write('circumplex: building the app (first run or sources changed)…\n')
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: ['ignore', quiet ? 'ignore' : process.stderr, 'inherit'] })
  if (r.status !== 0) {
    process.stderr.write('circumplex: INTERNAL: the build failed (see above)\n')
    process.exit(1)
  }
  writeFileSync(stamp, new Date().toISOString())
}
