/**
 * Writes a dataset folder from the app's own sessions, in the layout dataset-dir.ts reads (runs inside the job worker):
 *
 *   manifest.json            generator, fps, clips [{clipId, subjectId, frameCount, video, afewVa, sewa, affWild2,
 *                            source: {sessionId, sessionName, traceId, traceName}}]
 *   subjects.json            {subjects: [{subjectId, sessions: [clipId]}]}
 *   videos/<clip>.<ext>      the session's video, HARD-LINKED (no extra space; survives a move or deletion of the
 *                            original, and the hash is of the same bytes), or COPIED when a link is impossible
 *                            (another file system, or links not permitted). A symlink would break when the original
 *                            moves, and dataset-dir joins every manifest path onto the folder, so an absolute
 *                            reference is not possible.
 *   afew-va/<clip>/<clip>.json  the face track's landmarks per frame (none where no face was found) and the labels × 10;
 *                            AFEW-VA cannot mark a frame as unlabelled, so such a frame carries 0 there — the dataset
 *                            is then registered in the aff-wild2 format, where it is −5 (see below).
 *   aff-wild2/<clip>.txt     the labels on [−1, 1], −5,−5 for frames without a label.
 *
 * No SEWA file is written (the manifest names the path; registering such a folder as sewa is refused as unlabelled).
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { writeAfewVaJson, type AfewVaFrame } from '../../datasets/formats/afew-va'
import { writeAffWild2VaTxt, type AffWild2VaFrame } from '../../datasets/formats/aff-wild2'

export interface SessionClipSpec {
  readonly clipId: string
  readonly subjectId: string
  readonly sessionId: string
  readonly sessionName: string
  readonly traceId: string
  readonly traceName: string
  /** Absolute path of the session's video. */
  readonly video: string
  /** Labels on [−1, 1] per video frame, NaN where unlabelled. */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 68 × 2 pixels, NaN where no face was found. */
  readonly landmarks: Float32Array
}

export interface SessionsFolderSpec {
  readonly dir: string
  readonly name: string
  readonly fps: number
  readonly clips: readonly SessionClipSpec[]
}

const r2 = (x: number): number => Math.round(x * 100) / 100
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4

/** Hard link, or a copy when linking is impossible; returns which. */
export function linkOrCopy(src: string, dst: string): 'hardlink' | 'copy' {
  try {
    linkSync(src, dst)
    return 'hardlink'
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${src}: the session's video is missing (relink it in Review first)`)
    copyFileSync(src, dst)
    return 'copy'
  }
}

function afewFrames(c: SessionClipSpec): AfewVaFrame[] {
  const n = c.valence.length
  const out: AfewVaFrame[] = []
  for (let i = 0; i < n; i++) {
    const v = c.valence[i]
    const a = c.arousal[i]
    const labelled = Number.isFinite(v) && Number.isFinite(a)
    const o = i * 136
    let landmarks: Array<[number, number]> | null = null
    if (Number.isFinite(c.landmarks[o]) && Number.isFinite(c.landmarks[o + 1])) {
      landmarks = []
      for (let k = 0; k < 68; k++) landmarks.push([r2(c.landmarks[o + 2 * k]), r2(c.landmarks[o + 2 * k + 1])])
    }
    out.push({ frame: i, valence: labelled ? r4(v * 10) : 0, arousal: labelled ? r4(a * 10) : 0, landmarks })
  }
  return out
}

/** Writes the folder (which must not exist yet); on any failure removes what it wrote. */
export function writeSessionsFolder(spec: SessionsFolderSpec, signal?: AbortSignal, onClip?: (done: number, total: number) => void): void {
  if (existsSync(spec.dir)) throw new AppError('CONFLICT', `${spec.dir} already exists: not overwriting it`)
  mkdirSync(spec.dir, { recursive: true })
  try {
    for (const d of ['videos', 'afew-va', 'aff-wild2']) mkdirSync(join(spec.dir, d))
    const clips: Array<Record<string, unknown>> = []
    const subjects = new Map<string, string[]>()
    spec.clips.forEach((c, i) => {
      if (signal?.aborted) throw new AppError('CANCELLED', 'building the dataset was cancelled')
      const video = join('videos', `${c.clipId}${extname(c.video).toLowerCase() || '.mp4'}`)
      const linked = linkOrCopy(c.video, join(spec.dir, video))
      const afewVa = join('afew-va', c.clipId, `${c.clipId}.json`)
      mkdirSync(join(spec.dir, 'afew-va', c.clipId))
      writeFileSync(join(spec.dir, afewVa), writeAfewVaJson({ videoId: c.clipId, actor: c.subjectId, frames: afewFrames(c) }))
      const affWild2 = join('aff-wild2', `${c.clipId}.txt`)
      const aff: AffWild2VaFrame[] = Array.from(c.valence, (v, f) =>
        Number.isFinite(v) && Number.isFinite(c.arousal[f]) ? { valence: r4(v), arousal: r4(c.arousal[f]) } : null
      )
      writeFileSync(join(spec.dir, affWild2), writeAffWild2VaTxt(aff))
      clips.push({
        clipId: c.clipId,
        subjectId: c.subjectId,
        frameCount: c.valence.length,
        video,
        videoMode: linked,
        afewVa,
        sewa: join('sewa', `${c.clipId}.csv`),
        affWild2,
        source: { sessionId: c.sessionId, sessionName: c.sessionName, traceId: c.traceId, traceName: c.traceName }
      })
      subjects.set(c.subjectId, [...(subjects.get(c.subjectId) ?? []), c.clipId])
      onClip?.(i + 1, spec.clips.length)
    })
    const manifest = {
      generator: 'circumplex datasets from-sessions',
      version: 1,
      name: spec.name,
      fps: spec.fps,
      createdAt: new Date().toISOString(),
      notes:
        'Built from annotated sessions. Labels: aff-wild2/<clip>.txt on [-1, 1] (-5 = no label); afew-va/<clip>/<clip>.json has the face-track landmarks and the labels x 10 (0 where a frame has no label). Videos are hard links to (or copies of) the session videos.',
      clips
    }
    writeFileSync(join(spec.dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n')
    const subjectsJson = { subjects: [...subjects].map(([subjectId, sessions]) => ({ subjectId, sessions })) }
    writeFileSync(join(spec.dir, 'subjects.json'), JSON.stringify(subjectsJson, null, 1) + '\n')
  } catch (e) {
    rmSync(spec.dir, { recursive: true, force: true })
    throw e
  }
}
