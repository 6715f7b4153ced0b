/**
 * The synthetic world's AU / expression labels as ABAW files in a dataset folder (au-expression.ts has the rule):
 *   abaw/AU/<clip>.txt     per-video AU file (12 × 0/1 per frame)
 *   abaw/EXPR/<clip>.txt   per-video expression file (class index per frame)
 *   abaw/MTL/all.txt       the s-Aff-Wild2-style list of every frame: `<clip>/<frame+1>.jpg`, V, A, expression, 12 AUs
 * The per-video VA file of ABAW is the dataset's existing aff-wild2/<clip>.txt (same format), so it is not repeated.
 * Every frame is labelled (no −1 / −5): the world knows its ground truth. The image column names frames; no image
 * files are written (the videos hold the pixels).
 *
 * `addAbawLabels` writes these files into an EXISTING synth dataset (made before the labels existed) by re-planning
 * each session from its manifest (seed, spec, subject identity — no rendering) after checking that the re-planned
 * valence/arousal match the dataset's own label files; nothing else in the folder is touched.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { abawImageName, writeAbawMtlTxt, type AbawMtlRow } from '../formats/abaw-mtl'
import { readAffWild2VaTxt } from '../formats/aff-wild2'
import { writeAbawAuTxt, writeAbawExprTxt } from '../formats/abaw-video'
import type { AbawAuRow } from '../formats/abaw-common'
import { AU_COUNT, sessionAuExpression, type SessionAuExpression } from './au-expression'
import { planSession, subjectIdentity, type SynthSessionPlan } from './generate-session'

export const ABAW_DIRS = { au: join('abaw', 'AU'), expr: join('abaw', 'EXPR'), mtl: join('abaw', 'MTL') } as const
export const ABAW_MTL_LIST = join('abaw', 'MTL', 'all.txt')

export const abawAuPath = (clipId: string): string => join(ABAW_DIRS.au, `${clipId}.txt`)
export const abawExprPath = (clipId: string): string => join(ABAW_DIRS.expr, `${clipId}.txt`)

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4

export function planLabels(plan: SynthSessionPlan): SessionAuExpression {
  return sessionAuExpression(plan.identity, plan)
}

function auRows(l: SessionAuExpression): AbawAuRow[] {
  return Array.from({ length: l.frames }, (_, f) => Array.from(l.au.subarray(f * AU_COUNT, (f + 1) * AU_COUNT)) as Array<0 | 1>)
}

/** Writes a clip's per-video AU and EXPR files; returns its MTL list rows. */
export async function writeClipAbawLabels(outDir: string, clipId: string, plan: SynthSessionPlan): Promise<AbawMtlRow[]> {
  const l = planLabels(plan)
  const aus = auRows(l)
  await mkdir(join(outDir, ABAW_DIRS.au), { recursive: true })
  await mkdir(join(outDir, ABAW_DIRS.expr), { recursive: true })
  await writeFile(join(outDir, abawAuPath(clipId)), writeAbawAuTxt(aus))
  await writeFile(join(outDir, abawExprPath(clipId)), writeAbawExprTxt(Array.from(l.expression)))
  return aus.map((row, f) => ({ image: abawImageName(clipId, f), va: { valence: r4(plan.valence[f]), arousal: r4(plan.arousal[f]) }, expression: l.expression[f], aus: row }))
}

export async function writeMtlList(outDir: string, rows: readonly AbawMtlRow[]): Promise<string> {
  await mkdir(join(outDir, ABAW_DIRS.mtl), { recursive: true })
  await writeFile(join(outDir, ABAW_MTL_LIST), writeAbawMtlTxt(rows))
  return join(outDir, ABAW_MTL_LIST)
}

interface ManifestForLabels {
  generator?: string
  seed: number
  fps: number
  width: number
  height: number
  secondsPerSession: number
  degrade: boolean
  clips: Array<{ clipId: string; subjectId: string; affWild2: string; manifest: { seed: number; frameCount: number } }>
}

/** Adds abaw/ labels to an existing `circumplex synth` dataset; returns the clips labelled and frames. */
export async function addAbawLabels(dataDir: string): Promise<{ clips: number; frames: number; mtlList: string }> {
  const manifestPath = join(dataDir, 'manifest.json')
  if (!existsSync(manifestPath)) throw new AppError('NOT_FOUND', `${dataDir}: no manifest.json — AU / expression labels can only be derived for a dataset written by circumplex synth`)
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestForLabels
  if (m.generator !== 'circumplex synth' || !Array.isArray(m.clips)) throw new AppError('INVALID_ARGUMENT', `${manifestPath} was not written by circumplex synth`)
  const plans = m.clips.map((c) => {
    const plan = planSession(
      { subjectId: c.subjectId, sessionId: c.clipId, seed: c.manifest.seed, seconds: m.secondsPerSession, fps: m.fps, width: m.width, height: m.height, degrade: m.degrade },
      subjectIdentity(c.subjectId, m.seed)
    )
    const existing = readAffWild2VaTxt(readFileSync(join(dataDir, c.affWild2), 'utf8'))
    const mismatch = existing.length !== plan.frameCount || existing.some((e, f) => !e || Math.abs(e.valence - plan.valence[f]) > 1e-3 || Math.abs(e.arousal - plan.arousal[f]) > 1e-3)
    if (mismatch) throw new AppError('CONFLICT', `${c.clipId}: re-planning the session does not reproduce its labels in ${c.affWild2} (a dataset from another generator version?); nothing was written`)
    return { clipId: c.clipId, plan }
  })
  const rows: AbawMtlRow[] = []
  let frames = 0
  for (const { clipId, plan } of plans) {
    rows.push(...(await writeClipAbawLabels(dataDir, clipId, plan)))
    frames += plan.frameCount
  }
  return { clips: m.clips.length, frames, mtlList: await writeMtlList(dataDir, rows) }
}
