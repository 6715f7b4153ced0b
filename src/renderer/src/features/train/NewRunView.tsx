import { Planned } from '../../lib/Planned'

/** The training form: model, preset, data, folds, curriculum and hyper-parameters; start a run. */
export function NewRunView({ datasetId }: { datasetId: string | null }) {
  void datasetId
  return <Planned title="New run" what={['Model family, preset, dataset and fold, hyper-parameters with defaults and validation']} cli="circumplex train --help" />
}
