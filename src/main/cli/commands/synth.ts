import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { writeFrameSheet } from '../../datasets/synth/frame-sheet'
import { DEGRADE_SEVERITIES } from '../../datasets/synth/degradations'
import { datasetIdentities, generateDataset, SKIN_TONES } from '../../datasets/synth/generate-dataset'
import { addAbawLabels } from '../../datasets/synth/au-expression-dataset'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand, ParsedArgs } from '../command'

const KNOWN = ['out', 'subjects', 'sessions', 'seconds', 'seed', 'fps', 'size', 'sheet', 'json', 'degrade', 'degrade-severity', 'skin-tones', 'videos', 'add-abaw']
const BOOLEAN = ['sheet', 'json', 'degrade', 'videos', 'add-abaw']

function checkFlags(args: ParsedArgs): void {
  for (const name of Object.keys(args.flags)) {
    if (!KNOWN.includes(name)) throw new AppError('INVALID_ARGUMENT', `unknown flag --${name}`)
    const v = args.flags[name]
    if (BOOLEAN.includes(name) && typeof v === 'string' && !['true', 'false', '1', '0'].includes(v)) {
      throw new AppError('INVALID_ARGUMENT', `--${name} takes no value (got "${v}")`)
    }
  }
  if (args.positionals.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument "${args.positionals[0]}"`)
}

function boolDefault(args: ParsedArgs, name: string, def: boolean): boolean {
  return args.flags[name] === undefined ? def : flagBool(args, name)
}

export const synthCommand: CliCommand = {
  name: 'synth',
  summary: 'Generate a synthetic affect dataset (faces, speech audio, V/A labels in AFEW-VA, SEWA and Aff-Wild2 formats)',
  usage: [
    'circumplex synth --out <dir> [--subjects 6] [--sessions 2] [--seconds 20] [--seed 1] [--fps 25] [--size 256]',
    '                 [--sheet] [--no-degrade] [--degrade-severity mixed|severe] [--skin-tones random|stratified]',
    '                 [--no-videos] [--json]',
    '',
    '  --out         output folder (created): videos/, afew-va/, sewa/, aff-wild2/, manifest.json, subjects.json',
    '  --subjects    number of subjects (identities), 1-500 (default 6: enough for the demo and the tests; to',
    '                evaluate a model on held-out subjects use 32 or more: below about 20 training subjects',
    '                the compact ANCLaF\'s valence does not carry over to new faces)',
    '  --sessions    sessions per subject, 1-100 (default 2)',
    '  --seconds     length of each session (default 20)',
    '  --seed        dataset seed; the same seed gives byte-identical label files (default 1)',
    '  --fps         frame rate (default 25)',
    '  --size        square frame size in pixels, even, 32-1024 (default 256)',
    '  --sheet       also write frame-sheet.png: faces over a 5x5 valence/arousal grid for three subjects',
    '  --no-degrade  no degraded segments (default: video-only, audio-only and both, listed in the manifest)',
    '  --degrade-severity  mixed (default: thesis kinds, partial occlusion, low light) or severe (only what removes',
    '                the expression: an occluder from brows to chin, a near-black frame; audio dropouts)',
    '  --skin-tones  random (default: each subject its own, skewed light; as datasets made before the option) or',
    '                stratified (the N subjects spread evenly from light to dark: a world for comparing models',
    '                across skin tones, where no fold holds the only face of its tone)',
    '  --no-videos   write labels and manifests only',
    '  --json        print a JSON summary on stdout (progress always goes to stderr)',
    '  --add-abaw    only add the ABAW AU / expression labels (abaw/) to the existing synthetic dataset --out (made before they existed)'
  ].join('\n'),
  async run(args, ctx) {
    checkFlags(args)
    const outFlag = flagString(args, 'out')
    if (!outFlag) throw new AppError('INVALID_ARGUMENT', 'missing --out <dir>')
    const out = resolve(ctx.cwd, outFlag)
    if (flagBool(args, 'add-abaw')) {
      const r = await addAbawLabels(out)
      ctx.out(flagBool(args, 'json') ? JSON.stringify(r, null, 2) + '\n' : `added ABAW AU / expression labels for ${r.clips} clips (${r.frames} frames) to ${out}; MTL list: ${r.mtlList}\n`)
      return 0
    }
    const subjects = flagInt(args, 'subjects', { min: 1, max: 500, def: 6 }) as number
    const sessions = flagInt(args, 'sessions', { min: 1, max: 100, def: 2 }) as number
    const secondsText = flagString(args, 'seconds') ?? '20'
    const seconds = Number(secondsText)
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new AppError('INVALID_ARGUMENT', `--seconds must be a number in (0, 3600], got "${secondsText}"`)
    const seed = flagInt(args, 'seed', { min: 0, max: 4294967295, def: 1 }) as number
    const fps = flagInt(args, 'fps', { min: 1, max: 120, def: 25 }) as number
    const size = flagInt(args, 'size', { min: 32, max: 1024, def: 256 }) as number
    if (size % 2) throw new AppError('INVALID_ARGUMENT', '--size must be even')
    const degrade = boolDefault(args, 'degrade', true)
    const videos = boolDefault(args, 'videos', true)
    const severityText = flagString(args, 'degrade-severity') ?? 'mixed'
    const severity = DEGRADE_SEVERITIES.find((v) => v === severityText)
    if (!severity) throw new AppError('INVALID_ARGUMENT', `--degrade-severity must be one of ${DEGRADE_SEVERITIES.join(', ')}, got "${severityText}"`)
    const tonesText = flagString(args, 'skin-tones') ?? 'random'
    const skinTones = SKIN_TONES.find((v) => v === tonesText)
    if (!skinTones) throw new AppError('INVALID_ARGUMENT', `--skin-tones must be one of ${SKIN_TONES.join(', ')}, got "${tonesText}"`)
    const started = Date.now()
    let lastReport = 0
    const result = await generateDataset({ seed, subjects, sessionsPerSubject: sessions, seconds, fps, width: size, height: size, degrade, severity, skinTones, videos }, out, {
      onProgress: (p) => {
        const now = Date.now()
        if (p.frame === p.frames || now - lastReport > 1000) {
          lastReport = now
          ctx.err(`synth: [${p.clip + 1}/${p.clips}] ${p.clipId} frame ${p.frame}/${p.frames}\n`)
        }
      }
    })
    let sheet: string | null = null
    if (flagBool(args, 'sheet')) {
      const ids = datasetIdentities(subjects, seed, skinTones).slice(0, 3)
      sheet = (await writeFrameSheet(resolve(out, 'frame-sheet.png'), { identities: ids, grid: 5, cell: 128 })).path
    }
    const summary = {
      out,
      seed,
      subjects,
      sessionsPerSubject: sessions,
      clips: result.clips.length,
      totalFrames: result.totalFrames,
      fps,
      size,
      degrade,
      degradeSeverity: severity,
      skinTones,
      videos,
      manifest: result.manifestPath,
      subjectsFile: result.subjectsPath,
      sheet,
      seconds: Math.round((Date.now() - started) / 100) / 10
    }
    if (flagBool(args, 'json')) ctx.out(JSON.stringify(summary, null, 2) + '\n')
    else ctx.out(`wrote ${result.clips.length} clips (${result.totalFrames} frames) to ${out}\nmanifest: ${result.manifestPath}${sheet ? `\nsheet: ${sheet}` : ''}\n`)
    return 0
  }
}
