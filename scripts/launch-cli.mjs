import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
await import(pathToFileURL(join(root, 'out', 'main', 'cli.js')).href)
