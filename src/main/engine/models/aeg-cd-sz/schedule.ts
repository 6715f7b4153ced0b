/**
 * The progressive schedule of P002 (L93 "we first train both of generator and discriminator together, and proceed
 * by adding the extracted latent z features alongside the audio features"; L104 the three reported variants):
 * 1. `disc`     — CD alone on the input frames, ℓ2 loss (Table I/II "Disc");
 * 2. `aeg-cd`   — adversarial AEG + CD with the affect and cycle losses, no z, no audio ("AEG-CD");
 * 3. `aeg-cd-sz` — the same plus z (into CD after Conv2) and the audio channel ("AEG-CD-SZ").
 * Each phase continues from the previous one's weights (one parameter set; config.ts). A trainer asks
 * `phaseForEpoch(schedule, epoch)` at each epoch.
 */
import type { AegConfig } from './config'
import type { AegInputs } from './model'

export type AegPhaseName = 'disc' | 'aeg-cd' | 'aeg-cd-sz'

export interface AegPhase {
  readonly name: AegPhaseName
  readonly epochs: number
  readonly inputs: AegInputs
  /** 'l2' = MSE only on CD's V/A (no adversarial terms); 'afc' = eq.9/10. */
  readonly affect: 'l2' | 'afc'
  readonly adversarial: boolean
}

export interface AegSchedule {
  readonly phases: readonly AegPhase[]
  readonly totalEpochs: number
}

export const PHASES: Readonly<Record<AegPhaseName, Omit<AegPhase, 'epochs'>>> = {
  disc: { name: 'disc', inputs: { useG: false, useZ: false, useAudio: false }, affect: 'l2', adversarial: false },
  'aeg-cd': { name: 'aeg-cd', inputs: { useG: true, useZ: false, useAudio: false }, affect: 'afc', adversarial: true },
  'aeg-cd-sz': { name: 'aeg-cd-sz', inputs: { useG: true, useZ: true, useAudio: true }, affect: 'afc', adversarial: true }
}

/** `audio: false` (the audio ablation) feeds zeros in place of the audio in the last phase. */
export function aegSchedule(c: Pick<AegConfig, 'schedule'> & { readonly audio?: boolean }): AegSchedule {
  const full = PHASES['aeg-cd-sz']
  const phases = [
    { ...PHASES.disc, epochs: c.schedule.disc },
    { ...PHASES['aeg-cd'], epochs: c.schedule.aegCd },
    { ...full, inputs: { ...full.inputs, useAudio: c.audio !== false }, epochs: c.schedule.full }
  ].filter((p) => p.epochs > 0)
  return { phases, totalEpochs: phases.reduce((s, p) => s + p.epochs, 0) }
}

/** Phase of a 1-based epoch (epochs past the end stay in the last phase). */
export function phaseForEpoch(s: AegSchedule, epoch: number): AegPhase {
  return phaseSpan(s, epoch).phase
}

/** The phase of a 1-based epoch with the run's epoch where that phase begins (the lr restart and the EMA reset point). */
export function phaseSpan(s: AegSchedule, epoch: number): { readonly phase: AegPhase; readonly firstEpoch: number } {
  let first = 1
  for (const p of s.phases) {
    if (epoch < first + p.epochs) return { phase: p, firstEpoch: first }
    first += p.epochs
  }
  const last = s.phases[s.phases.length - 1]
  return { phase: last, firstEpoch: first - last.epochs }
}

/** N epochs over the Disc / AEG-CD / AEG-CD-SZ phases in the presets' 1:2:2 (the last phase always gets ≥ 1). */
export function splitAegEpochs(n: number): { disc: number; aegCd: number; full: number } {
  const disc = Math.round(n / 5)
  const aegCd = Math.round((2 * n) / 5)
  return { disc, aegCd, full: n - disc - aegCd }
}
