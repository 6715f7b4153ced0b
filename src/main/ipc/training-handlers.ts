import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { TrainingInvokeMap } from '../../shared/ipc/contract-training'
import type { AppContext } from '../services/app-context'

/** Binds the training channels (spread into createHandlers). */
export function createTrainingHandlers(ctx: AppContext): {
  readonly [K in keyof TrainingInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  void ctx
  return {}
}
