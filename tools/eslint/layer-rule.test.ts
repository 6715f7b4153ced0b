import { Linter } from 'eslint'
import { resolve } from 'node:path'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'
import { layersRule } from './layer-rule.js'

const linter = new Linter({ configType: 'flat' })
const config = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { circumplex: { rules: { layers: layersRule } } },
    rules: { 'circumplex/layers': 'error' as const }
  }
]

function lint(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: resolve(file) }).map((m) => m.message)
}

describe('circumplex/layers lint rule', () => {
  it('keeps shared free of every other layer and of packages', () => {
    expect(lint('src/shared/x.ts', "import { a } from '../core/metrics'")).toHaveLength(1)
    expect(lint('src/shared/x.ts', "import { z } from 'zod'")).toHaveLength(1)
    expect(lint('src/shared/ipc/x.ts', "import type { A } from '../domain'")).toEqual([])
  })
  it('keeps core pure', () => {
    expect(lint('src/core/metrics/x.ts', "import { readFileSync } from 'node:fs'")).toHaveLength(1)
    expect(lint('src/core/metrics/x.ts', "import { a } from '../../main/db/connection'")).toHaveLength(1)
    expect(lint('src/core/traces/x.ts', "import { ccc } from '../metrics/ccc'")).toEqual([])
  })
  it('keeps electron and the db out of the engine', () => {
    expect(lint('src/main/engine/x.ts', "import { app } from 'electron'")).toHaveLength(1)
    expect(lint('src/main/engine/x.ts', "import { openDatabase } from '../db/connection'")).toHaveLength(1)
  })
  it('keeps main and preload out of the renderer, and features apart', () => {
    expect(lint('src/renderer/src/app/x.tsx', "import { x } from '../../../main/ipc/dispatch'")).toHaveLength(1)
    expect(lint('src/renderer/src/features/review/x.tsx', "import { x } from '../library/LibraryView'")).toHaveLength(1)
    expect(lint('src/renderer/src/widgets/x.tsx', "import { x } from '../features/review'")).toHaveLength(1)
    expect(lint('src/renderer/src/features/review/x.tsx', "import { x } from '../../widgets/TracePlot'")).toEqual([])
  })
})
