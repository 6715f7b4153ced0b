/**
 * "Complete the session" in the annotate workspace: starts the completion job for the annotator's own trace,
 * follows its progress (job events), lists the proposals learned from that trace (newest first; refreshed when the
 * session changes, so a job that ends after a reload still shows up), loads the newest one's values and confidence
 * band, and accepts ranges of it into the own trace / discards it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { EditDimension } from '../../../../../shared/annotation'
import { DEFAULT_ENSEMBLE_SIZE, MAX_ENSEMBLE_SIZE, type ProposalSummary } from '../../../../../shared/completion'
import type { JobInfo } from '../../../../../shared/domain'
import { api } from '../../../api'
import { decodeFloat32 } from '../../../lib/session/frame-sync'
import { errorText } from '../../../lib/error-text'
import type { Corrections } from '../correct/use-corrections'
import { acceptPlan, planFrames } from './accept-plan'

/** A proposal's values and its ±1 sd band, one entry per frame of the session (NaN = not proposed). */
export interface ProposalView {
  readonly summary: ProposalSummary
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly sdValence: Float32Array
  readonly sdArousal: Float32Array
}

export interface Completion {
  readonly proposal: ProposalView | null
  readonly count: number
  /** Names of the proposals of the own trace by trace id (for provenance: "replaced from <proposal>"). */
  readonly names: ReadonlyMap<string, string>
  readonly job: JobInfo | null
  readonly busy: boolean
  readonly error: string | null
  readonly notice: string | null
  /** Ensemble members the next completion uses. */
  readonly ensemble: number
  setEnsemble(n: number): void
  start(): void
  cancel(): void
  discard(): Promise<void>
  /** Copies the proposal's values on [from, to] into the own trace (only where it proposed; one or both dimensions). */
  accept(range: readonly [number, number], dimension?: EditDimension): Promise<void>
}

async function loadView(summary: ProposalSummary, frames: number): Promise<ProposalView> {
  const c = api()
  const [pts, conf] = await Promise.all([c.invoke('traces:get', { traceId: summary.traceId }), c.invoke('traces:extra', { traceId: summary.traceId, kind: 'confidence' })])
  const valence = new Float32Array(frames).fill(NaN)
  const arousal = new Float32Array(frames).fill(NaN)
  pts.frames.forEach((f, i) => {
    if (f < 0 || f >= frames) return
    valence[f] = pts.valence[i] ?? NaN
    arousal[f] = pts.arousal[i] ?? NaN
  })
  const sdValence = new Float32Array(frames).fill(NaN)
  const sdArousal = new Float32Array(frames).fill(NaN)
  if (conf && conf.dims === 2) {
    const d = decodeFloat32(conf.data)
    for (let r = 0; r < conf.rows; r++) {
      const f = conf.fromFrame + r
      if (f >= frames) break
      sdValence[f] = d[2 * r]
      sdArousal[f] = d[2 * r + 1]
    }
  }
  return { summary, valence, arousal, sdValence, sdArousal }
}

export function useCompletion(sessionId: string, ownTraceId: string, frames: number, corrections: Corrections): Completion {
  const [proposals, setProposals] = useState<readonly ProposalSummary[]>([])
  const [proposal, setProposal] = useState<ProposalView | null>(null)
  const [job, setJob] = useState<JobInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [ensemble, setEnsemble] = useState(DEFAULT_ENSEMBLE_SIZE)
  const jobId = useRef<string | null>(null)
  const seen = useRef(new Map<string, JobInfo>())

  const refresh = useCallback(async () => {
    const list = await api().invoke('sessions:proposals', { sessionId, fromTraceId: ownTraceId })
    setProposals(list)
    return list
  }, [sessionId, ownTraceId])

  const follow = useCallback(
    (j: JobInfo) => {
      setJob(j)
      if (j.state === 'failed') setError(`${j.error?.code ?? 'JOB_FAILED'}: ${j.error?.message ?? 'the completion failed'}`)
      if (j.state === 'done') void refresh().catch((e) => setError(errorText(e)))
    },
    [refresh]
  )

  useEffect(() => {
    void refresh().catch((e) => setError(errorText(e)))
    const c = api()
    const offJob = c.on('job:progress', (j) => {
      // Events of a job can arrive before the answer that names it: keep the latest of each completion job.
      if (j.kind === 'session:complete') seen.current.set(j.id, j)
      if (j.id === jobId.current) follow(j)
    })
    const offSession = c.on('sessions:changed', (e) => {
      if (e.sessionId === sessionId) void refresh().catch(() => undefined)
    })
    return () => {
      offJob()
      offSession()
    }
  }, [refresh, sessionId, follow])

  // The newest proposal is the one shown; load its values when it changes.
  const newest = useRef<ProposalSummary | null>(null)
  newest.current = proposals[0] ?? null
  const newestId = proposals[0]?.traceId ?? null
  useEffect(() => {
    const summary = newest.current
    if (!newestId || !summary) return setProposal(null)
    let live = true
    loadView(summary, frames).then(
      (v) => live && setProposal(v),
      (e: unknown) => live && setError(errorText(e))
    )
    return () => {
      live = false
    }
  }, [newestId, frames])

  const running = job !== null && (job.state === 'queued' || job.state === 'running')

  const start = useCallback(
    () => {
      if (running) return
      setError(null)
      setNotice(null)
      api()
        .invoke('sessions:complete', { sessionId, traceId: ownTraceId, options: { ensemble } })
        .then(
          (j) => {
            jobId.current = j.id
            follow(seen.current.get(j.id) ?? j)
          },
          (e: unknown) => setError(errorText(e))
        )
    },
    [running, sessionId, ownTraceId, ensemble, follow]
  )

  const names = useMemo(() => new Map(proposals.map((p) => [p.traceId, p.name])), [proposals])

  return {
    proposal,
    count: proposals.length,
    names,
    job,
    busy,
    error: error ?? corrections.error,
    notice,
    ensemble,
    setEnsemble: (n) => setEnsemble(Math.max(1, Math.min(MAX_ENSEMBLE_SIZE, Math.round(n) || 1))),
    start,
    cancel: () => {
      if (jobId.current) void api().invoke('jobs:cancel', { jobId: jobId.current })
    },
    discard: async () => {
      if (!proposal) return
      setBusy(true)
      try {
        await api().invoke('sessions:discard-proposal', { traceId: proposal.summary.traceId })
        setNotice('Proposal discarded; what you accepted stays in your trace.')
        await refresh()
      } catch (e) {
        setError(errorText(e))
      } finally {
        setBusy(false)
      }
    },
    accept: async ([from, to], dimension = 'both') => {
      if (!proposal) return
      const none = new Float32Array(0)
      const plan = acceptPlan(dimension === 'arousal' ? none : proposal.valence, dimension === 'valence' ? none : proposal.arousal, from, to)
      if (plan.length === 0) {
        setNotice('Nothing proposed in that range: the proposal only covers frames you had not rated.')
        return
      }
      setBusy(true)
      setError(null)
      try {
        for (const step of plan) {
          const edit = await corrections.apply({ op: 'replace', sourceTraceId: proposal.summary.traceId }, [step.from, step.to], step.dimension)
          if (!edit) return
        }
        setNotice(`Accepted ${planFrames(plan)} proposed frame(s) into your trace (undo with Ctrl+Z).`)
      } finally {
        setBusy(false)
      }
    }
  }
}
