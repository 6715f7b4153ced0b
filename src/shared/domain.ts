/** Domain types shared by main, preload and renderer. Plain data only (JSON-safe). */

export type TraceKind = 'prediction' | 'annotation' | 'gold'
export const TRACE_KINDS: readonly TraceKind[] = ['prediction', 'annotation', 'gold']

export type TraceSourceType = 'model_run' | 'annotator' | 'import' | 'synthetic' | 'fusion'
export const TRACE_SOURCE_TYPES: readonly TraceSourceType[] = ['model_run', 'annotator', 'import', 'synthetic', 'fusion']

export interface VideoFacts {
  readonly path: string
  readonly width: number
  readonly height: number
  /** Nominal frame rate (average); the real per-frame timestamps are authoritative. */
  readonly fps: number
  readonly frameCount: number
  readonly durationS: number
  readonly isVfr: boolean
  readonly hasAudio: boolean
  readonly audioSampleRate: number | null
  readonly rotation: number
}

export interface SessionSummary {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  readonly isDemo: boolean
  readonly video: VideoFacts | null
  readonly traceCount: number
}

export interface TraceSummary {
  readonly id: string
  readonly sessionId: string
  readonly kind: TraceKind
  readonly sourceType: TraceSourceType
  readonly sourceId: string | null
  readonly name: string
  readonly createdAt: string
  readonly frameCount: number
  readonly firstFrame: number | null
  readonly lastFrame: number | null
}

/** Points of a trace over a frame range. Missing values are `null` (JSON has no NaN). */
export interface TraceData {
  readonly traceId: string
  readonly frames: readonly number[]
  readonly valence: readonly (number | null)[]
  readonly arousal: readonly (number | null)[]
}

/**
 * Display envelope of a whole trace, aggregated in SQLite: bucket k covers frames [k·bucketSize, (k+1)·bucketSize).
 * One entry per bucket that holds at least one point (empty buckets are absent: a gap). Values are min/max/mean of
 * the bucket's non-missing values, `null` when every point of the bucket is missing.
 */
export interface TraceOverview {
  readonly traceId: string
  readonly bucketSize: number
  /** First and last frame with a point in each bucket. */
  readonly from: readonly number[]
  readonly to: readonly number[]
  readonly valenceMin: readonly (number | null)[]
  readonly valenceMax: readonly (number | null)[]
  readonly valenceMean: readonly (number | null)[]
  readonly arousalMin: readonly (number | null)[]
  readonly arousalMax: readonly (number | null)[]
  readonly arousalMean: readonly (number | null)[]
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface JobInfo {
  readonly id: string
  readonly kind: string
  readonly label: string
  readonly state: JobState
  readonly done: number
  readonly total: number
  /** Estimated seconds left, from the rate so far; null until it can be estimated. */
  readonly etaS: number | null
  readonly createdAt: string
  readonly startedAt: string | null
  readonly finishedAt: string | null
  readonly error: { readonly code: string; readonly message: string } | null
}

export interface AppInfo {
  readonly name: 'Circumplex'
  readonly version: string
  readonly dataDir: string
  readonly dbPath: string
  readonly schemaVersion: number
  readonly host: 'electron' | 'browser'
  readonly ffmpeg: string | null
}
