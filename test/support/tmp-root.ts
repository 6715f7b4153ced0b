/**
 * Vitest global setup: every temporary file and folder a test run makes (os.tmpdir() in the test workers and in the
 * processes they spawn: the CLI, the browser host, Chromium) goes under one fresh folder, removed when the run ends.
 * Without it each `npm test` left some 2 000 folders (about 90 MB) in the system temp folder. Set
 * CIRCUMPLEX_KEEP_TEST_TMP=1 to keep the folder for a look after a failure (its path is printed).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function setup(): () => void {
  const previous = process.env.TMPDIR
  const root = mkdtempSync(join(tmpdir(), 'circumplex-test-'))
  process.env.TMPDIR = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    if (process.env.CIRCUMPLEX_KEEP_TEST_TMP) process.stdout.write(`test temp folder kept: ${root}\n`)
    else rmSync(root, { recursive: true, force: true })
  }
}
