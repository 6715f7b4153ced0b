import { Planned } from '../../lib/Planned'

export function AnnotateView() {
  return (
    <Planned
      title="Annotate"
      what={[
        'Continuous 1-D (valence or arousal) and 2-D circumplex rating while the video plays',
        'Correcting predictions with provenance, undo/redo and crash-safe autosave',
        'Agreement panel (ICC forms, CCC matrix, Krippendorff’s α) and gold-standard fusion'
      ]}
    />
  )
}
