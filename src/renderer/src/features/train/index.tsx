import { Planned } from '../../lib/Planned'

export function TrainView() {
  return (
    <Planned
      title="Train"
      what={[
        'Datasets with subject-grouped folds',
        'Training runs with live loss and validation CCC curves, pause/cancel/resume',
        '“Complete the session” from the annotated start of a session'
      ]}
    />
  )
}
