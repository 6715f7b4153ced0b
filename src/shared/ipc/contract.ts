import type { AppInfo, JobInfo, SessionSummary, TraceData, TraceOverview, TraceSummary } from '../domain'
import type { RunDetail, RunSummary } from '../runs'
import type { AudioPeaks, FaceRange, FrameThumbs, ReviewFacts, SessionTimestamps, SpectrogramRange, TraceExtraInfo, TraceExtraRange } from '../review'

import type {
  AgreementRequest,
  AgreementResult,
  Annotator,
  AnnotatorProgress,
  AppendResult,
  Assignment,
  EditHistory,
  EditRequest,
  EditResult,
  ExchangeFormat,
  ExportedFile,
  FuseRequest,
  FuseResult,
  ImportMapping,
  ImportPreview,
  ImportResult,
  OwnTrace,
  PointProvenance,
  Project,
  RateSample,
  RatingMode,
  RatingPass,
  ReviewStatus,
  SegmentReview,
  TraceEdit
} from '../annotation'

import type { ApplyInvokeMap } from './contract-apply'
import { APPLY_CHANNELS } from './contract-apply'
import type { CompareInvokeMap } from './contract-compare'
import { COMPARE_CHANNELS } from './contract-compare'
import type { DatasetInvokeMap } from './contract-datasets'
import { DATASET_CHANNELS } from './contract-datasets'
import type { LandmarksInvokeMap } from './contract-landmarks'
import { LANDMARKS_CHANNELS } from './contract-landmarks'
import type { TrainingInvokeMap } from './contract-training'
import { TRAINING_CHANNELS } from './contract-training'

type NoArgs = Record<string, never>

/**
 * The one IPC contract: every invoke channel (`domain:verb`) with its argument and result types.
 * Main validates every argument against a schema before a service runs (src/main/ipc/schemas.ts);
 * the preload exposes exactly these channels; the renderer reaches them through one client.
 */
export interface InvokeMap extends DatasetInvokeMap, TrainingInvokeMap, CompareInvokeMap, ApplyInvokeMap, LandmarksInvokeMap {
  'app:info': { args: NoArgs; result: AppInfo }
  'sessions:list': { args: NoArgs; result: SessionSummary[] }
  'sessions:get': { args: { sessionId: string }; result: SessionSummary }
  'traces:list': { args: { sessionId: string }; result: TraceSummary[] }
  'traces:get': { args: { traceId: string; fromFrame?: number; toFrame?: number }; result: TraceData }
  'traces:overview': { args: { traceId: string; buckets: number }; result: TraceOverview }
  'jobs:list': { args: NoArgs; result: JobInfo[] }
  'jobs:cancel': { args: { jobId: string }; result: JobInfo }
  'demo:create': { args: NoArgs; result: JobInfo }
  /** `tracker`: 'default' (the Human-based tracker) or a trained tracker's id from 'landmarks:trackers'. */
  'media:import': { args: { path: string; name?: string; faces?: boolean; spectrogram?: boolean; tracker?: string }; result: JobInfo }
  'sessions:timestamps': { args: { sessionId: string }; result: SessionTimestamps }
  'sessions:facts': { args: { sessionId: string }; result: ReviewFacts }
  'faces:get': { args: { sessionId: string; fromFrame: number; toFrame: number; track?: string }; result: FaceRange | null }
  'audio:spectrogram': { args: { sessionId: string; fromColumn?: number; toColumn?: number }; result: SpectrogramRange | null }
  'audio:peaks': { args: { sessionId: string; buckets: number; fromS?: number; toS?: number }; result: AudioPeaks | null }
  'traces:extras': { args: { sessionId: string }; result: TraceExtraInfo[] }
  'runs:list': { args: NoArgs; result: RunSummary[] }
  'runs:get': { args: { runId: string }; result: RunDetail }
  'frames:thumbs': { args: { sessionId: string; fromFrame: number; count: number; size?: number }; result: FrameThumbs }
  /** Points a session at its video file's new location, after checking it is the same video (hash, or frames and duration). */
  'sessions:relink': { args: { sessionId: string; path: string }; result: SessionSummary }
  'traces:extra': { args: { traceId: string; kind: string; fromFrame?: number; toFrame?: number }; result: TraceExtraRange | null }
  // Annotation (backend of the annotate feature): annotators, projects, passes, edits, exchange, agreement, fusion.
  'annotators:list': { args: NoArgs; result: Annotator[] }
  'annotators:create': { args: { name: string }; result: Annotator }
  'projects:list': { args: NoArgs; result: Project[] }
  'projects:create': { args: { name: string; sessionIds: string[]; blind?: boolean }; result: Project }
  'projects:add-sessions': { args: { projectId: string; sessionIds: string[] }; result: Project }
  'assignments:create': { args: { annotatorId: string; sessionIds: string[]; projectId?: string }; result: Assignment[] }
  'assignments:list': { args: { annotatorId?: string; projectId?: string }; result: Assignment[] }
  'annotations:start-pass': {
    args: { sessionId: string; annotatorId: string; mode: RatingMode; inputLagS?: number; speed?: number }
    result: RatingPass
  }
  'annotations:finish-pass': { args: { passId: string }; result: RatingPass }
  'annotations:own-trace': { args: { sessionId: string; annotatorId: string }; result: OwnTrace }
  'annotations:pass-values': { args: { passId: string }; result: TraceData }
  'annotations:append': { args: { passId: string; samples: RateSample[] }; result: AppendResult }
  'annotations:edit': { args: EditRequest; result: TraceEdit }
  'annotations:undo': { args: { traceId: string }; result: EditResult }
  'annotations:redo': { args: { traceId: string }; result: EditResult }
  'annotations:history': { args: { traceId: string; limit?: number }; result: EditHistory }
  'annotations:provenance': { args: { traceId: string; fromFrame: number; toFrame: number }; result: PointProvenance }
  'annotations:review': { args: { traceId: string; fromFrame?: number; toFrame?: number }; result: SegmentReview[] }
  'annotations:set-review': { args: { traceId: string; fromFrame: number; toFrame: number; status: ReviewStatus }; result: SegmentReview[] }
  'annotations:visible-traces': { args: { sessionId: string; annotatorId: string; blind?: boolean }; result: TraceSummary[] }
  'annotations:progress': { args: { annotatorId?: string; projectId?: string }; result: AnnotatorProgress[] }
  'annotations:export': {
    args: {
      sessionId?: string
      projectId?: string
      traceIds?: string[]
      format: ExchangeFormat
      allowLengthMismatch?: boolean
      dimension?: 'valence' | 'arousal'
      rateHz?: number
    }
    result: ExportedFile[]
  }
  'annotations:import-preview': {
    args: { sessionId: string; format: ExchangeFormat; text: string; mapping?: ImportMapping; allowLengthMismatch?: boolean }
    result: ImportPreview
  }
  'annotations:import': {
    args: {
      sessionId: string
      annotatorId: string
      format: ExchangeFormat
      text: string
      mapping?: ImportMapping
      name?: string
      allowLengthMismatch?: boolean
    }
    result: ImportResult
  }
  'annotations:agreement': { args: AgreementRequest; result: AgreementResult }
  'annotations:fuse': { args: FuseRequest; result: FuseResult }
}

/** Events pushed from main to every renderer. */
export interface EventMap {
  'job:progress': JobInfo
  'sessions:changed': { readonly sessionId: string | null }
}

export type InvokeChannel = keyof InvokeMap
export type InvokeArgs<K extends InvokeChannel> = InvokeMap[K]['args']
export type InvokeResult<K extends InvokeChannel> = InvokeMap[K]['result']
export type EventChannel = keyof EventMap

export const INVOKE_CHANNELS = [
  'app:info',
  'sessions:list',
  'sessions:get',
  'traces:list',
  'traces:get',
  'traces:overview',
  'jobs:list',
  'jobs:cancel',
  'demo:create',
  'media:import',
  'sessions:timestamps',
  'sessions:facts',
  'faces:get',
  'audio:spectrogram',
  'audio:peaks',
  'traces:extras',
  'frames:thumbs',
  'runs:list',
  'runs:get',
  'sessions:relink',
  'traces:extra',
  'annotators:list',
  'annotators:create',
  'projects:list',
  'projects:create',
  'projects:add-sessions',
  'assignments:create',
  'assignments:list',
  'annotations:start-pass',
  'annotations:finish-pass',
  'annotations:own-trace',
  'annotations:pass-values',
  'annotations:append',
  'annotations:edit',
  'annotations:undo',
  'annotations:redo',
  'annotations:history',
  'annotations:provenance',
  'annotations:review',
  'annotations:set-review',
  'annotations:visible-traces',
  'annotations:progress',
  'annotations:export',
  'annotations:import-preview',
  'annotations:import',
  'annotations:agreement',
  'annotations:fuse',
  ...DATASET_CHANNELS,
  ...TRAINING_CHANNELS,
  ...COMPARE_CHANNELS,
  ...APPLY_CHANNELS,
  ...LANDMARKS_CHANNELS
] as const satisfies readonly InvokeChannel[]

export const EVENT_CHANNELS = ['job:progress', 'sessions:changed'] as const satisfies readonly EventChannel[]

// Compile-time proof that the runtime lists name every channel of the maps.
type Missing<All, Listed> = Exclude<All, Listed>
export const CONTRACT_COMPLETE: Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never
  ? Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never
    ? true
    : never
  : never = true

/** Largest serialised argument payload accepted on any channel. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value)
}

/** Shape of `window.api` exposed by the preload (and mimicked by the WebSocket transport). */
export interface BridgeApi {
  invoke(channel: InvokeChannel, args: unknown): Promise<unknown>
  on(event: EventChannel, listener: (payload: unknown) => void): () => void
}
