/** An honest page for a feature that is not built yet: what it will do, and that it is not here. */
export function Planned({ title, what, cli }: { title: string; what: readonly string[]; cli?: string }) {
  return (
    <section>
      <div className="section-head">
        <h1>{title}</h1>
        <span className="badge muted-badge">not built yet</span>
      </div>
      <div className="panel">
        <p>This workspace is planned but not part of this build. It will offer:</p>
        <ul>
          {what.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
        {cli && (
          <p className="muted">
            Available today from the command line: <code>{cli}</code>
          </p>
        )}
      </div>
    </section>
  )
}
