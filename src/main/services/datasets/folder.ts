/**
 * Cheap checks of a dataset folder before anything is read in bulk (they run on main, before a job starts): the path
 * is a folder, its manifest.json / subjects.json parses and has the expected shape, it lists clips, and every clip
 * has its video, its AFEW-VA file (the landmarks) and the label file of the chosen format. Each refusal carries a
 * code and names the file. The clip list itself comes from dataset-dir.ts `listClips`, the reader training uses.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DATASET_FORMATS, type DatasetFormat } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import { listClips, type ClipEntry } from '../../engine/data/dataset-dir'

export interface FolderListing {
  readonly clips: ClipEntry[]
  /** Frame count of each clip as the manifest states it (absent: unknown). */
  readonly frameCounts: Readonly<Record<string, number>>
  readonly fps: number
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0

export function assertFormat(format: string): asserts format is DatasetFormat {
  if (!(DATASET_FORMATS as readonly string[]).includes(format)) {
    throw new AppError('INVALID_ARGUMENT', `unknown label format '${format}': one of ${DATASET_FORMATS.join(', ')}`)
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    throw new AppError('PARSE_ERROR', `${path}: not valid JSON (${(e as Error).message})`, { cause: e })
  }
}

/** Validates manifest.json's shape; returns the frame counts it states. */
function checkManifest(path: string): { frameCounts: Record<string, number>; fps: number } {
  const m = readJson(path)
  if (!isRecord(m) || !Array.isArray(m.clips)) throw new AppError('PARSE_ERROR', `${path}: no 'clips' array`)
  if (m.fps !== undefined && !(typeof m.fps === 'number' && m.fps > 0 && m.fps <= 1000)) throw new AppError('PARSE_ERROR', `${path}: 'fps' must be a positive number`)
  const frameCounts: Record<string, number> = {}
  m.clips.forEach((c: unknown, i) => {
    const at = `${path}: clips[${i}]`
    if (!isRecord(c)) throw new AppError('PARSE_ERROR', `${at} is not an object`)
    for (const k of ['clipId', 'subjectId', 'afewVa', 'sewa', 'affWild2']) {
      if (!isName(c[k])) throw new AppError('PARSE_ERROR', `${at}.${k} must be a non-empty string`)
    }
    if (c.video !== null && !isName(c.video)) throw new AppError('PARSE_ERROR', `${at}.video must be a path (or null)`)
    if (c.frameCount !== undefined) {
      if (!(Number.isInteger(c.frameCount) && (c.frameCount as number) >= 0)) throw new AppError('PARSE_ERROR', `${at}.frameCount must be a non-negative integer`)
      frameCounts[c.clipId as string] = c.frameCount as number
    }
  })
  return { frameCounts, fps: typeof m.fps === 'number' ? m.fps : 25 }
}

function checkSubjects(path: string): void {
  const s = readJson(path)
  if (!isRecord(s) || !Array.isArray(s.subjects)) throw new AppError('PARSE_ERROR', `${path}: no 'subjects' array`)
  s.subjects.forEach((sub: unknown, i) => {
    const at = `${path}: subjects[${i}]`
    if (!isRecord(sub) || !isName(sub.subjectId)) throw new AppError('PARSE_ERROR', `${at}.subjectId must be a non-empty string`)
    if (!Array.isArray(sub.sessions) || !sub.sessions.every(isName)) throw new AppError('PARSE_ERROR', `${at}.sessions must be an array of clip ids`)
  })
}

/** The label file a clip needs in `format`. */
export function labelFile(c: ClipEntry, format: DatasetFormat): string {
  return format === 'afew-va' ? c.afewVa : format === 'sewa' ? c.sewa : c.affWild2
}

function describeMissing(what: string, paths: readonly string[], total: number): string {
  return `${paths.length} of ${total} clip(s) have no ${what} (first: ${paths[0]})`
}

/** Lists and checks a dataset folder for `format`; throws NOT_FOUND / INVALID_ARGUMENT / PARSE_ERROR naming the problem. */
export function inspectFolder(dir: string, format: string): FolderListing {
  assertFormat(format)
  if (dir.includes('\0')) throw new AppError('INVALID_ARGUMENT', 'the path contains a NUL byte')
  let isDir: boolean
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    throw new AppError('NOT_FOUND', `${dir}: no such folder`)
  }
  if (!isDir) throw new AppError('INVALID_ARGUMENT', `${dir} is a file, not a dataset folder`)
  const manifest = join(dir, 'manifest.json')
  const subjects = join(dir, 'subjects.json')
  let frameCounts: Record<string, number> = {}
  let fps = 25
  if (existsSync(manifest)) ({ frameCounts, fps } = checkManifest(manifest))
  else if (existsSync(subjects)) checkSubjects(subjects)
  else throw new AppError('NOT_FOUND', `${dir}: not a dataset folder (neither manifest.json nor subjects.json found)`)
  const clips = listClips(dir)
  if (clips.length === 0) throw new AppError('INVALID_ARGUMENT', `${dir}: the dataset lists no clips`)
  const seen = new Set<string>()
  for (const c of clips) {
    if (seen.has(c.clipId)) throw new AppError('PARSE_ERROR', `${dir}: clip '${c.clipId}' is listed twice`)
    seen.add(c.clipId)
  }
  const missing = (paths: string[]) => paths.filter((p) => !existsSync(p))
  const noLabels = missing(clips.map((c) => labelFile(c, format)))
  if (noLabels.length > 0) throw new AppError('NOT_FOUND', `${dir}: no ${format} labels: ${describeMissing(`${format} label file`, noLabels, clips.length)}`)
  const noAfew = missing(clips.map((c) => c.afewVa))
  if (noAfew.length > 0) {
    throw new AppError('NOT_FOUND', `${dir}: ${describeMissing('AFEW-VA file (the landmarks every format takes its face crops from)', noAfew, clips.length)}`)
  }
  const noVideo = missing(clips.map((c) => c.video))
  if (noVideo.length > 0) throw new AppError('NOT_FOUND', `${dir}: ${describeMissing('video', noVideo, clips.length)}`)
  return { clips, frameCounts, fps }
}
