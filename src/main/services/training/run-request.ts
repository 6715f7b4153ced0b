/**
 * request.json in a run folder: what it takes to start the run again (resume after a pause, a crash or an app
 * restart). One file per run, written atomically (temp file + rename); each model family reads it with its own
 * shape check, so a request of another family or a damaged file reads as null.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const REQUEST_FILE = 'request.json'

/** The run folder's request when it parses and passes `isValid`; null when absent, unreadable or another shape. */
export function readRunRequest<T>(runDir: string, isValid: (r: T) => boolean): T | null {
  const p = join(runDir, REQUEST_FILE)
  if (!existsSync(p)) return null
  try {
    const r = JSON.parse(readFileSync(p, 'utf8')) as T
    return isValid(r) ? r : null
  } catch {
    return null
  }
}

export function writeRunRequest(runDir: string, r: unknown): void {
  mkdirSync(runDir, { recursive: true })
  const p = join(runDir, REQUEST_FILE)
  writeFileSync(`${p}.tmp`, JSON.stringify(r, null, 1))
  renameSync(`${p}.tmp`, p)
}
