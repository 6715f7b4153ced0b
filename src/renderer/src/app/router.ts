import { useEffect, useState } from 'react'

export type RouteName = 'library' | 'review' | 'annotate' | 'train' | 'compare' | 'export'

export interface Route {
  readonly name: RouteName
  /** Path parameters after the route name, e.g. the session id in #/review/<id>. */
  readonly params: readonly string[]
}

export const ROUTES: readonly { name: RouteName; label: string; key: string }[] = [
  { name: 'library', label: 'Library', key: '1' },
  { name: 'review', label: 'Review', key: '2' },
  { name: 'annotate', label: 'Annotate', key: '3' },
  { name: 'train', label: 'Train', key: '4' },
  { name: 'compare', label: 'Compare', key: '5' },
  { name: 'export', label: 'Export', key: '6' }
]

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  const name = ROUTES.find((r) => r.name === parts[0])?.name ?? 'library'
  return { name, params: name === parts[0] ? parts.slice(1) : [] }
}

export function hrefOf(name: RouteName, ...params: string[]): string {
  return `#/${[name, ...params].map(encodeURIComponent).join('/')}`
}

export function navigate(name: RouteName, ...params: string[]): void {
  location.hash = hrefOf(name, ...params)
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash))
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
