/** `circumplex export` and `circumplex import-trace`: the annotation exchange services on the command line. */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { EXCHANGE_FORMATS, type ExchangeFormat, type ImportMapping } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import { prepareDataDir, resolveDataDir } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import { annotationService } from '../../services/annotation/annotation-service'
import { exportTraces, importTrace, previewImport } from '../../services/annotation/exchange'
import { flagBool, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags, readTextFile, resolvePath, withBooleanFlags } from '../affect/cli-io'

function openStore(args: ParsedArgs, ctx: CliContext) {
  const layout = prepareDataDir(resolveDataDir(flagString(args, 'data-dir'), ctx.env))
  return openDatabase(layout.dbFile).db
}

function formatFlag(args: ParsedArgs): ExchangeFormat {
  const f = flagString(args, 'format')
  if (f === undefined) throw new AppError('INVALID_ARGUMENT', `--format is required (${EXCHANGE_FORMATS.join('|')})`)
  if (!(EXCHANGE_FORMATS as readonly string[]).includes(f)) throw new AppError('INVALID_ARGUMENT', `--format must be one of ${EXCHANGE_FORMATS.join(', ')}; got '${f}'`)
  return f as ExchangeFormat
}

function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const s = flagString(args, name)
  if (s === undefined) return undefined
  const n = Number(s)
  if (s.trim() === '' || !Number.isFinite(n)) throw new AppError('INVALID_ARGUMENT', `--${name} must be a number, got '${s}'`)
  return n
}

function dimensionFlag(args: ParsedArgs): 'valence' | 'arousal' | undefined {
  const d = flagString(args, 'dimension')
  if (d === undefined || d === 'valence' || d === 'arousal') return d
  throw new AppError('INVALID_ARGUMENT', `--dimension must be valence or arousal; got '${d}'`)
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export traces of a session or project: circumplex, sewa, aff-wild2, nova, darma, carma, afew-va',
  usage: `circumplex export (--session ID | --project ID) --format FORMAT --out FILE|DIR [--traces ID,ID...]
                  [--dimension valence|arousal] [--rate HZ] [--allow-length-mismatch] [--json] [--data-dir DIR]
  One file per trace. One trace: --out is the file; several: --out is a directory (created).
  A trace whose frame span differs from the video's frame count is refused (LENGTH_MISMATCH) unless
  --allow-length-mismatch (then written with a warning). nova/carma write one --dimension (default valence);
  nova/darma/carma use a grid at --rate Hz (default the video's fps); sewa is the AVEC 2019 0.1 s label CSV.`,
  async run(raw, ctx) {
    const args = withBooleanFlags(raw, ['json', 'allow-length-mismatch'])
    assertKnownFlags(args, ['session', 'project', 'format', 'out', 'traces', 'dimension', 'rate', 'allow-length-mismatch', 'json', 'data-dir'])
    const format = formatFlag(args)
    const out = flagString(args, 'out')
    if (out === undefined) throw new AppError('INVALID_ARGUMENT', '--out is required')
    const sessionId = flagString(args, 'session')
    const projectId = flagString(args, 'project')
    if ((sessionId === undefined) === (projectId === undefined)) throw new AppError('INVALID_ARGUMENT', 'name exactly one of --session, --project')
    const traceIds = flagString(args, 'traces')?.split(',').map((t) => t.trim()).filter(Boolean)
    const db = openStore(args, ctx)
    try {
      const files = exportTraces(db, { sessionId, projectId, traceIds }, {
        format,
        allowLengthMismatch: flagBool(args, 'allow-length-mismatch'),
        dimension: dimensionFlag(args),
        rateHz: numberFlag(args, 'rate')
      })
      if (files.length === 0) throw new AppError('NOT_FOUND', 'no trace to export')
      const target = resolvePath(ctx.cwd, out)
      const asDir = files.length > 1 || (existsSync(target) && statSync(target).isDirectory())
      if (asDir) mkdirSync(target, { recursive: true })
      const written = files.map((f) => {
        const path = asDir ? join(target, f.fileName) : target
        writeFileSync(path, f.text)
        for (const w of f.warnings) ctx.err(`circumplex: warning: ${f.fileName}: ${w}\n`)
        return { path, traceId: f.traceId, sessionId: f.sessionId, rows: f.rows, warnings: f.warnings }
      })
      ctx.out(flagBool(args, 'json') ? `${JSON.stringify(written, null, 2)}\n` : written.map((w) => `${w.path}  ${w.rows} rows  (trace ${w.traceId})\n`).join(''))
      return 0
    } finally {
      db.close()
    }
  }
}

export const importTraceCommand: CliCommand = {
  name: 'import-trace',
  summary: 'Import an annotation file as an annotator trace, resampled onto the video frames',
  usage: `circumplex import-trace FILE --session ID --format FORMAT --annotator NAME [--scale -1,1|-10,10|0,1]
                  [--rate HZ] [--offset S] [--column NAME] [--dimension valence|arousal] [--name NAME]
                  [--preview] [--allow-length-mismatch] [--json] [--data-dir DIR]
  --scale     the file's value range, mapped onto [-1, 1] (default: the format's own)
  --rate      sampling rate of formats without times (nova; default the video's fps)
  --offset    seconds added to the file's times (positive: the file starts later in the video)
  --column    import one value column only (valence|arousal|x|y), into --dimension
  --preview   print the preview (columns, first rows, stats, coverage) and write nothing
  Bad files (delimiter, scale, NaN, duplicate frames, length) are refused naming the line and field; nothing is written.`,
  async run(raw, ctx) {
    const args = withBooleanFlags(raw, ['json', 'preview', 'allow-length-mismatch'])
    assertKnownFlags(args, ['session', 'format', 'annotator', 'scale', 'rate', 'offset', 'column', 'dimension', 'name', 'preview', 'allow-length-mismatch', 'json', 'data-dir'])
    if (args.positionals.length !== 1) throw new AppError('INVALID_ARGUMENT', 'name one file to import')
    const file = args.positionals[0]
    const format = formatFlag(args)
    const sessionId = flagString(args, 'session')
    if (sessionId === undefined) throw new AppError('INVALID_ARGUMENT', '--session is required')
    const annotatorName = flagString(args, 'annotator')
    if (annotatorName === undefined) throw new AppError('INVALID_ARGUMENT', '--annotator is required')
    const scale = flagString(args, 'scale')
    if (scale !== undefined && !['-1,1', '-10,10', '0,1'].includes(scale)) throw new AppError('INVALID_ARGUMENT', `--scale must be -1,1 | -10,10 | 0,1; got '${scale}'`)
    const mapping: ImportMapping = {
      scale: scale as ImportMapping['scale'],
      rateHz: numberFlag(args, 'rate'),
      offsetS: numberFlag(args, 'offset'),
      column: flagString(args, 'column'),
      dimension: dimensionFlag(args)
    }
    if (mapping.rateHz !== undefined && !(mapping.rateHz > 0)) throw new AppError('INVALID_ARGUMENT', '--rate must be > 0')
    const text = await readTextFile(ctx.cwd, file, 'trace')
    const db = openStore(args, ctx)
    try {
      const s = annotationService({ db })
      const allow = flagBool(args, 'allow-length-mismatch')
      if (flagBool(args, 'preview')) {
        ctx.out(`${JSON.stringify(previewImport(db, sessionId, format, text, mapping, allow), null, 2)}\n`)
        return 0
      }
      const annotator = s.annotatorNamed(annotatorName)
      const r = importTrace(db, { sessionId, annotatorId: annotator.id, format, text, mapping, name: flagString(args, 'name'), allowLengthMismatch: allow, file })
      for (const w of r.preview.warnings) ctx.err(`circumplex: warning: ${w}\n`)
      ctx.out(
        flagBool(args, 'json')
          ? `${JSON.stringify(r, null, 2)}\n`
          : `trace ${r.traceId} (${annotator.name}): ${r.preview.rowCount} rows → ${r.preview.coveredFrames}/${r.preview.sessionFrames} frames with a value\n`
      )
      return 0
    } finally {
      db.close()
    }
  }
}
