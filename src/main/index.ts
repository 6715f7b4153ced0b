/** Electron composition root: data dir + store + job runner + IPC + window. Nothing else lives here. */
import { app, BrowserWindow, dialog, protocol } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../shared/ipc/errors'
import { bootstrapApp, type AppRuntime } from './app/bootstrap'
import { registerElectronIpc } from './ipc/electron-ipc'
import { createMainWindow } from './window/create-window'
import { handleMediaProtocol, registerMediaScheme } from './window/media-protocol'

const mainDir = dirname(fileURLToPath(import.meta.url))
const outDir = dirname(mainDir)
let runtime: AppRuntime | null = null

function dataDirArg(): string | undefined {
  const i = process.argv.indexOf('--data-dir')
  return i >= 0 ? process.argv[i + 1] : undefined
}

app.enableSandbox()
registerMediaScheme(protocol)

app.whenReady().then(
  () => {
    try {
      runtime = bootstrapApp({
        dataDir: dataDirArg(),
        host: 'electron',
        workerPath: join(mainDir, 'job-worker.js'),
        log: { error: (m, e) => console.error(m, e) }
      })
    } catch (e) {
      const msg = e instanceof AppError ? `${e.code}: ${e.message}` : String(e)
      dialog.showErrorBox('Circumplex cannot start', msg)
      app.exit(1)
      return
    }
    handleMediaProtocol(protocol, runtime.ctx)
    registerElectronIpc(runtime.dispatch, runtime.ctx.events, () => BrowserWindow.getAllWindows())
    createMainWindow(outDir)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(outDir)
    })
  },
  (e) => console.error(e)
)

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('before-quit', () => {
  void runtime?.close()
  runtime = null
})
