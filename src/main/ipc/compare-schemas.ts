import type { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { CompareInvokeMap } from '../../shared/ipc/contract-compare'

/** Argument schemas of the compare channels (spread into ARG_SCHEMAS); objects are strict. */
export const COMPARE_ARG_SCHEMAS: { readonly [K in keyof CompareInvokeMap]: z.ZodType<InvokeArgs<K>> } = {}
