// `npm test`: typecheck, lint, unit + integration (vitest), then end-to-end (built app in Chromium).
// Prints one closing line "Tests: N passed, N failed, N skipped" summed over both vitest runs.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIfStale, root } from './build-if-stale.mjs'

const bin = (name) => join(root, 'node_modules', '.bin', name)
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })

function step(title, cmd, args) {
  process.stdout.write(`\n=== ${title}\n`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
  process.stdout.write(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`)
  return r.status === 0
}

function counts(file) {
  if (!existsSync(file)) return null
  const j = JSON.parse(readFileSync(file, 'utf8'))
  // A suite whose setup failed has no failed test (its tests show as skipped): count the suite.
  return { passed: j.numPassedTests, failed: Math.max(j.numFailedTests, j.numFailedTestSuites ?? 0), skipped: j.numPendingTests + (j.numTodoTests ?? 0) }
}

let ok = true
ok = step('typecheck', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) && ok
ok = step('typecheck (renderer)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']) && ok
ok = step('lint', bin('eslint'), ['--max-warnings', '0', '.']) && ok
const unitJson = join(results, 'unit.json')
const e2eJson = join(results, 'e2e.json')
ok = step('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]) && ok
process.stdout.write('\n=== build\n')
buildIfStale()
ok =
  step('end-to-end tests', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eJson}`]) &&
  ok

const all = [counts(unitJson), counts(e2eJson)].filter(Boolean)
const sum = (k) => all.reduce((n, c) => n + c[k], 0)
process.stdout.write(`\nTests: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped\n`)
process.exit(ok ? 0 : 1)
