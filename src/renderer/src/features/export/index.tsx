import { useState } from 'react'
import { ExportPanel } from './ExportPanel'
import { ImportPanel } from './ImportPanel'
import './export.css'

type Tab = 'export' | 'import'

/** CSV exchange: export traces in the research formats, and import such files back as annotation traces. */
export function ExportView() {
  const [tab, setTab] = useState<Tab>('export')
  // Bumped after an import so the export side lists the new trace.
  const [version, setVersion] = useState(0)
  return (
    <section className="exchange">
      <div className="section-head">
        <h1>Export &amp; import</h1>
        <span className="muted">Circumplex CSV, SEWA/AVEC, Aff-Wild2, NOVA, DARMA, CARMA, AFEW-VA</span>
      </div>
      <div className="x-tabs" role="tablist" aria-label="Exchange">
        {(['export', 'import'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {t === 'export' ? 'Export traces' : 'Import a file'}
          </button>
        ))}
      </div>
      {/* Both stay mounted: switching tabs never loses what was typed or chosen. */}
      <div role="tabpanel" hidden={tab !== 'export'}>
        <ExportPanel version={version} />
      </div>
      <div role="tabpanel" hidden={tab !== 'import'}>
        <ImportPanel onImported={() => setVersion((v) => v + 1)} />
      </div>
    </section>
  )
}
