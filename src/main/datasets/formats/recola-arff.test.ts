import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readRecolaArff, writeRecolaArff } from './recola-arff'
import { arbDouble, arbText, expectParseError } from './test-shared-data'

const SAMPLE = `@relation GOLDSTANDARD\r\n\r\n@attribute Instance_name string\r\n@attribute frameTime numeric\r\n@attribute GoldStandard numeric\r\n\r\n@data\r\n\r\n'train_1',0.00,-0.0123\r\n'train_1',0.04,0.0501\r\ntrain_1,0.08,0.1\r\n`

describe('RECOLA ARFF gold standard', () => {
  it('reads the documented layout', () => {
    const a = readRecolaArff(SAMPLE)
    expect(a.relation).toBe('GOLDSTANDARD')
    expect(a.rows).toEqual([
      { instanceName: 'train_1', frameTime: 0, value: -0.0123 },
      { instanceName: 'train_1', frameTime: 0.04, value: 0.0501 },
      { instanceName: 'train_1', frameTime: 0.08, value: 0.1 }
    ])
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(arbText(), arbText(), fc.array(arbDouble(-1, 1), { maxLength: 10 }), (relation, name, values) => {
        const arff = { relation, rows: values.map((value, i) => ({ instanceName: name, frameTime: (i * 4) / 100, value })) }
        expect(readRecolaArff(writeRecolaArff(arff))).toEqual(arff)
      }),
      { numRuns: 60 }
    )
  })
  it('rejects bad input', () => {
    const head = '@relation x\n@attribute Instance_name string\n@attribute frameTime numeric\n@attribute GoldStandard numeric\n@data\n'
    expectParseError(() => readRecolaArff("'a',0,0\n"), /unexpected header line/)
    expectParseError(() => readRecolaArff('@relation x\n@attribute Instance_name string\n@data\n'), /missing header: no '@attribute frameTime'/)
    expectParseError(() => readRecolaArff(head.replace('@data\n', '')), /no @data line/)
    expectParseError(() => readRecolaArff(head + "'a';0;0\n"), /line 6: wrong delimiter/)
    expectParseError(() => readRecolaArff(head + "'a',0,?\n"), /line 6, field 'GoldStandard': missing value/)
    expectParseError(() => readRecolaArff(head + "'a',0,1.5\n"), /line 6, field 'GoldStandard': value 1.5 out of range/)
    expectParseError(() => readRecolaArff(head + "'a',0,0.1,3\n"), /line 6: expected 3 values but found 4/)
    expectParseError(() => readRecolaArff(head + "'a',0,0\n'a',0.04,0\n'a',0.04,0\n"), /line 8, field 'frameTime': duplicated time/)
    expectParseError(() => readRecolaArff(head + "'a',0,0\n'a',0.04,0\n'a',0.12,0\n"), /line 8, field 'frameTime': 1 missing sample/)
  })
})
