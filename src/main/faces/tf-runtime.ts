/**
 * The one tfjs instance of the main process for face work, loaded with `require` (CommonJS) so that it is
 * the very module instance `@vladmandic/human/dist/human.node-wasm.js` requires (`@tensorflow/tfjs-core`);
 * an ESM import could resolve the package's `module` build and create a second engine.
 *
 * Also registers a `file://` model loader: plain tfjs (unlike tfjs-node) has no file system IO handler,
 * and Node's fetch does not implement `file:`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as TfNamespace from '@tensorflow/tfjs'

export type Tf = typeof TfNamespace

const requireHere = createRequire(import.meta.url)

let tfInstance: Tf | null = null
let routerRegistered = false

export function getTf(): Tf {
  tfInstance ??= requireHere('@tensorflow/tfjs') as Tf
  return tfInstance
}

/** Absolute path of a file inside an installed package (resolved like `require`). */
export function packageFile(pkg: string, file: string): string {
  return join(packageDir(pkg), file)
}

/** Folder of an installed package; works for packages whose `exports` hide `package.json`. */
export function packageDir(pkg: string): string {
  for (const base of requireHere.resolve.paths(pkg) ?? []) {
    const dir = join(base, pkg)
    if (existsSync(join(dir, 'package.json'))) return dir
  }
  throw new Error(`package ${pkg} is not installed`)
}

/** Loads a module by CommonJS `require` from this file's location. */
export function requireModule<T>(id: string): T {
  return requireHere(id) as T
}

interface WeightsGroup {
  paths: string[]
  weights: TfNamespace.io.WeightsManifestEntry[]
}

/** Registers (once) a tfjs IO router that loads `file://…/model.json` and its weight shards from disk. */
export function registerFileModelLoader(): void {
  if (routerRegistered) return
  const tf = getTf()
  const router = (url: string | string[]): TfNamespace.io.IOHandler | null => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null
    const jsonPath = fileURLToPath(url)
    return {
      load: async () => {
        const modelJson = JSON.parse(readFileSync(jsonPath, 'utf8')) as TfNamespace.io.ModelJSON
        return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
          const specs: TfNamespace.io.WeightsManifestEntry[] = []
          const buffers: Buffer[] = []
          for (const group of manifest as WeightsGroup[]) {
            for (const p of group.paths) buffers.push(readFileSync(join(dirname(jsonPath), p)))
            specs.push(...group.weights)
          }
          const all = Buffer.concat(buffers)
          const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer
          return [specs, data]
        })
      }
    }
  }
  // tfjs skips routers that return null; its IORouter type does not say so.
  tf.io.registerLoadRouter(router as Parameters<Tf['io']['registerLoadRouter']>[0])
  routerRegistered = true
}
