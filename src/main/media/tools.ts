import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Finds an executable on PATH (no shell). Returns its absolute path or null. */
export function whichSync(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const dir of dirs) {
    const candidate = join(dir, name)
    if (existsSync(candidate)) return candidate
  }
  return null
}

export interface ToolInfo {
  readonly name: string
  readonly path: string | null
  /** First line of `<tool> -version`, or null when it is missing or does not run. */
  readonly version: string | null
}

/**
 * Resolves ffmpeg/ffprobe: `CIRCUMPLEX_FFMPEG` / `CIRCUMPLEX_FFPROBE` first, then PATH.
 * Returns null when the tool is missing, so callers can answer TOOL_MISSING with a reason.
 */
export function resolveTool(name: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env[name === 'ffmpeg' ? 'CIRCUMPLEX_FFMPEG' : 'CIRCUMPLEX_FFPROBE']
  if (override && existsSync(override)) return override
  return whichSync(name, env)
}

export function probeTool(name: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv = process.env): ToolInfo {
  const path = resolveTool(name, env)
  if (!path) return { name, path: null, version: null }
  const r = spawnSync(path, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 })
  const first = ((r.stdout ?? '').split('\n')[0] ?? '').replace(/\s+Copyright.*$/, '').trim()
  return { name, path, version: r.status === 0 && first ? first : null }
}
