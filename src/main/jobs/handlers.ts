import type { JobHandler } from './protocol'
import { demoGenerateJob } from '../services/demo/demo-job'
import { faceChunkJob } from '../services/import/face-pass'
import { importJob } from '../services/import/import-job'

/** Every job kind a worker can run. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  'demo:generate': demoGenerateJob,
  'media:import': importJob,
  'faces:chunk': faceChunkJob
}
