import type { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { DatasetInvokeMap } from '../../shared/ipc/contract-datasets'

/** Argument schemas of the datasets channels (spread into ARG_SCHEMAS); objects are strict. */
export const DATASET_ARG_SCHEMAS: { readonly [K in keyof DatasetInvokeMap]: z.ZodType<InvokeArgs<K>> } = {}
