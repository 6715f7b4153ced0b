import type { AppContext } from '../services/app-context'
import { demoService } from '../services/demo/demo-service'
import { importService } from '../services/import/import-service'
import { sessionsService } from '../services/sessions-service'
import { resolveTool } from '../media/tools'
import type { Handlers } from './dispatch'

/** Binds every invoke channel of the contract to its service. */
export function createHandlers(ctx: AppContext): Handlers {
  const sessions = sessionsService(ctx)
  const demo = demoService(ctx)
  const imports = importService(ctx)
  return {
    'app:info': () => ({
      name: 'Circumplex',
      version: ctx.version,
      dataDir: ctx.layout.root,
      dbPath: ctx.dbFile,
      schemaVersion: ctx.schemaVersion,
      host: ctx.host,
      ffmpeg: resolveTool('ffmpeg', ctx.env)
    }),
    'sessions:list': () => sessions.list(),
    'sessions:get': ({ sessionId }) => sessions.get(sessionId),
    'traces:list': ({ sessionId }) => sessions.traces(sessionId),
    'traces:get': ({ traceId, fromFrame, toFrame }) => sessions.trace(traceId, fromFrame, toFrame),
    'jobs:list': () => ctx.jobs.list(),
    'jobs:cancel': ({ jobId }) => ctx.jobs.cancel(jobId),
    'demo:create': () => demo.create(),
    'media:import': ({ path, ...opts }) => imports.start(path, opts)
  }
}
