import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { CompareInvokeMap } from '../../shared/ipc/contract-compare'
import type { AppContext } from '../services/app-context'
import { compareService } from '../services/runs/compare-service'

/** Binds the compare channels (spread into createHandlers). */
export function createCompareHandlers(ctx: AppContext): {
  readonly [K in keyof CompareInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  const compare = compareService(ctx.db)
  return {
    'runs:set-tags': ({ runId, tags }) => compare.setTags(runId, tags),
    'runs:compare': ({ runIds }) => compare.compare(runIds),
    'runs:config-diff': ({ a, b }) => compare.configDiff(a, b)
  }
}
