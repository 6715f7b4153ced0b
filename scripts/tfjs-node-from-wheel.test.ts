/**
 * scripts/tfjs-node-from-wheel.mjs on bad input: it must never fail the install (exit 0, a reason on stdout) and
 * never damage a tfjs-node that is already there. (The real build is exercised by postinstall on a machine with a
 * wheel; the tfjs-node tests in src/main/engine run on what it built.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SCRIPT = resolve(import.meta.dirname, 'tfjs-node-from-wheel.mjs')
const INSTALLED = resolve(import.meta.dirname, '..', 'node_modules', '@tensorflow', 'tfjs-node', 'package.json')

function runScript(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('tfjs-node-from-wheel', () => {
  it('a missing wheel: exit 0, says so, keeps what is installed', () => {
    const before = existsSync(INSTALLED)
    const r = runScript(['--force', '--wheel', '/nonexistent/tensorflow_cpu-9.9.9-cp311-cp311-manylinux_2_27_x86_64.whl'])
    expect(r.status).toBe(0)
    expect(r.out).toMatch(/tfjs-node: no TensorFlow CPU wheel at \/nonexistent\/.* — the engine uses its WebAssembly backend/)
    expect(existsSync(INSTALLED)).toBe(before)
  })

  it('a zero-byte (corrupt) wheel: exit 0, a clear reason, keeps what is installed', () => {
    const before = existsSync(INSTALLED)
    const wheel = join(mkdtempSync(join(tmpdir(), 'cx-wheel-')), 'tensorflow_cpu-0.0.0-cp311-cp311-manylinux_2_27_x86_64.whl')
    writeFileSync(wheel, '')
    const r = runScript(['--force', '--wheel', wheel])
    expect(r.status).toBe(0)
    expect(r.out).toMatch(/tfjs-node: could not be built here: python3 .*failed.*— the engine uses its WebAssembly backend/s)
    expect(existsSync(INSTALLED)).toBe(before)
    expect(existsSync(resolve(import.meta.dirname, '..', '.cache', 'tfjs-node', 'tensorflow_cpu-0.0.0-cp311-cp311-manylinux_2_27_x86_64'))).toBe(false)
  })
})
