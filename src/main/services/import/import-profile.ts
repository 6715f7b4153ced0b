/**
 * Optional timing of an import's phases, for the bench (`bench/import-realtime.mjs --profile`): with
 * CIRCUMPLEX_IMPORT_PROFILE=1 every thread writes `import-profile t<thread> <phase> <epoch ms> [k=v ...]`
 * lines to stderr. Off by default (no output).
 */
import { threadId } from 'node:worker_threads'

const ON = process.env.CIRCUMPLEX_IMPORT_PROFILE === '1'

export function profileMark(phase: string, extra?: Record<string, number | string>): void {
  if (!ON) return
  const at = (performance.timeOrigin + performance.now()).toFixed(1)
  const tail = extra ? ' ' + Object.entries(extra).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`).join(' ') : ''
  process.stderr.write(`import-profile t${threadId} ${phase} ${at}${tail}\n`)
}
