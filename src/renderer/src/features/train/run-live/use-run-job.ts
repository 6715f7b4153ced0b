import { useEffect, useState } from 'react'
import type { RunJob } from '../../../../../shared/training'
import { api } from '../../../api'

/**
 * The run's training job in this app (null: none), kept current from job:progress events: any training job's event
 * re-reads it (a resume starts a new job; every training kind: model:train, model:train-sequence, …), one request
 * at a time.
 */
export function useRunJob(runId: string): RunJob | null {
  const [job, setJob] = useState<RunJob | null>(null)
  useEffect(() => {
    let live = true
    let inFlight = false
    let again = false
    const load = () => {
      if (inFlight) {
        again = true
        return
      }
      inFlight = true
      api()
        .invoke('training:job', { runId })
        .then(
          (j) => live && setJob(j),
          () => undefined
        )
        .finally(() => {
          inFlight = false
          if (again && live) {
            again = false
            load()
          }
        })
    }
    setJob(null)
    load()
    const off = api().on('job:progress', (j) => {
      if (j.kind.startsWith('model:train')) load()
    })
    return () => {
      live = false
      off()
    }
  }, [runId])
  return job
}
