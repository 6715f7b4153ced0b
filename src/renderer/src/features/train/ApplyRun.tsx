/** Apply a finished run to one or many sessions (batch queue); shown in the run detail pane. */
export function ApplyRun({ runId }: { runId: string }) {
  void runId
  return null
}
