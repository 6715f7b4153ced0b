import { Planned } from '../../lib/Planned'

/** Datasets: register a folder or build one from sessions; subjects, coverage, V-A histogram, editable folds. */
export function DatasetsView({ datasetId }: { datasetId: string | null }) {
  void datasetId
  return <Planned title="Datasets" what={['Register a dataset folder or build one from annotated sessions', 'Subjects, coverage, V-A histogram, editable folds']} />
}
