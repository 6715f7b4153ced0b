// `npm start`: build if needed, then the desktop app when an Electron binary is usable,
// otherwise the browser host on 127.0.0.1 (random port and token), opened in the system browser.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
const cli = join(root, 'out', 'main', 'cli.js')
const extra = process.argv.slice(2)
const probe = spawnSync(process.execPath, [cli, 'doctor', '--json', '--only', 'electron'], { cwd: root, encoding: 'utf8' })
let electron = { usable: false, reason: 'doctor failed' }
try {
  electron = JSON.parse(probe.stdout).electron
} catch {
  // fall through to the browser host
}
const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}
if (electron.usable && !process.env.CIRCUMPLEX_BROWSER) {
  run(join(root, 'node_modules', '.bin', 'electron-vite'), ['preview', '--skipBuild', ...(extra.length ? ['--', ...extra] : [])])
} else {
  process.stderr.write(`Electron is not usable here (${electron.reason}); starting the browser host instead.\n`)
  const open = process.env.CI ? [] : ['--open']
  run(process.execPath, [cli, 'serve', ...open, ...extra])
}
