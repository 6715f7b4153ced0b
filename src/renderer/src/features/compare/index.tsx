import { Planned } from '../../lib/Planned'

export function CompareView() {
  return <Planned title="Compare" what={['Runs side by side in the layout of the thesis tables (RMSE, COR, CCC, ICC per dimension)', 'Config diffs and CSV/PNG export']} />
}
