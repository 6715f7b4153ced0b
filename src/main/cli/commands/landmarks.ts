import { extname, resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { landmarkImage } from '../../faces/face-landmarker'
import { trackFaces } from '../../faces/face-tracker'
import { getHumanDetector } from '../../faces/human-detector'
import { readFrames, readImageRgb } from '../../media/frame-reader'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand } from '../command'

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff'])
const r2 = (v: number): number => Math.round(v * 100) / 100

export const landmarksCommand: CliCommand = {
  name: 'landmarks',
  summary: 'Detect faces and 68-point iBUG landmarks in an image or video',
  usage: [
    'circumplex landmarks <image-or-video> [--json] [--max-frames N] [--mapping fitted|plain]',
    '  Prints per face: box [x, y, w, h], 68 [x, y] points (0-based pixels) and a score.',
    '  Video: the main subject is tracked; frames without a face are printed as null.'
  ].join('\n'),
  async run(args, ctx) {
    const file = args.positionals[0]
    if (file === undefined) throw new AppError('INVALID_ARGUMENT', 'an image or video path is required')
    const path = resolve(ctx.cwd, file)
    const mapping = flagString(args, 'mapping') ?? 'fitted'
    if (mapping !== 'fitted' && mapping !== 'plain') throw new AppError('INVALID_ARGUMENT', '--mapping must be fitted or plain')
    const json = flagBool(args, 'json')
    const det = await getHumanDetector()
    if (IMAGE_EXT.has(extname(path).toLowerCase())) {
      const img = await readImageRgb(path)
      const t0 = performance.now()
      const faces = await landmarkImage(det, img, { mapping })
      const ms = performance.now() - t0
      const out = faces.map((f) => ({ box: f.box.map(r2), score: r2(f.score), points: f.points.map((p) => p.map(r2)) }))
      if (json) ctx.out(JSON.stringify({ file: path, width: img.width, height: img.height, ms: Math.round(ms), faces: out }) + '\n')
      else {
        ctx.out(`${path}: ${img.width}x${img.height}, ${faces.length} face(s), ${ms.toFixed(0)} ms\n`)
        out.forEach((f, i) => ctx.out(`face ${i}: box ${JSON.stringify(f.box)} score ${f.score}\n  points ${JSON.stringify(f.points)}\n`))
      }
      return 0
    }
    const maxFrames = flagInt(args, 'max-frames', { min: 1 })
    const frames = readFrames(path, { maxFrames })
    for await (const r of trackFaces(det, frames, { mapping })) {
      const face = r.main === null ? null : { box: r.main.box.map(r2), score: r2(r.main.confidence), points: r.main.points.map((p) => p.map(r2)) }
      if (json) ctx.out(JSON.stringify({ frame: r.index, face, others: r.others.length, redetected: r.redetected }) + '\n')
      else ctx.out(`frame ${r.index}: ${face === null ? 'no face' : `box ${JSON.stringify(face.box)} score ${face.score}${r.redetected ? ' (re-detected)' : ''}\n  points ${JSON.stringify(face.points)}`}\n`)
    }
    return 0
  }
}
