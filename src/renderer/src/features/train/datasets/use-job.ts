import { useEffect, useState } from 'react'
import type { JobInfo } from '../../../../../shared/domain'
import { api } from '../../../api'

/** The latest state of one job (progress events; the job list once, for an event that came before the listener). */
export function useJob(job: JobInfo | null): JobInfo | null {
  const [state, setState] = useState<JobInfo | null>(job)
  useEffect(() => {
    setState(job)
    if (!job) return
    const client = api()
    let live = true
    const off = client.on('job:progress', (j) => j.id === job.id && setState(j))
    void client.invoke('jobs:list', {}).then((list) => {
      const found = list.find((j) => j.id === job.id)
      if (live && found) setState((s) => (s && s.done > found.done && s.state === found.state ? s : found))
    })
    return () => {
      live = false
      off()
    }
  }, [job])
  return state
}

export const isActive = (j: JobInfo | null): boolean => j !== null && (j.state === 'queued' || j.state === 'running')
