import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { AppError } from '../shared/ipc/errors'

/** The per-user data directory: `--data-dir` > `CIRCUMPLEX_DATA_DIR` > the platform's user data dir. */
export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit)
  if (env.CIRCUMPLEX_DATA_DIR) return resolve(env.CIRCUMPLEX_DATA_DIR)
  const home = env.HOME ?? homedir()
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Circumplex')
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Circumplex')
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'circumplex')
}

export interface DataDirLayout {
  readonly root: string
  readonly dbFile: string
  /** Content-addressed derived data (frames, crops, spectrograms). */
  readonly cacheDir: string
  readonly demoDir: string
}

export function layoutOf(root: string): DataDirLayout {
  return { root, dbFile: join(root, 'circumplex.sqlite'), cacheDir: join(root, 'cache'), demoDir: join(root, 'demo') }
}

/**
 * Creates the data directory if needed and proves it is writable by writing a probe file,
 * so a read-only or full disk is reported at start with a clear message instead of mid-task.
 */
export function prepareDataDir(root: string): DataDirLayout {
  const layout = layoutOf(root)
  try {
    mkdirSync(root, { recursive: true })
    mkdirSync(layout.cacheDir, { recursive: true })
    mkdirSync(layout.demoDir, { recursive: true })
    accessSync(root, constants.W_OK)
    const probe = join(root, `.write-probe-${process.pid}`)
    writeFileSync(probe, 'ok')
    rmSync(probe)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOSPC') throw new AppError('DISK_FULL', `the disk holding ${root} is full`)
    throw new AppError('DATA_DIR_NOT_WRITABLE', `cannot use ${root} as the data directory (${code ?? (e as Error).message}); choose another with --data-dir or CIRCUMPLEX_DATA_DIR`)
  }
  return layout
}
