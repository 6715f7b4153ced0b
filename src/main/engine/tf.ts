/**
 * THE tfjs accessor of the app (engine and faces alike). tfjs is loaded with CommonJS `require`, so that it is
 * the very module instance that `@vladmandic/human/dist/human.node-wasm.js` requires (`@tensorflow/tfjs-core`);
 * an ESM import could resolve the package's `module` build and create a second engine with its own backends,
 * kernels and tensors. Everything in `src/main/engine` gets tfjs from `getTf()`; type-only imports of
 * `@tensorflow/tfjs` are fine (they are erased).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type * as TfNamespace from '@tensorflow/tfjs'

export type Tf = typeof TfNamespace
export type Tensor = TfNamespace.Tensor
export type Tensor4D = TfNamespace.Tensor4D
export type Tensor2D = TfNamespace.Tensor2D
export type Variable = TfNamespace.Variable
export type Rank = TfNamespace.Rank

const requireHere = createRequire(import.meta.url)

let tfInstance: Tf | null = null

/** The shared tfjs namespace (loaded once, by `require`). */
export function getTf(): Tf {
  tfInstance ??= requireHere('@tensorflow/tfjs') as Tf
  return tfInstance
}

/** Folder of an installed package; works for packages whose `exports` hide `package.json`. */
export function packageDir(pkg: string): string {
  for (const base of requireHere.resolve.paths(pkg) ?? []) {
    const dir = join(base, pkg)
    if (existsSync(join(dir, 'package.json'))) return dir
  }
  throw new Error(`package ${pkg} is not installed`)
}

/** Whether a package is installed (resolvable from here). */
export function isInstalled(pkg: string): boolean {
  try {
    packageDir(pkg)
    return true
  } catch {
    return false
  }
}

/** Absolute path of a file inside an installed package (resolved like `require`). */
export function packageFile(pkg: string, file: string): string {
  return join(packageDir(pkg), file)
}

/** Loads a module by CommonJS `require` from this file's location (same resolution as `getTf`). */
export function requireModule<T>(id: string): T {
  return requireHere(id) as T
}
