/**
 * Collects 68-point ground truth from a folder (recursively): iBUG `.pts` (image = same base name), COCO
 * keypoint JSON, menpo `.ljson` (image = same base name) and dlib imglab XML. Every point set is converted
 * to 0-based pixels here, using the origin each format documents (see datasets/landmarks/points.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, relative } from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import {
  COCO_300W_ORIGIN,
  DLIB_ORIGIN,
  LJSON_ORIGIN,
  PTS_ORIGIN,
  dlibBoxLandmarks,
  readCocoKeypoints,
  readDlibXml,
  readLjson,
  readPts,
  toZeroBased,
  type Point2
} from '../datasets/landmarks'

export type GtFormat = 'pts' | 'coco' | 'ljson' | 'dlib-xml'

export interface GroundTruthFace {
  /** Unique id: `<relative image path>` plus `#<n>` when an image has several faces. */
  readonly id: string
  readonly imagePath: string
  /** 68 points, 0-based pixels. */
  readonly points: Point2[]
  readonly format: GtFormat
  /** Folder relative to the root ('.' for the root itself). */
  readonly group: string
}

const IMAGE_EXT = ['.jpg', '.jpeg', '.png', '.bmp', '.webp']

function listFiles(dir: string, depth = 0): string[] {
  if (depth > 6) return []
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) out.push(...listFiles(p, depth + 1))
    else out.push(p)
  }
  return out
}

function siblingImage(file: string): string | null {
  const stem = file.slice(0, -extname(file).length)
  for (const ext of IMAGE_EXT) for (const e of [ext, ext.toUpperCase()]) if (existsSync(stem + e)) return stem + e
  return null
}

function isCoco(text: string): boolean {
  return /"annotations"\s*:/.test(text) && /"images"\s*:/.test(text) && /"keypoints"\s*:/.test(text)
}

/** All 68-point faces found under `root`, in a stable order. */
export function loadGroundTruth(root: string): GroundTruthFace[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new AppError('NOT_FOUND', `${root}: not a directory`)
  const out: GroundTruthFace[] = []
  const group = (file: string): string => relative(root, dirname(file)) || '.'
  const push = (imagePath: string, points: Point2[], format: GtFormat, file: string, n: number, total: number): void => {
    if (points.length !== 68) return
    const rel = relative(root, imagePath)
    out.push({ id: total > 1 ? `${rel}#${n}` : rel, imagePath, points, format, group: group(file) })
  }
  for (const file of listFiles(root)) {
    const ext = extname(file).toLowerCase()
    try {
      if (ext === '.pts') {
        const img = siblingImage(file)
        if (img) push(img, toZeroBased(readPts(readFileSync(file, 'utf8')).points, PTS_ORIGIN), 'pts', file, 0, 1)
      } else if (ext === '.ljson') {
        const img = siblingImage(file)
        const doc = readLjson(readFileSync(file, 'utf8'))
        const g = Object.values(doc.groups).find((x) => x.points.length === 68 && x.points.every((p) => p !== null))
        if (img && g) push(img, toZeroBased(g.points as Point2[], LJSON_ORIGIN), 'ljson', file, 0, 1)
      } else if (ext === '.json') {
        const text = readFileSync(file, 'utf8')
        if (!isCoco(text)) continue
        const doc = readCocoKeypoints(text)
        for (const im of doc.images) {
          const anns = doc.annotations.filter((a) => a.imageId === im.id && a.keypoints.length === 68)
          anns.forEach((a, n) => push(join(dirname(file), im.fileName), toZeroBased(a.keypoints, COCO_300W_ORIGIN), 'coco', file, n, anns.length))
        }
      } else if (ext === '.xml') {
        const text = readFileSync(file, 'utf8')
        if (!/<dataset[\s>]/.test(text)) continue
        for (const im of readDlibXml(text).images) {
          const boxes = im.boxes.filter((b) => !b.ignore && b.parts.length === 68)
          boxes.forEach((b, n) => push(join(dirname(file), im.file), toZeroBased(dlibBoxLandmarks(b), DLIB_ORIGIN), 'dlib-xml', file, n, boxes.length))
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, `${basename(file)}: ${e.message}`, { cause: e })
      throw e
    }
  }
  return out
}
