/**
 * Opens a trained AP run for the AP benches (ap-residuals, ap-degradation-cost): its model, its frozen backbone, and
 * its fold rebuilt from the run record's clips on the dataset it was trained on (AP_DATA, checked by hash).
 * The caller disposes with `close()`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SplitFold } from '../src/core/folds'
import { datasetHash, listClips, type LabelFormat } from '../src/main/engine/data/dataset-dir'
import { disposeApModel, type ApModel } from '../src/main/engine/models/ap/model'
import { apModelFromCheckpoint, readApCheckpoint } from '../src/main/engine/train/ap-checkpoint'
import type { LoadApOptions } from '../src/main/services/ap/ap-data'
import { disposeStage1, loadStage1, type LoadedStage1, type Stage1Ref } from '../src/main/services/latents/latent-compute'

export interface OpenedApRun {
  readonly m: ApModel
  readonly st: LoadedStage1
  readonly format: LabelFormat
  readonly dataDir: string
  /** loadApClips options for the run's own dataset, fold and store caches. */
  readonly load: LoadApOptions
  close(): void
}

export function openApRun(runDir: string): OpenedApRun {
  const { meta, weights } = readApCheckpoint(join(runDir, 'best.ckpt'))
  const prov = meta.provenance as { backbone: Stage1Ref; dataHash: string; format: LabelFormat; fold: string }
  const store = join(runDir, '..', '..')
  const runRecord = JSON.parse(readFileSync(join(runDir, 'ap.json'), 'utf8')) as { clips: Record<string, string[]> }
  const dataDir = process.env.AP_DATA ?? '/tmp/cx-acceptance/ds'
  const clips = listClips(dataDir)
  if (datasetHash(clips, prov.format) !== prov.dataHash) throw new Error(`${dataDir} is not the dataset the AP was trained on`)
  const subj = (ids: string[]) => ids.map((id) => clips.find((c) => c.clipId === id)!.subjectId)
  const fold: SplitFold = { name: prov.fold, train: subj(runRecord.clips.train), val: subj(runRecord.clips.val), test: subj(runRecord.clips.test) }
  const st = loadStage1(prov.backbone)
  const m = apModelFromCheckpoint(meta, weights)
  return {
    m,
    st,
    format: prov.format,
    dataDir,
    load: { dataDir, format: prov.format, fold, dataHash: prov.dataHash, labelRange: meta.config.labelRange, backbone: st, latentsRoot: join(store, 'latents'), cacheDir: join(store, 'cache') },
    close: () => {
      disposeApModel(m)
      disposeStage1(st)
    }
  }
}
