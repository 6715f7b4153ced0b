import type { JobHandler } from './protocol'
import { datasetScanJob } from '../services/datasets/scan-job'
import { completeJob } from '../services/completion/complete-job'
import { demoGenerateJob } from '../services/demo/demo-job'
import { faceChunkJob } from '../services/import/face-pass'
import { importJob } from '../services/import/import-job'
import { inferJob } from '../services/training/infer-job'
import { trainJob } from '../services/training/train-job'
import { sequenceTrainJob } from '../services/training/sequence-train-job'
import { sequenceInferJob } from '../services/training/sequence-infer-job'
import { mtlTrainJob } from '../services/mtl/mtl-train-job'
import { mtlInferJob } from '../services/mtl/mtl-infer-job'
import { apTrainJob } from '../services/ap/ap-train-job'
import { apInferJob } from '../services/ap/ap-infer-job'
import { aegTrainJob } from '../services/aeg/aeg-train-job'
import { aegInferJob } from '../services/aeg/aeg-infer-job'
import { trackerTrainJob } from '../services/trackers/tracker-train-job'
import { trackerEvalJob } from '../services/trackers/tracker-eval-job'

/** Every job kind a worker can run. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  'datasets:scan': datasetScanJob,
  'demo:generate': demoGenerateJob,
  'session:complete': completeJob,
  'media:import': importJob,
  'faces:chunk': faceChunkJob,
  'model:train': trainJob,
  'model:infer': inferJob,
  'model:train-sequence': sequenceTrainJob,
  'model:infer-sequence': sequenceInferJob,
  'model:train-mtl': mtlTrainJob,
  'model:infer-mtl': mtlInferJob,
  'model:train-ap': apTrainJob,
  'model:infer-ap': apInferJob,
  'model:train-aeg': aegTrainJob,
  'model:infer-aeg': aegInferJob,
  'model:train-tracker': trackerTrainJob,
  'landmarks:eval': trackerEvalJob
}
