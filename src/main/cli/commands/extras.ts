/** `circumplex extras`: the per-frame model signals stored with prediction traces (attention, gates, quadrants). */
import { AppError } from '../../../shared/ipc/errors'
import { prepareDataDir, resolveDataDir } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import { getTraceExtraRows, listRunTraces, listSessionTraceExtras } from '../../db/queries/runs'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand } from '../command'
import { assertKnownFlags } from '../affect/cli-io'

const USAGE = `circumplex extras (--run RUN | --session ID | --trace ID --kind KIND [--from F] [--to T]) [--json] [--data-dir DIR]
  --run / --session  list the prediction traces and their extras (kind, dims, frames)
  --trace --kind     print rows F..T (default all) of one extra: one line per frame, NaN = none. Kinds written by
                     the sequence models: attention (dims n: column l = weight on frame f − (n − 1) + l, the last
                     column — the frame itself — NaN), gate_mean (1: mean ZG, weight on the visual branch),
                     gate_stats (4: mean, std, min, max of ZG), quadrant_probs (4).
  The same in SQL: SELECT kind, dims, frame_count, data FROM trace_extras WHERE trace_id = '<trace>'
  (data = little-endian float32, frame_count × dims).`

export const extrasCommand: CliCommand = {
  name: 'extras',
  summary: 'Show per-frame model signals stored with prediction traces (attention weights, gates, quadrant probabilities)',
  usage: USAGE,
  async run(args, ctx) {
    assertKnownFlags(args, ['run', 'session', 'trace', 'kind', 'from', 'to', 'json', 'data-dir'])
    const json = flagBool(args, 'json')
    const layout = prepareDataDir(resolveDataDir(flagString(args, 'data-dir'), ctx.env))
    const { db } = openDatabase(layout.dbFile)
    try {
      const trace = flagString(args, 'trace')
      if (trace) {
        const kind = flagString(args, 'kind')
        if (!kind) throw new AppError('INVALID_ARGUMENT', '--trace needs --kind (attention, gate_mean, gate_stats, quadrant_probs)')
        const from = flagInt(args, 'from', { min: 0, def: 0 }) as number
        const to = flagInt(args, 'to', { min: 0, def: 2 ** 31 - 1 }) as number
        const r = getTraceExtraRows(db, trace, kind, from, to)
        if (!r) throw new AppError('NOT_FOUND', `trace ${trace} has no '${kind}' extra`)
        const copy = new Uint8Array(r.bytes.byteLength)
        copy.set(r.bytes)
        const v = new Float32Array(copy.buffer)
        const rows = Array.from({ length: r.rows }, (_, i) => Array.from(v.subarray(i * r.dims, (i + 1) * r.dims)))
        if (json) ctx.out(JSON.stringify({ traceId: trace, kind, dims: r.dims, from: r.from, rows: rows.map((row) => row.map((x) => (Number.isFinite(x) ? x : null))) }, null, 2) + '\n')
        else ctx.out(rows.map((row, i) => `${r.from + i}\t${row.map((x) => (Number.isFinite(x) ? x.toFixed(4) : 'NaN')).join('\t')}`).join('\n') + '\n')
        return 0
      }
      const run = flagString(args, 'run')
      const session = flagString(args, 'session')
      if (!run && !session) throw new AppError('INVALID_ARGUMENT', 'name --run, --session or --trace')
      const sessions = run ? [...new Set(listRunTraces(db, run).map((t) => t.sessionId))] : [session as string]
      const list = sessions.flatMap((s) => listSessionTraceExtras(db, s).map((e) => ({ sessionId: s, ...e })))
      const rows = run ? list.filter((e) => listRunTraces(db, run).some((t) => t.traceId === e.traceId)) : list
      if (json) ctx.out(JSON.stringify(rows, null, 2) + '\n')
      else ctx.out(rows.length ? rows.map((e) => `${e.sessionId}  trace ${e.traceId} '${e.traceName}'  ${e.kind.padEnd(14)} dims ${e.dims}  frames ${e.frameCount}`).join('\n') + '\n' : 'no extras\n')
      return 0
    } finally {
      db.close()
    }
  }
}
