import { Planned } from '../../lib/Planned'

export function ExportView() {
  return (
    <Planned
      title="Export"
      what={['Traces as wide Circumplex CSV, SEWA/AVEC, Aff-Wild2, NOVA, DARMA/CARMA and AFEW-VA JSON', 'A row-count guard against traces and videos of different length']}
    />
  )
}
