import { ANNOTATE_SHORTCUTS } from '../features/annotate'
import { REVIEW_SHORTCUTS } from '../features/review'
import { ROUTES } from './router'

export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '?', what: 'Show or hide this help' },
  { keys: 'T', what: 'Switch light / dark theme' },
  ...ROUTES.map((r) => ({ keys: r.key, what: `Go to ${r.label}` })),
  { keys: 'Esc', what: 'Close dialogs' },
  ...REVIEW_SHORTCUTS,
  ...ANNOTATE_SHORTCUTS
]

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="panel dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={onClose}>Close</button>
      </div>
    </div>
  )
}
