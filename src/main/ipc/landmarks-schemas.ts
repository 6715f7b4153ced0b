import { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { LandmarksInvokeMap } from '../../shared/ipc/contract-landmarks'

// A ground-truth source is a folder path or a dataset id, as eval-landmarks stored it: no control characters.
// eslint-disable-next-line no-control-regex -- control characters are refused
const source = z.string().min(1).max(4096).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a source contains a control character')

/** Argument schemas of the landmark channels (spread into ARG_SCHEMAS); objects are strict. */
export const LANDMARKS_ARG_SCHEMAS: { readonly [K in keyof LandmarksInvokeMap]: z.ZodType<InvokeArgs<K>> } = {
  'landmarks:evals': z.object({ source: source.optional() }).strict(),
  'landmarks:trackers': z.object({}).strict() as z.ZodType<InvokeArgs<'landmarks:trackers'>>
}

/** A tracker id as `media:import` takes it: 'default', a run id, or '<run id>:no-denoise'. */
export const trackerIdSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'tracker ids contain letters, digits and _ . : - only')
