import { faceStretches } from './face-pass'
import type { ImportJobResult } from './import-job'

export interface ImportSummary {
  readonly path: string
  readonly frameCount: number
  readonly fps: number
  readonly isVfr: boolean
  readonly irregularFrames: number
  readonly width: number
  readonly height: number
  readonly rotation: number
  readonly durationS: number
  readonly timestamps: { first: number; last: number; minDelta: number; medianDelta: number; maxDelta: number }
  readonly audio: { codec: string; sampleRate: number; channels: number; durationS: number; offsetS: number } | null
  readonly faces: { detected: number; missing: number; redetections: number; stretches: { from: number; to: number; present: boolean }[] } | null
  readonly spectrogram: { columns: number; nMels: number; hop: number; sampleRate: number } | null
  readonly durationMismatchS: number | null
  readonly warnings: readonly string[]
}

export function summarizeImport(r: ImportJobResult): ImportSummary {
  const v = r.facts.video
  const ts = v.timestamps
  const deltas = Array.from({ length: Math.max(0, ts.length - 1) }, (_, i) => ts[i + 1] - ts[i]).sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 1e6) / 1e6
  return {
    path: r.facts.path,
    frameCount: v.frameCount,
    fps: round(v.fps),
    isVfr: v.isVfr,
    irregularFrames: v.irregularFrames,
    width: v.displayWidth,
    height: v.displayHeight,
    rotation: v.rotation,
    durationS: round(v.durationS),
    timestamps: {
      first: round(ts[0] ?? 0),
      last: round(ts[ts.length - 1] ?? 0),
      minDelta: round(deltas[0] ?? 0),
      medianDelta: round(deltas[deltas.length >> 1] ?? 0),
      maxDelta: round(deltas[deltas.length - 1] ?? 0)
    },
    audio: r.facts.audio
      ? {
          codec: r.facts.audio.codec,
          sampleRate: r.facts.audio.sampleRate,
          channels: r.facts.audio.channels,
          durationS: round(r.facts.audio.durationS),
          offsetS: round(r.facts.audio.offsetS)
        }
      : null,
    faces: r.faces
      ? {
          detected: r.faces.framesWithFace,
          missing: v.frameCount - r.faces.framesWithFace,
          redetections: r.faces.redetections,
          stretches: faceStretches(r.faces.confidence).map(([from, to, present]) => ({ from, to, present }))
        }
      : null,
    spectrogram: r.spectrogram ? { columns: r.spectrogram.columns, nMels: r.spectrogram.nMels, hop: r.spectrogram.hop, sampleRate: r.spectrogram.sampleRate } : null,
    durationMismatchS: r.facts.durationMismatchS === null ? null : round(r.facts.durationMismatchS),
    warnings: r.warnings
  }
}
