import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ElectronStatus {
  /** Version of the electron npm package, when installed. */
  readonly packageVersion: string | null
  /** Path of the Electron executable, when one exists on disk. */
  readonly binary: string | null
  /** Output of `electron --version` when the binary ran. */
  readonly binaryVersion: string | null
  readonly usable: boolean
  readonly reason: string
}

/**
 * Finds Electron's executable WITHOUT `require('electron')`: electron 45's index.js starts a binary
 * download when `dist/` is missing (which fails on machines without its download host).
 * Mirrors its lookup: `ELECTRON_OVERRIDE_DIST_PATH` first, else node_modules/electron/path.txt + dist/.
 */
export function findElectron(projectRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronStatus {
  const pkgDir = join(projectRoot, 'node_modules', 'electron')
  let packageVersion: string | null = null
  try {
    packageVersion = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: string }).version ?? null
  } catch {
    return { packageVersion: null, binary: null, binaryVersion: null, usable: false, reason: 'the electron package is not installed' }
  }
  const pathTxt = join(pkgDir, 'path.txt')
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron'
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override ? join(override, relative) : join(pkgDir, 'dist', relative)
  if (!existsSync(binary)) {
    const why = override
      ? `ELECTRON_OVERRIDE_DIST_PATH is set but ${binary} does not exist`
      : 'the electron package has no binary (its download did not run or failed); set ELECTRON_OVERRIDE_DIST_PATH to an installed Electron'
    return { packageVersion, binary: null, binaryVersion: null, usable: false, reason: why }
  }
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } })
  const version = r.status === 0 ? r.stdout.trim() : null
  return {
    packageVersion,
    binary,
    binaryVersion: version,
    usable: version !== null,
    reason: version ? 'ok' : `the binary did not run: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().slice(0, 200)}`
  }
}
