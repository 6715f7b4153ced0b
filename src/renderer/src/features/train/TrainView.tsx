import { hrefOf } from '../../app/router'
import { DatasetsView } from './DatasetsView'
import { LandmarksView } from './landmarks/LandmarksView'
import { NewRunView } from './NewRunView'
import { RunsView } from './RunsView'
import './train.css'

export type TrainTab = 'runs' | 'datasets' | 'new' | 'landmarks'

const TABS: readonly { tab: TrainTab; label: string }[] = [
  { tab: 'datasets', label: 'Datasets' },
  { tab: 'new', label: 'New run' },
  { tab: 'runs', label: 'Runs' },
  { tab: 'landmarks', label: 'Landmarks' }
]

/** The Train page: datasets → a new run → the run registry (#/train/<tab>/<id?>). */
export function TrainView({ params }: { params: readonly string[] }) {
  const tab: TrainTab = TABS.some((t) => t.tab === params[0]) ? (params[0] as TrainTab) : 'runs'
  const id = params[1] ?? null
  return (
    <div className="train-page">
      <nav className="train-tabs" aria-label="Train">
        {TABS.map((t) => (
          <a key={t.tab} href={hrefOf('train', t.tab)} className={t.tab === tab ? 'active' : ''} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'datasets' ? (
        <DatasetsView datasetId={id} />
      ) : tab === 'new' ? (
        <NewRunView datasetId={id} />
      ) : tab === 'landmarks' ? (
        <LandmarksView />
      ) : (
        <RunsView runId={id} />
      )}
    </div>
  )
}
