import type { TrainingBackend } from '../../../../../shared/training'

const KIND_LABEL: Readonly<Record<TrainingBackend['kind'], string>> = { gpu: 'GPU', cpu: 'CPU', wasm: 'WebAssembly (CPU)' }

/** The backend a training job would use here, and the hint when a faster one could be installed. */
export function BackendNote({ backend }: { backend: TrainingBackend }) {
  return (
    <div className={`backend-note${backend.hint ? ' has-hint' : ''}`} data-testid="backend-note">
      <div>
        <span className="muted">Backend</span> <span className={`badge backend-${backend.kind}`}>{backend.kind}</span>{' '}
        {backend.name !== backend.kind && <code>{backend.name}</code>}{' '}
        <span className="muted small">
          {KIND_LABEL[backend.kind]} — {backend.reason}
        </span>
      </div>
      {backend.hint && <p className="small backend-hint">{backend.hint}</p>}
    </div>
  )
}
