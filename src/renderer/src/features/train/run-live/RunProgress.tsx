import type { RunJob } from '../../../../../shared/training'

function eta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return ''
  if (s < 60) return `${Math.ceil(s)} s left`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s left`
  return `${(s / 3600).toFixed(1)} h left`
}

/**
 * Where a training job is: queued, loading clips (sequence models: encoding latents), or epoch e of E with its step
 * (sequence models, `stages` given: the curriculum stage and its epoch), testing, and the ETA.
 */
export function progressText(job: RunJob, epochsPlanned: number | null, stages: number | null = null): string {
  if (job.state === 'queued') return 'Queued: waits for the job before it (one training at a time)'
  if (job.phase === 'loading') return `Loading the dataset: clip ${job.done} of ${job.total}`
  if (job.phase === 'latents') return `Encoding stage-1 latents: frame ${job.done} of ${job.total}`
  if (job.phase === 'testing') return 'Testing on the held-out subjects'
  if (job.phase === 'training' && job.total > 0) {
    const perEpoch = epochsPlanned && job.total % epochsPlanned === 0 ? job.total / epochsPlanned : null
    if (perEpoch) {
      const epoch = Math.min(epochsPlanned!, Math.floor(job.done / perEpoch) + 1)
      const step = job.done - (epoch - 1) * perEpoch
      if (job.done >= job.total) return `Testing the selected checkpoint`
      if (stages && stages > 1 && epochsPlanned! % stages === 0) {
        const k = epochsPlanned! / stages
        return `Stage ${Math.floor((epoch - 1) / k) + 1} of ${stages} · epoch ${((epoch - 1) % k) + 1} of ${k} · step ${step} of ${perEpoch}`
      }
      return `Epoch ${epoch} of ${epochsPlanned} · step ${step} of ${perEpoch}`
    }
    return `Step ${job.done} of ${job.total}`
  }
  return 'Starting the engine…'
}

export function RunProgress({ job, epochsPlanned, stages = null }: { job: RunJob; epochsPlanned: number | null; stages?: number | null }) {
  const frac = job.total > 0 ? Math.min(1, job.done / job.total) : 0
  return (
    <div className="run-progress" data-testid="run-progress" data-phase={job.phase ?? ''}>
      <div className="run-progress-text">
        <span>{progressText(job, epochsPlanned, stages)}</span>
        <span className="muted">{job.state === 'running' ? eta(job.etaS) : ''}</span>
      </div>
      <progress max={1} value={job.state === 'queued' ? undefined : frac} aria-label="Training progress" />
    </div>
  )
}
