import type { JobInfo } from '../../../shared/domain'

/** localStorage key of the failed jobs the user dismissed from the tray (their ids, newest last). */
export const DISMISSED_KEY = 'circumplex.jobs.dismissed'
/** Ids kept: main forgets finished jobs after a restart anyway, so an old list only needs to cover recent ones. */
const KEEP = 200

type Store = Pick<Storage, 'getItem' | 'setItem'>

/** The dismissed job ids from storage; a missing or malformed entry is an empty set. */
export function dismissedJobs(store: Store): ReadonlySet<string> {
  try {
    const v: unknown = JSON.parse(store.getItem(DISMISSED_KEY) ?? '[]')
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}

/** Adds a job to the dismissed list (kept to the newest KEEP) and returns the new set. */
export function dismissJob(store: Store, id: string): ReadonlySet<string> {
  const ids = [...dismissedJobs(store)].filter((x) => x !== id)
  ids.push(id)
  const kept = ids.slice(-KEEP)
  try {
    store.setItem(DISMISSED_KEY, JSON.stringify(kept))
  } catch {
    // Storage full or disabled: the job is still hidden for this page.
  }
  return new Set(kept)
}

/** What the tray shows: running, queued and failed jobs (failed ones until dismissed), the newest four. */
export function trayJobs(jobs: readonly JobInfo[], dismissed: ReadonlySet<string>): JobInfo[] {
  return jobs.filter((j) => j.state === 'running' || j.state === 'queued' || (j.state === 'failed' && !dismissed.has(j.id))).slice(-4)
}
