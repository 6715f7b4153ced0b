/**
 * AFEW-VA per-clip JSON (Kossaifi et al. 2017), one file per clip, e.g. `001/001.json`:
 *
 * ```json
 * {"actor": "...", "video_id": "001",
 *  "frames": {"00000": {"valence": 0, "arousal": 3, "landmarks": [[x, y], ...68]}, "00001": ...}}
 * ```
 *
 * Conventions: valence/arousal are on the dataset's -10..10 scale (integers in the release; any number in
 * range is accepted and kept as is, never rescaled). Frame keys are zero-padded 5-digit indices starting at
 * 0 (the writer pads to 5 digits); frames must be contiguous. Landmarks are 68 [x, y] pixel coordinates in
 * image space, 0-based (x right, y down); a frame with no `landmarks` key (or `null`) gives `landmarks: null`.
 */
import { parseError } from './csv'

export interface AfewVaFrame {
  frame: number
  valence: number
  arousal: number
  landmarks: Array<[number, number]> | null
}

export interface AfewVaClip {
  videoId: string
  actor?: string
  frames: AfewVaFrame[]
}

export const AFEW_VA_RANGE = 10
export const AFEW_VA_LANDMARKS = 68
const F = 'AFEW-VA'

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function num(v: unknown, at: string, range: number | null): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw parseError(`${F}: ${at}: expected a finite number, found ${JSON.stringify(v)}`)
  if (range !== null && (v < -range || v > range)) throw parseError(`${F}: ${at}: value ${v} out of range [-${range}, ${range}]`)
  return v
}

export function writeAfewVaJson(clip: AfewVaClip): string {
  const frames: Record<string, unknown> = {}
  for (const f of clip.frames) {
    const entry: Record<string, unknown> = { valence: f.valence, arousal: f.arousal }
    if (f.landmarks !== null) entry.landmarks = f.landmarks.map(([x, y]) => [x, y])
    frames[String(f.frame).padStart(5, '0')] = entry
  }
  const out: Record<string, unknown> = {}
  if (clip.actor !== undefined) out.actor = clip.actor
  out.video_id = clip.videoId
  out.frames = frames
  return JSON.stringify(out, null, 1) + '\n'
}

export function readAfewVaJson(text: string): AfewVaClip {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let doc: unknown
  try {
    doc = JSON.parse(src)
  } catch (e) {
    throw parseError(`${F}: invalid JSON: ${(e as Error).message}`)
  }
  if (!isObject(doc)) throw parseError(`${F}: top level must be an object`)
  const videoId = doc.video_id
  if (typeof videoId !== 'string' && typeof videoId !== 'number') throw parseError(`${F}: field 'video_id' missing or not a string`)
  if (doc.actor !== undefined && typeof doc.actor !== 'string') throw parseError(`${F}: field 'actor' must be a string`)
  if (!isObject(doc.frames)) throw parseError(`${F}: field 'frames' missing or not an object`)

  // JSON.parse keeps the last of duplicated keys silently: count frame keys in the raw text to catch them.
  const keys = Object.keys(doc.frames)
  const rawKeys = src.match(/"\d+"\s*:\s*\{/g)?.length ?? 0
  if (rawKeys > keys.length) throw parseError(`${F}: duplicated frame key(s) in 'frames' (${rawKeys} keys, ${keys.length} distinct)`)

  const parsed: AfewVaFrame[] = []
  const seen = new Map<number, string>()
  for (const key of keys) {
    if (!/^\d+$/.test(key)) throw parseError(`${F}: frames['${key}']: frame key is not a non-negative integer`)
    const frame = Number(key)
    const dup = seen.get(frame)
    if (dup !== undefined) throw parseError(`${F}: frames['${key}']: duplicated frame ${frame} (also '${dup}')`)
    seen.set(frame, key)
    const v = (doc.frames as Record<string, unknown>)[key]
    const at = `frames['${key}']`
    if (!isObject(v)) throw parseError(`${F}: ${at}: expected an object`)
    if (!('valence' in v)) throw parseError(`${F}: ${at}: missing field 'valence'`)
    if (!('arousal' in v)) throw parseError(`${F}: ${at}: missing field 'arousal'`)
    const valence = num(v.valence, `${at}.valence`, AFEW_VA_RANGE)
    const arousal = num(v.arousal, `${at}.arousal`, AFEW_VA_RANGE)
    let landmarks: Array<[number, number]> | null = null
    if (v.landmarks !== undefined && v.landmarks !== null) {
      if (!Array.isArray(v.landmarks)) throw parseError(`${F}: ${at}.landmarks: expected an array`)
      if (v.landmarks.length !== AFEW_VA_LANDMARKS) {
        throw parseError(`${F}: ${at}.landmarks: expected ${AFEW_VA_LANDMARKS} points, found ${v.landmarks.length}`)
      }
      landmarks = v.landmarks.map((p: unknown, i: number): [number, number] => {
        if (!Array.isArray(p) || p.length !== 2) throw parseError(`${F}: ${at}.landmarks[${i}]: expected [x, y]`)
        return [num(p[0], `${at}.landmarks[${i}][0]`, null), num(p[1], `${at}.landmarks[${i}][1]`, null)]
      })
    }
    parsed.push({ frame, valence, arousal, landmarks })
  }
  parsed.sort((a, b) => a.frame - b.frame)
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1].frame
    const cur = parsed[i].frame
    if (cur !== prev + 1) throw parseError(`${F}: frames: missing frame(s) ${prev + 1}..${cur - 1} (jump from ${prev} to ${cur})`)
  }
  const clip: AfewVaClip = { videoId: String(videoId), frames: parsed }
  if (typeof doc.actor === 'string') clip.actor = doc.actor
  return clip
}
