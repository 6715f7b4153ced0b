/**
 * tfjs for face work: the app's one tfjs instance, `src/main/engine/tf.ts` (re-exported here), loaded with
 * `require` so that Human's node-wasm build (`@tensorflow/tfjs-core`) shares it.
 *
 * Also registers a `file://` model loader: plain tfjs (unlike tfjs-node) has no file system IO handler,
 * and Node's fetch does not implement `file:`.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as TfNamespace from '@tensorflow/tfjs'
import { getTf, type Tf } from '../engine/tf'

// The loading code lives in the engine's accessor (one tfjs instance for the whole app); faces re-export it.
export { getTf, packageDir, packageFile, requireModule, type Tf } from '../engine/tf'

let routerRegistered = false

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
    // Once tfjs-node is loaded its own file:// router reads the same files, and tfjs refuses a URL two routers claim.
    if (tf.findBackendFactory('tensorflow')) return null
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
