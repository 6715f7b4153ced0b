import type { Migration } from '../migrate'

/**
 * Stage-1 prediction traces (ANCLaF, AEG-CD-SZ) written before c7ed0e9 hold V/A on the model's native label scale
 * (±10 for an AFEW-VA-trained run) with meta.labelRange and no meta.scale; every other trace is on [−1, 1]. Review
 * drew them off its axes and an AFEW-VA export multiplied them by 10 again. This rescales their points by
 * 1 / labelRange and marks them `scale: 'unit'`, as the current writers do. The rule is the one the run-frames reader
 * used to tell them apart: a model-run prediction whose meta has a numeric labelRange > 0 and no scale. Missing
 * values (NULL) stay missing. Predictions are never edited in place (annotation-service refuses), so no trace_edits
 * rows refer to them. A meta that is not valid JSON is left alone (the filter runs on valid ones only). Gold traces from dataset import carry labelRange too but are already on [−1, 1]: not touched.
 */
export const m0007RescaleStage1Traces: Migration = {
  version: 7,
  name: '0007-rescale-stage1-traces',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE model_predictions AS
        SELECT id, meta_json FROM traces WHERE kind = 'prediction' AND source_type = 'model_run' AND json_valid(meta_json);
      CREATE TEMP TABLE native_traces AS
        SELECT id, CAST(json_extract(meta_json, '$.labelRange') AS REAL) AS range FROM model_predictions
        WHERE json_type(meta_json, '$.labelRange') IN ('integer', 'real')
          AND json_extract(meta_json, '$.labelRange') > 0
          AND json_type(meta_json, '$.scale') IS NULL;
      UPDATE trace_points SET
        valence = valence / (SELECT range FROM native_traces WHERE native_traces.id = trace_points.trace_id),
        arousal = arousal / (SELECT range FROM native_traces WHERE native_traces.id = trace_points.trace_id)
        WHERE trace_id IN (SELECT id FROM native_traces);
      UPDATE traces SET meta_json = json_set(meta_json, '$.scale', 'unit') WHERE id IN (SELECT id FROM native_traces);
      DROP TABLE native_traces;
      DROP TABLE model_predictions;
    `)
  }
}
