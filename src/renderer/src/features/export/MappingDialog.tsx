import type { ExchangeFormat } from '../../../../shared/annotation'
import { defaultDimensionOf, FORMAT_INFO, SCALES, scaleLabel, type Dimension, type MappingForm, type ScaleChoice } from './exchange-logic'

/** How the file's values land on the session: which column as which dimension, scale, source rate, offset. */
export function MappingDialog({ format, value, onChange, fps }: { format: ExchangeFormat; value: MappingForm; onChange: (m: MappingForm) => void; fps: number | null }) {
  const info = FORMAT_INFO[format]
  const set = (patch: Partial<MappingForm>) => onChange({ ...value, ...patch })
  const dimensionFree = info.single || value.column !== ''
  return (
    <fieldset className="x-mapping" data-testid="mapping-dialog">
      <legend>Mapping</legend>
      <label className="x-field">
        <span>Column</span>
        {info.single ? (
          <select disabled value={info.valueColumns[0]}>
            <option>{info.valueColumns[0]}</option>
          </select>
        ) : (
          <select
            value={value.column}
            onChange={(e) => set({ column: e.target.value, dimension: e.target.value ? defaultDimensionOf(e.target.value) : value.dimension })}
            data-testid="mapping-column"
          >
            <option value="" title={`${info.valueColumns[0]} → valence, ${info.valueColumns[1]} → arousal`}>
              both columns
            </option>
            {info.valueColumns.map((c) => (
              <option key={c} value={c}>
                only {c}
              </option>
            ))}
          </select>
        )}
      </label>
      <label className="x-field" title={dimensionFree ? undefined : 'Choose a single column to import it as one dimension'}>
        <span>Imported as</span>
        <select value={dimensionFree ? value.dimension : ''} disabled={!dimensionFree} onChange={(e) => set({ dimension: e.target.value as Dimension })} data-testid="mapping-dimension">
          {!dimensionFree && <option value="">valence + arousal</option>}
          <option value="valence">valence</option>
          <option value="arousal">arousal</option>
        </select>
      </label>
      <label className="x-field">
        <span>Scale of the file</span>
        <select value={value.scale} onChange={(e) => set({ scale: e.target.value as '' | ScaleChoice })} data-testid="mapping-scale">
          <option value="">native {scaleLabel(info.nativeScale)}</option>
          {SCALES.map((s) => (
            <option key={s} value={s}>
              {scaleLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="x-field" title={info.importRate ? undefined : `${info.label} carries its own ${info.timing === 'frame' ? 'frame numbers' : 'times'}; no rate is needed`}>
        <span>Source rate (Hz)</span>
        <input
          type="text"
          inputMode="decimal"
          className="x-num"
          disabled={!info.importRate}
          value={info.importRate ? value.rateHz : ''}
          placeholder={info.importRate ? (fps ? `${Number(fps.toFixed(3))} (video)` : 'video fps') : 'from the file'}
          onChange={(e) => set({ rateHz: e.target.value })}
          data-testid="mapping-rate"
        />
      </label>
      <label className="x-field" title="Seconds added to every time of the file: positive = the file starts later in the video">
        <span>Offset (s)</span>
        <input type="text" inputMode="decimal" className="x-num" value={value.offsetS} placeholder="0" onChange={(e) => set({ offsetS: e.target.value })} data-testid="mapping-offset" />
      </label>
    </fieldset>
  )
}
