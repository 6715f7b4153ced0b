import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { AppError } from '../../../shared/ipc/errors'
import { findElectron } from '../../app/electron-binary'
import { APP_VERSION } from '../../app/version'
import { layoutOf, resolveDataDir } from '../../data-dir'
import { probeBackends } from '../../engine/backend-probe'
import { probeTool, whichSync } from '../../media/tools'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { cliPaths } from '../paths'

function chromium(env: NodeJS.ProcessEnv): { path: string | null; version: string | null } {
  const path = env.CIRCUMPLEX_CHROMIUM ?? ['chromium', 'chromium-browser', 'google-chrome'].map((n) => whichSync(n, env)).find(Boolean) ?? null
  if (!path) return { path: null, version: null }
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 })
  return { path, version: r.status === 0 ? r.stdout.trim() : null }
}

const SECTIONS = ['electron', 'tfjs', 'ffmpeg', 'chromium', 'dataDir'] as const
type Section = (typeof SECTIONS)[number]

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Report what is available: Electron, tfjs backends, ffmpeg/ffprobe, Chromium, data dir',
  usage: `circumplex doctor [--json] [--data-dir DIR] [--only ${SECTIONS.join('|')}]`,
  async run(args, ctx) {
    const paths = cliPaths(ctx.env)
    const only = flagString(args, 'only')
    if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
      throw new AppError('INVALID_ARGUMENT', `--only must be one of ${SECTIONS.join(', ')}`)
    }
    const want = (s: Section) => only === undefined || only === s
    const root = resolveDataDir(flagString(args, 'data-dir'), ctx.env)
    // Each section really checks (runs the binary, initialises the backend); none is assumed.
    const report = {
      circumplex: APP_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      ...(want('electron') && { electron: findElectron(paths.projectRoot, ctx.env) }),
      ...(want('tfjs') &&
        (() => {
          const backends = probeBackends(paths.projectRoot)
          return { tfjs: { backends, best: backends.find((b) => b.available)?.name ?? null } }
        })()),
      ...(want('ffmpeg') && { ffmpeg: probeTool('ffmpeg', ctx.env), ffprobe: probeTool('ffprobe', ctx.env) }),
      ...(want('chromium') && { chromium: chromium(ctx.env) }),
      ...(want('dataDir') && {
        dataDir: { path: root, exists: existsSync(root), database: layoutOf(root).dbFile, databaseExists: existsSync(layoutOf(root).dbFile) }
      })
    }
    if (flagBool(args, 'json')) {
      ctx.out(JSON.stringify(report, null, 2) + '\n')
      return 0
    }
    const yes = (b: boolean) => (b ? 'yes' : 'no ')
    const lines = [`Circumplex ${report.circumplex} on Node ${report.node} (${report.platform})`]
    if (report.electron) {
      const e = report.electron
      lines.push(`Electron            ${yes(e.usable)}  ${e.usable ? e.binaryVersion : e.reason}`)
    }
    for (const b of report.tfjs?.backends ?? []) lines.push(`tfjs ${b.name.padEnd(15)}${yes(b.available)}  ${b.reason}`)
    if (report.ffmpeg) lines.push(`ffmpeg              ${yes(report.ffmpeg.version !== null)}  ${report.ffmpeg.version ?? 'not found (apt-get install ffmpeg)'}`)
    if (report.ffprobe) lines.push(`ffprobe             ${yes(report.ffprobe.version !== null)}  ${report.ffprobe.version ?? 'not found'}`)
    if (report.chromium) lines.push(`Chromium            ${yes(report.chromium.path !== null)}  ${report.chromium.version ?? 'not found (needed for e2e tests only)'}`)
    if (report.dataDir) lines.push(`Data dir            ${root}${report.dataDir.databaseExists ? '' : ' (no database yet)'}`)
    ctx.out(lines.join('\n') + '\n')
    return 0
  }
}
