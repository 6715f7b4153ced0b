/**
 * Test fixture for the AP pipeline: the sequence pipeline's tiny synthetic world (training/test-world.ts: 3 subjects
 * × 16 frames, tiny stage-1 runs in a real store) with a job runner whose handlers — the AP's — run inline on this
 * thread (no worker), with real progress and cancel.
 */
import type { JobHandler } from '../../jobs/protocol'
import { withInlineJobs } from '../testing/test-context'
import { makeWorld, type TestWorld } from '../training/test-world'
import { apInferJob } from './ap-infer-job'
import { apTrainJob } from './ap-train-job'

const HANDLERS: Record<string, JobHandler> = { 'model:train-ap': apTrainJob, 'model:infer-ap': apInferJob }

export async function makeApWorld(): Promise<TestWorld> {
  const w = await makeWorld()
  return { ...w, ctx: withInlineJobs(w.ctx, HANDLERS) }
}
