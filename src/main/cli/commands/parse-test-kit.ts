/** Shared set-up of the CLI argument tests: a folder with a one-fold split file, and "CODE: message" of a failed parse. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A temp folder holding split.json with one fold (S01 train, S02 val, S03 test). */
export function dirWithSplit(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  writeFileSync(join(dir, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return dir
}

/** `CODE: message` of the error `parse` throws, or 'parsed' when it does not throw. */
export function parseError(parse: () => unknown): string {
  try {
    parse()
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`
  }
  return 'parsed'
}
