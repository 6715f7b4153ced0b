import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { storeAnnotation, storeSession } from '../../services/completion/test-app'
import { parseArgs } from '../args'
import type { CliContext } from '../command'
import { applyCommand } from './apply'
import { completeCommand } from './complete'

function fakeCtx(): CliContext & { output: string[] } {
  const output: string[] = []
  return { env: {}, cwd: tmpdir(), out: (t) => output.push(t), err: (t) => output.push(t), output }
}

/** A data directory with one session (no face track, no audio) and an annotator's half-rated trace. */
function store(): { dir: string; sessionId: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cli-complete-'))
  const { db } = openDatabase(join(dir, 'circumplex.sqlite'))
  const v = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i / 5))
  const { sessionId } = storeSession(db, { name: 'plain', frames: 40, fps: 25, landmarks: null, valence: v, arousal: v })
  storeAnnotation(db, sessionId, 'Ada', v, v, 0.5)
  db.close()
  return { dir, sessionId }
}

describe('circumplex complete / apply argument handling', () => {
  it('refuses missing or unknown arguments before opening the store', async () => {
    const run = (argv: string[]) => completeCommand.run(parseArgs(argv), fakeCtx())
    await expect(run([])).rejects.toThrow(/name the session/)
    await expect(run(['s1'])).rejects.toThrow(/--from/)
    await expect(run(['s1', 's2', '--from', 'Ada'])).rejects.toThrow(/one session at a time/)
    await expect(run(['s1', '--from', 'Ada', '--ensemble', '0'])).rejects.toThrow(/--ensemble must be >= 1/)
    await expect(run(['s1', '--from', 'Ada', '--bogus', 'x'])).rejects.toThrow(/unknown option --bogus/)
    const apply = (argv: string[]) => applyCommand.run(parseArgs(argv), fakeCtx())
    await expect(apply(['s1'])).rejects.toThrow(/--run/)
    await expect(apply(['--run', 'r1'])).rejects.toThrow(/session ids, or --all/)
  })

  it('resolves the session and --from by id or name, and says why a session cannot be completed', async () => {
    const { dir, sessionId } = store()
    const run = (argv: string[]) => completeCommand.run(parseArgs([...argv, '--data-dir', dir]), fakeCtx())
    await expect(run(['nope', '--from', 'Ada'])).rejects.toMatchObject({ code: 'NOT_FOUND', message: "no session 'nope' (id or name)" })
    await expect(run(['plain', '--from', 'Bob'])).rejects.toThrow(/--from 'Bob' is neither/)
    // Found by session name and annotator name; refused because the session has no per-frame features.
    await expect(run(['plain', '--from', 'Ada'])).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/neither a face track nor a spectrogram/) })
    await expect(run([sessionId, '--from', 'Ground truth (synthetic)'])).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const apply = (argv: string[]) => applyCommand.run(parseArgs([...argv, '--data-dir', dir]), fakeCtx())
    await expect(apply(['--run', 'r1', sessionId])).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no run r1' })
  })
})
