import type { ReactNode } from 'react'
import type { UiError } from './exchange-logic'

/** An error with its code, as the backend answered it; `children` offers the way out (retry, allow, …). */
export function ErrorNote({ error, children, testId }: { error: UiError; children?: ReactNode; testId?: string }) {
  return (
    <div className={`x-note x-error${error.code === 'LENGTH_MISMATCH' ? ' x-mismatch' : ''}`} role="alert" data-testid={testId} data-code={error.code}>
      <div>
        {error.code && <code className="x-code">{error.code}</code>} <span>{error.message}</span>
      </div>
      {children && <div className="x-note-actions">{children}</div>}
    </div>
  )
}
