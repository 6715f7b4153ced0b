import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { DatasetInvokeMap } from '../../shared/ipc/contract-datasets'
import type { AppContext } from '../services/app-context'
import { datasetsService } from '../services/datasets/datasets-service'

/** Binds the datasets channels (spread into createHandlers). */
export function createDatasetHandlers(ctx: AppContext): {
  readonly [K in keyof DatasetInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  const datasets = datasetsService(ctx)
  return {
    'datasets:list': () => datasets.list(),
    'datasets:get': ({ datasetId }) => datasets.get(datasetId),
    'datasets:register': ({ path, format, name }) => datasets.register(path, format, name),
    'datasets:from-sessions': (req) => datasets.fromSessions(req),
    'datasets:save-folds': ({ datasetId, folds, seed }) => datasets.saveFolds(datasetId, folds, seed),
    'datasets:remove': ({ datasetId }) => datasets.remove(datasetId),
    'datasets:check': ({ datasetId }) => datasets.check(datasetId)
  }
}
