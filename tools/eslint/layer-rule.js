// ESLint rule `circumplex/layers`: enforces the dependency rules of ARCHITECTURE.md.
//   shared   imports nothing but shared (no packages, no node: modules)
//   core     imports shared and core only (no packages, no node: modules)
//   engine   (src/main/engine) never imports electron or src/main/db
//   renderer never imports main or preload; features never import other features;
//            widgets never import features
//   preload  imports shared and electron only
import { dirname, relative, resolve, sep } from 'node:path'

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..')

/** @returns {{layer: string, feature?: string} | null} */
export function layerOf(absPath) {
  const rel = relative(ROOT, absPath).split(sep).join('/')
  if (rel.startsWith('src/shared/')) return { layer: 'shared' }
  if (rel.startsWith('src/core/')) return { layer: 'core' }
  if (rel.startsWith('src/main/engine/')) return { layer: 'engine' }
  if (rel.startsWith('src/main/db/')) return { layer: 'db' }
  if (rel.startsWith('src/main/')) return { layer: 'main' }
  if (rel.startsWith('src/preload/')) return { layer: 'preload' }
  const feature = /^src\/renderer\/src\/features\/([^/]+)(\/|$)/.exec(rel)
  if (feature) return { layer: 'feature', feature: feature[1] }
  if (rel.startsWith('src/renderer/src/widgets/')) return { layer: 'widgets' }
  if (rel.startsWith('src/renderer/')) return { layer: 'renderer' }
  return null
}

function violation(from, source, target) {
  const bare = !source.startsWith('.')
  switch (from.layer) {
    case 'shared':
      if (bare) return `src/shared imports nothing outside itself (found package "${source}")`
      if (target?.layer !== 'shared') return 'src/shared imports nothing outside src/shared'
      return null
    case 'core':
      if (bare) return `src/core is pure: no packages or node modules (found "${source}")`
      if (target && target.layer !== 'core' && target.layer !== 'shared') return 'src/core imports only src/shared and src/core'
      return null
    case 'engine':
      if (source === 'electron' || source.startsWith('electron/')) return 'src/main/engine never imports electron'
      if (target?.layer === 'db') return 'src/main/engine never imports src/main/db (services wire them)'
      if (target && ['preload', 'renderer', 'feature', 'widgets'].includes(target.layer)) return 'the engine does not import UI code'
      return null
    case 'preload':
      if (bare && source !== 'electron') return `the preload imports only electron and src/shared (found "${source}")`
      if (target && target.layer !== 'shared' && target.layer !== 'preload') return 'the preload imports only src/shared'
      return null
    case 'renderer':
    case 'feature':
    case 'widgets':
      if (source === 'electron' || source.startsWith('node:')) return 'renderer code never imports electron or node modules'
      if (target && ['main', 'engine', 'db', 'preload'].includes(target.layer)) return 'renderer code never imports main or preload code'
      if (from.layer === 'feature' && target?.layer === 'feature' && target.feature !== from.feature) {
        return `features do not import each other (${from.feature} → ${target.feature})`
      }
      if (from.layer === 'widgets' && target?.layer === 'feature') return 'widgets do not import features'
      return null
    default:
      if (target && ['renderer', 'feature', 'widgets'].includes(target.layer)) return 'main code never imports renderer code'
      return null
  }
}

export const layersRule = {
  meta: { type: 'problem', docs: { description: 'enforce the layer rules of ARCHITECTURE.md' }, schema: [] },
  create(context) {
    const file = context.filename
    // Tests (and their fixtures) sit next to the source but are not part of the layer: they may use test tools and fixtures.
    if (/\.test\.tsx?$/.test(file) || /[\\/]fixtures[\\/]/.test(file)) return {}
    const from = layerOf(file)
    if (!from) return {}
    const check = (node, source) => {
      if (typeof source !== 'string') return
      const target = source.startsWith('.') ? layerOf(resolve(dirname(file), source)) : null
      const message = violation(from, source, target)
      if (message) context.report({ node, message })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value)
    }
  }
}
