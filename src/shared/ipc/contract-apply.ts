/**
 * IPC channels of the apply part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends ApplyInvokeMap; INVOKE_CHANNELS spreads APPLY_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
import type { ApplyBatch, CompletionRequestOptions, ProposalSummary } from '../completion'
import type { JobInfo } from '../domain'

export interface ApplyInvokeMap {
  /** Checks the run and every session, then queues one inference job per session (all or nothing). */
  'runs:apply': { args: { runId: string; sessionIds: string[] }; result: ApplyBatch }
  /** Learns from the rated frames of `traceId` and proposes the rest of the session, with a confidence (a job). */
  'sessions:complete': { args: { sessionId: string; traceId: string; options?: CompletionRequestOptions }; result: JobInfo }
  /** Completion proposals of a session, newest first (optionally only those learned from one trace). */
  'sessions:proposals': { args: { sessionId: string; fromTraceId?: string }; result: ProposalSummary[] }
  /** Deletes a proposal trace (the annotator rejected it); what was accepted into their trace stays there. */
  'sessions:discard-proposal': { args: { traceId: string }; result: { traceId: string; sessionId: string } }
}

export const APPLY_CHANNELS = ['runs:apply', 'sessions:complete', 'sessions:proposals', 'sessions:discard-proposal'] as const satisfies readonly (keyof ApplyInvokeMap)[]
