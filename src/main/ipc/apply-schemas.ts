import { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { ApplyInvokeMap } from '../../shared/ipc/contract-apply'
import { COMPLETION_METHODS, MAX_APPLY_SESSIONS, MAX_ENSEMBLE_SIZE } from '../../shared/completion'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')

/** Argument schemas of the apply channels (spread into ARG_SCHEMAS); objects are strict. */
export const APPLY_ARG_SCHEMAS: { readonly [K in keyof ApplyInvokeMap]: z.ZodType<InvokeArgs<K>> } = {
  'runs:apply': z.object({ runId: id, sessionIds: z.array(id).min(1).max(MAX_APPLY_SESSIONS) }).strict(),
  'sessions:complete': z
    .object({
      sessionId: id,
      traceId: id,
      options: z
        .object({
          ensemble: z.number().int().min(1).max(MAX_ENSEMBLE_SIZE).optional(),
          method: z.enum(COMPLETION_METHODS as readonly ['ridge-ensemble']).optional()
        })
        .strict()
        .optional()
    })
    .strict(),
  'sessions:proposals': z.object({ sessionId: id, fromTraceId: id.optional() }).strict(),
  'sessions:discard-proposal': z.object({ traceId: id }).strict()
}
