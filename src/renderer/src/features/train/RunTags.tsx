/** Tags of one run (edit in place); shown in the run detail pane. */
export function RunTags({ runId, tags }: { runId: string; tags: readonly string[] }) {
  void runId
  return tags.length > 0 ? <span className="run-tags small">{tags.join(', ')}</span> : null
}
