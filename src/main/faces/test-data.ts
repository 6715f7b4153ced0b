/**
 * Test-only: the read-only shared data folder (`../shared/data` from the repo root, i.e. process.cwd()
 * under vitest). Tests that need it use `describe.skipIf(!HAS_LANDMARK_DATA)`; the reason is printed.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

export const SHARED_DATA_DIR = path.resolve(process.cwd(), '..', 'shared', 'data')
export const LANDMARK_DIR = path.join(SHARED_DATA_DIR, 'landmarks')
export const HAS_LANDMARK_DATA = existsSync(LANDMARK_DIR)

export function warnIfMissing(what: string): void {
  if (!HAS_LANDMARK_DATA) console.warn(`SKIPPED ${what}: ${LANDMARK_DIR} is not present (shared landmark data needed)`)
}
