import { spawn } from 'node:child_process'
import { bootstrapApp } from '../../app/bootstrap'
import { whichSync } from '../../media/tools'
import { startBrowserHost } from '../../server/http-server'
import { reviewService } from '../../services/review/review-service'
import { AppError } from '../../../shared/ipc/errors'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand } from '../command'
import { cliPaths } from '../paths'

function openInBrowser(url: string): boolean {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? null : 'xdg-open'
  if (process.platform === 'win32') {
    spawn('cmd', ['/c', 'start', '', url], { detached: true, stdio: 'ignore' }).unref()
    return true
  }
  if (!opener || !whichSync(opener)) return false
  spawn(opener, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref()
  return true
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the browser host: the app UI and its API on 127.0.0.1 with a random token',
  usage: `circumplex serve [--port P] [--host H] [--data-dir DIR] [--open] [--no-demo] [--json]
  --port P       port to listen on (default: a random free port)
  --host H       address to bind (default 127.0.0.1; anything else only when given explicitly)
  --data-dir D   data directory (default: CIRCUMPLEX_DATA_DIR or the user data dir)
  --open         open the URL in the system browser when one exists
  --no-demo      do not create the demo session at first run
  --json         print {"url","port","host","token","dataDir"} as one JSON line`,
  async run(args, ctx) {
    const port = flagInt(args, 'port', { min: 0, max: 65535, def: 0 }) ?? 0
    const host = flagString(args, 'host') ?? '127.0.0.1'
    const paths = cliPaths()
    const runtime = bootstrapApp({
      dataDir: flagString(args, 'data-dir'),
      host: 'browser',
      env: ctx.env,
      workerPath: paths.worker,
      ensureDemo: args.flags.demo !== false,
      log: { error: (m, e) => ctx.err(`${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`) }
    })
    let server
    try {
      const review = reviewService(runtime.ctx)
      server = await startBrowserHost({
        host,
        port,
        rendererDir: paths.renderer,
        dispatch: runtime.dispatch,
        events: runtime.ctx.events,
        resolveMedia: (sessionId) => review.videoPath(sessionId)
      })
    } catch (e) {
      await runtime.close()
      const code = (e as NodeJS.ErrnoException).code
      throw new AppError('INVALID_ARGUMENT', `cannot listen on ${host}:${port} (${code ?? (e as Error).message})`)
    }
    if (flagBool(args, 'json')) {
      ctx.out(JSON.stringify({ url: server.url, port: server.port, host: server.host, token: server.token, dataDir: runtime.ctx.layout.root }) + '\n')
    } else {
      ctx.out(`Circumplex is running. Open this URL in a browser:\n\n  ${server.url}\n\nData: ${runtime.ctx.layout.root}\nPress Ctrl+C to stop.\n`)
    }
    if (flagBool(args, 'open') && !openInBrowser(server.url)) ctx.err('no system browser found; open the URL above by hand\n')
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await server.close()
    await runtime.close()
    return 0
  }
}
