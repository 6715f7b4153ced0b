import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  type CremaDSummaryRow,
  type CremaDTabulatedRow,
  CREMA_D_EMOTIONS,
  readCremaDDemographics,
  readCremaDSummaryTable,
  readCremaDTabulatedVotes,
  writeCremaDDemographics,
  writeCremaDSummaryTable,
  writeCremaDTabulatedVotes
} from './crema-d'
import { HAS_SHARED_DATA, arbDouble, arbText, expectParseError, readShared } from './test-shared-data'

describe.skipIf(!HAS_SHARED_DATA)('CREMA-D on genuine shared files', () => {
  it('reads summaryTable.csv (7442 clips, ties with one level per vote)', () => {
    const rows = readCremaDSummaryTable(readShared('formats', 'summaryTable.csv'))
    expect(rows).toHaveLength(7442)
    expect(rows[0]).toEqual({
      rowName: '1',
      fileName: '1001_IEO_NEU_XX',
      voice: { votes: ['N'], levels: [69.1] },
      face: { votes: ['N'], levels: [92.22] },
      multiModal: { votes: ['N'], levels: [64.78] }
    })
    expect(rows[6].face).toEqual({ votes: ['A', 'F'], levels: [30.67, 51] })
    expect(rows[7441].fileName).toBe('1091_WSI_DIS_XX')
    expect(readCremaDSummaryTable(writeCremaDSummaryTable(rows.slice(0, 200)))).toEqual(rows.slice(0, 200))
  })
  it('reads the tabulatedVotes head; its last line is cut mid-row (no newline)', () => {
    const text = readShared('formats', 'crema-d-tabulatedVotes.head.csv')
    expectParseError(() => readCremaDTabulatedVotes(text), /line 104: expected 27 fields but found 23/)
    const rows = readCremaDTabulatedVotes(text, { allowTruncatedLastRow: true })
    expect(rows).toHaveLength(102)
    const r = rows[0]
    expect(r.rowName).toBe('100001')
    expect(r.counts).toEqual({ A: 0, D: 0, F: 0, H: 1, N: 10, S: 0 })
    expect(r.fileName).toBe('1001_IEO_NEU_XX')
    expect(r.numResponses).toBe(11)
    expect(r.agreement).toBe(0.909090909090909)
    expect(r.emoVote).toEqual(['N'])
    expect(r.stats.meanEmoResp).toBe(71.7272727272727)
    expect(r.stats.meanAngerResp).toBeNull()
    expect(r.stats.meanHappyResp).toBe(98)
    expect(Object.keys(r.stats)).toHaveLength(16)
    expect(rows.some((x) => x.emoVote.length === 3)).toBe(true)
    expect(readCremaDTabulatedVotes(writeCremaDTabulatedVotes(rows))).toEqual(rows)
  })
  it('reads VideoDemographics.csv (91 actors)', () => {
    const rows = readCremaDDemographics(readShared('formats', 'VideoDemographics.csv'))
    expect(rows).toHaveLength(91)
    expect(rows[0]).toEqual({ actorId: 1001, age: 51, sex: 'Male', race: 'Caucasian', ethnicity: 'Not Hispanic' })
    expect(rows[90]).toEqual({ actorId: 1091, age: 29, sex: 'Female', race: 'Asian', ethnicity: 'Not Hispanic' })
    expect(readCremaDDemographics(writeCremaDDemographics(rows))).toEqual(rows)
  })
})

const arbEmos = fc.uniqueArray(fc.constantFrom(...CREMA_D_EMOTIONS), { minLength: 1, maxLength: 3 })

describe('CREMA-D writers and errors', () => {
  it('round-trips summary and tabulated rows (fast-check)', () => {
    const vote = arbEmos.chain((votes) => fc.record({ votes: fc.constant(votes), levels: fc.array(arbDouble(0, 100), { minLength: votes.length, maxLength: votes.length }) }))
    fc.assert(
      fc.property(fc.array(fc.record({ rowName: arbText(false), voice: vote, face: vote, multiModal: vote }), { maxLength: 5 }), (raw) => {
        const rows: CremaDSummaryRow[] = raw.map((r, i) => ({ ...r, fileName: `10${i}_X` }))
        expect(readCremaDSummaryTable(writeCremaDSummaryTable(rows))).toEqual(rows)
      }),
      { numRuns: 40 }
    )
    fc.assert(
      fc.property(
        fc.array(fc.record({ counts: fc.array(fc.nat(20), { minLength: 6, maxLength: 6 }), agreement: arbDouble(0, 1), emoVote: arbEmos, m: fc.option(arbDouble(0, 100), { nil: null }) }), { maxLength: 5 }),
        (raw) => {
          const rows: CremaDTabulatedRow[] = raw.map((r, i) => ({
            rowName: String(100000 + i),
            counts: { A: r.counts[0], D: r.counts[1], F: r.counts[2], H: r.counts[3], N: r.counts[4], S: r.counts[5] },
            fileName: `f${i}`,
            numResponses: r.counts.reduce((a, b) => a + b, 0),
            agreement: r.agreement,
            emoVote: r.emoVote,
            stats: { meanEmoResp: r.m, meanAngerResp: null }
          }))
          expect(readCremaDTabulatedVotes(writeCremaDTabulatedVotes(rows))).toEqual(rows)
        }
      ),
      { numRuns: 40 }
    )
  })
  it('rejects bad input', () => {
    const H = '"","FileName","VoiceVote","VoiceLevel","FaceVote","FaceLevel","MultiModalVote","MultiModalLevel"\n'
    expectParseError(() => readCremaDSummaryTable(H + '"1","a","A:F","30","N","50","N","60"\n'), /line 2, field 'VoiceLevel': 1 level\(s\) for 2 vote\(s\) \(mismatched lengths\)/)
    expectParseError(() => readCremaDSummaryTable(H + '"1","a","X","30","N","50","N","60"\n'), /line 2, field 'VoiceVote': unknown emotion 'X'/)
    expectParseError(() => readCremaDSummaryTable(H + '"1","a","A","130","N","50","N","60"\n'), /field 'VoiceLevel': value 130 out of range/)
    expectParseError(() => readCremaDSummaryTable(H + '"1","a","A","","N","50","N","60"\n'), /field 'VoiceLevel': empty cell/)
    const ok = '"1","a","A","30","N","50","N","60"\n'
    expectParseError(() => readCremaDSummaryTable(H + ok + ok.replace('"1"', '"2"')), /line 3, field 'FileName': duplicated 'a'/)
    expectParseError(() => readCremaDSummaryTable(ok), /missing header/)
    expectParseError(() => readCremaDSummaryTable(H.replace(/,/g, ';')), /wrong delimiter/)
    const T = '"","A","D","F","H","N","S","fileName","numResponses","agreement","emoVote","meanEmoResp"\n'
    expectParseError(() => readCremaDTabulatedVotes(T + '"1",1,0,0,0,0,0,"f",2,1,"A",50\n'), /line 2, field 'numResponses': 2 responses but the vote counts sum to 1/)
    expectParseError(() => readCremaDDemographics('ActorID,Age,Sex,Race,Ethnicity\n1,NaN,M,x,y\n'), /line 2, field 'Age': NaN/)
  })
})
