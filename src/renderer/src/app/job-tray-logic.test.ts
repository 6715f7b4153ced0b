import { describe, expect, it } from 'vitest'
import type { JobInfo, JobState } from '../../../shared/domain'
import { DISMISSED_KEY, dismissJob, dismissedJobs, trayJobs } from './job-tray-logic'

function job(id: string, state: JobState): JobInfo {
  return { id, kind: 'media:import', label: id, state, done: 0, total: 1, etaS: null, createdAt: '', startedAt: null, finishedAt: null, error: state === 'failed' ? { code: 'MEDIA_CORRUPT', message: 'x' } : null }
}

function memory(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { data: Record<string, string> } {
  const data = { ...initial }
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) }
}

describe('job tray', () => {
  it('shows running, queued and failed jobs (the newest four); a dismissed failed job leaves, a running one cannot', () => {
    const jobs = [job('a', 'done'), job('b', 'failed'), job('c', 'running'), job('d', 'queued'), job('e', 'cancelled'), job('f', 'failed')]
    expect(trayJobs(jobs, new Set()).map((j) => j.id)).toEqual(['b', 'c', 'd', 'f'])
    expect(trayJobs(jobs, new Set(['b', 'c'])).map((j) => j.id)).toEqual(['c', 'd', 'f'])
    const many = Array.from({ length: 6 }, (_, i) => job(`r${i}`, 'running'))
    expect(trayJobs(many, new Set()).map((j) => j.id)).toEqual(['r2', 'r3', 'r4', 'r5'])
  })

  it('keeps dismissals in storage, reads a malformed entry as none, and keeps only the newest 200', () => {
    const store = memory()
    expect([...dismissJob(store, 'b')]).toEqual(['b'])
    expect([...dismissJob(store, 'f')]).toEqual(['b', 'f'])
    expect([...dismissedJobs(store)]).toEqual(['b', 'f'])
    expect([...dismissJob(store, 'b')]).toEqual(['f', 'b'])
    expect(dismissedJobs(memory({ [DISMISSED_KEY]: '{not json' })).size).toBe(0)
    expect([...dismissedJobs(memory({ [DISMISSED_KEY]: '["x", 3, null]' }))]).toEqual(['x'])
    for (let i = 0; i < 250; i++) dismissJob(store, `j${i}`)
    const kept = [...dismissedJobs(store)]
    expect(kept).toHaveLength(200)
    expect(kept.at(-1)).toBe('j249')
    expect(kept[0]).toBe('j50')
  })
})
