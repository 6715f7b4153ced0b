import { z } from 'zod'
import type { InvokeArgs, InvokeChannel } from '../../shared/ipc/contract'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')
const frame = z.number().int().min(0).max(2 ** 31)
const noArgs = z.object({}).strict()

/**
 * One schema per invoke channel; main validates every argument with these before a service runs.
 * Objects are strict: unknown keys are refused rather than ignored.
 */
export const ARG_SCHEMAS: { readonly [K in InvokeChannel]: z.ZodType<InvokeArgs<K>> } = {
  'app:info': noArgs as z.ZodType<InvokeArgs<'app:info'>>,
  'sessions:list': noArgs as z.ZodType<InvokeArgs<'sessions:list'>>,
  'sessions:get': z.object({ sessionId: id }).strict(),
  'traces:list': z.object({ sessionId: id }).strict(),
  'traces:get': z
    .object({ traceId: id, fromFrame: frame.optional(), toFrame: frame.optional() })
    .strict()
    .refine((a) => a.fromFrame === undefined || a.toFrame === undefined || a.fromFrame <= a.toFrame, {
      message: 'fromFrame must be <= toFrame'
    }),
  'jobs:list': noArgs as z.ZodType<InvokeArgs<'jobs:list'>>,
  'jobs:cancel': z.object({ jobId: id }).strict(),
  'demo:create': noArgs as z.ZodType<InvokeArgs<'demo:create'>>,
  'media:import': z
    .object({
      path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL byte'),
      name: z.string().min(1).max(500).optional(),
      faces: z.boolean().optional(),
      spectrogram: z.boolean().optional()
    })
    .strict()
}
