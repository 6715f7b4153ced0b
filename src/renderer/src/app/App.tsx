import { useEffect, useState } from 'react'
import { AnnotateView } from '../features/annotate'
import { CompareView } from '../features/compare'
import { ExportView } from '../features/export'
import { LibraryView } from '../features/library'
import { ReviewView } from '../features/review'
import { TrainView } from '../features/train'
import { onConnectionStatus } from '../api'
import { ErrorBoundary } from './ErrorBoundary'
import { JobTray } from './JobTray'
import { ROUTES, hrefOf, navigate, useRoute, type Route } from './router'
import { ShortcutHelp } from './ShortcutHelp'
import { useTheme } from './theme'

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'review':
      return <ReviewView sessionId={route.params[0] ?? null} />
    case 'annotate':
      return <AnnotateView sessionId={route.params[0] ?? null} />
    case 'train':
      return <TrainView params={route.params} />
    case 'compare':
      return <CompareView />
    case 'export':
      return <ExportView />
    default:
      return <LibraryView />
  }
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

export function App() {
  const route = useRoute()
  const [theme, toggleTheme] = useTheme()
  const [help, setHelp] = useState(false)
  const [connected, setConnected] = useState(true)

  useEffect(() => onConnectionStatus(setConnected), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return
      if (e.key === '?') setHelp((h) => !h)
      else if (e.key === 'Escape') setHelp(false)
      else if (e.key === 't' || e.key === 'T') toggleTheme()
      else {
        const r = ROUTES.find((x) => x.key === e.key)
        if (r) navigate(r.name)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [toggleTheme])

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={hrefOf('library')}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M2 12h20M12 2v20" stroke="currentColor" strokeWidth="1" opacity="0.5" />
            <circle cx="16" cy="8" r="2.5" fill="var(--accent)" />
          </svg>
          Circumplex
        </a>
        <nav aria-label="Main">
          {ROUTES.map((r) => (
            <a key={r.name} href={hrefOf(r.name)} className={route.name === r.name ? 'active' : ''} title={`${r.label} (${r.key})`}>
              {r.label}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          {!connected && <span className="badge warn">reconnecting…</span>}
          <button className="icon" onClick={toggleTheme} title="Switch theme (T)" aria-label="Switch theme">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button className="icon" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
            ?
          </button>
        </div>
      </header>
      <main className="content">
        <ErrorBoundary resetKey={`${route.name}/${route.params.join('/')}`}>
          <View route={route} />
        </ErrorBoundary>
      </main>
      <JobTray />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  )
}
