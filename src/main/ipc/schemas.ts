import { z } from 'zod'
import type { InvokeArgs, InvokeChannel } from '../../shared/ipc/contract'
import { ANNOTATION_ARG_SCHEMAS } from './annotation-schemas'
import { APPLY_ARG_SCHEMAS } from './apply-schemas'
import { COMPARE_ARG_SCHEMAS } from './compare-schemas'
import { DATASET_ARG_SCHEMAS } from './datasets-schemas'
import { LANDMARKS_ARG_SCHEMAS, trackerIdSchema } from './landmarks-schemas'
import { TRAINING_ARG_SCHEMAS } from './training-schemas'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')
const frame = z.number().int().min(0).max(2 ** 31)
const noArgs = z.object({}).strict()

/**
 * One schema per invoke channel; main validates every argument with these before a service runs.
 * Objects are strict: unknown keys are refused rather than ignored.
 */
export const ARG_SCHEMAS: { readonly [K in InvokeChannel]: z.ZodType<InvokeArgs<K>> } = {
  ...ANNOTATION_ARG_SCHEMAS,
  ...DATASET_ARG_SCHEMAS,
  ...TRAINING_ARG_SCHEMAS,
  ...COMPARE_ARG_SCHEMAS,
  ...APPLY_ARG_SCHEMAS,
  ...LANDMARKS_ARG_SCHEMAS,
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
  'traces:overview': z.object({ traceId: id, buckets: z.number().int().min(1).max(20_000) }).strict(),
  'jobs:list': noArgs as z.ZodType<InvokeArgs<'jobs:list'>>,
  'jobs:cancel': z.object({ jobId: id }).strict(),
  'demo:create': noArgs as z.ZodType<InvokeArgs<'demo:create'>>,
  'media:import': z
    .object({
      path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL byte'),
      name: z.string().min(1).max(500).optional(),
      faces: z.boolean().optional(),
      spectrogram: z.boolean().optional(),
      tracker: trackerIdSchema.optional()
    })
    .strict(),
  'sessions:timestamps': z.object({ sessionId: id }).strict(),
  'sessions:facts': z.object({ sessionId: id }).strict(),
  'faces:get': z
    .object({ sessionId: id, fromFrame: frame, toFrame: frame, track: id.optional() })
    .strict()
    .refine((a) => a.fromFrame <= a.toFrame, { message: 'fromFrame must be <= toFrame' })
    .refine((a) => a.toFrame - a.fromFrame < 20_000, { message: 'at most 20000 frames per request' }),
  'audio:spectrogram': z
    .object({ sessionId: id, fromColumn: frame.optional(), toColumn: frame.optional() })
    .strict()
    .refine((a) => a.fromColumn === undefined || a.toColumn === undefined || a.fromColumn <= a.toColumn, {
      message: 'fromColumn must be <= toColumn'
    }),
  'audio:peaks': z
    .object({
      sessionId: id,
      buckets: z.number().int().min(1).max(20_000),
      fromS: z.number().finite().min(0).optional(),
      toS: z.number().finite().min(0).optional()
    })
    .strict()
    .refine((a) => a.fromS === undefined || a.toS === undefined || a.fromS < a.toS, { message: 'fromS must be < toS' }),
  'traces:extras': z.object({ sessionId: id }).strict(),
  'runs:list': noArgs,
  'runs:get': z.object({ runId: id }).strict(),
  'frames:thumbs': z
    .object({ sessionId: id, fromFrame: frame, count: z.number().int().min(1).max(64), size: z.number().int().min(16).max(160).optional() })
    .strict(),
  'sessions:relink': z
    .object({ sessionId: id, path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL byte') })
    .strict(),
  'traces:extra': z
    .object({ traceId: id, kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'extra kinds are lower_snake_case'), fromFrame: frame.optional(), toFrame: frame.optional() })
    .strict()
    .refine((a) => a.fromFrame === undefined || a.toFrame === undefined || a.fromFrame <= a.toFrame, { message: 'fromFrame must be <= toFrame' })
}
