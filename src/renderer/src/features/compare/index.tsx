import { useRoute } from '../../app/router'
import { CompareView as Page } from './CompareView'

/** The Compare page (#/compare/<runId>,<runId>…). */
export function CompareView() {
  const route = useRoute()
  return <Page param={route.params[0]} />
}
