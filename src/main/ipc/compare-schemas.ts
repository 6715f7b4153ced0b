import { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { CompareInvokeMap } from '../../shared/ipc/contract-compare'

const runId = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'run ids contain letters, digits and _ . : - only')
// eslint-disable-next-line no-control-regex -- control characters are refused
const tag = z.string().max(200).refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'a tag contains a control character')

/** Argument schemas of the compare channels (spread into ARG_SCHEMAS); objects are strict. */
export const COMPARE_ARG_SCHEMAS: { readonly [K in keyof CompareInvokeMap]: z.ZodType<InvokeArgs<K>> } = {
  'runs:set-tags': z.object({ runId, tags: z.array(tag).max(32, 'at most 32 tags per run') }).strict(),
  'runs:compare': z
    .object({ runIds: z.array(runId).min(2, 'choose at least two runs').max(20, 'at most 20 runs at once') })
    .strict()
    .refine((a) => new Set(a.runIds).size === a.runIds.length, { message: 'a run is listed twice' }),
  'runs:config-diff': z.object({ a: runId, b: runId }).strict()
}
