import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { TrainingInvokeMap } from '../../shared/ipc/contract-training'
import type { AppContext } from '../services/app-context'
import { recoverInterruptedRuns, runControl } from '../services/training/run-control'
import { trainingOptions } from '../services/training/train-options'

/** Binds the training channels (spread into createHandlers); marks runs whose training process died as crashed. */
export function createTrainingHandlers(ctx: AppContext): {
  readonly [K in keyof TrainingInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  recoverInterruptedRuns(ctx)
  const control = runControl(ctx)
  return {
    'training:options': () => trainingOptions(ctx.env),
    'training:start': (req) => control.start(req),
    'training:stage1Runs': ({ datasetId }) => control.stage1Runs(datasetId),
    'training:check': ({ family, datasetId }) => control.check(family, datasetId),
    'training:job': ({ runId }) => control.job(runId),
    'runs:pause': ({ runId }) => control.pause(runId),
    'runs:resume': ({ runId }) => control.resume(runId),
    'runs:cancel': ({ runId }) => control.cancel(runId),
    'runs:samples': ({ runId, epoch }) => control.samples(runId, epoch)
  }
}
