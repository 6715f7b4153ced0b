#!/usr/bin/env bash
# Issue #12 acceptance, a REDUCED reproduction on tiny data (minutes of CPU training, not the thesis's days on GPUs):
#   1. a small synthetic dataset (circumplex synth: exact per-frame 68 points, degraded segments in its manifest);
#   2. trains FLL, CRT and DCRT on its train subjects (val subject for selection) with small budgets;
#   3. evaluates default (Human FaceMesh), the mean-shape floor and each trained variant on the shared 300-W and
#      300-VW ground-truth stills, moving faces made from them (categories 1-3) and the held-out synthetic subject
#      (clean vs degraded frames);
#   4. the denoiser ablation: DCRT with its denoiser, DCRT ':no-denoise' and CRT on degraded inputs (--degrade).
# Usage: bench/tracker-acceptance.sh [work dir]     env: EPOCHS (2), STEPS (15), BATCH (4), SEQ_MAX (4), SUBJECTS (5), CLIP_SECONDS (6), SIZE (160),
#   PSEUDO (space-separated videos pseudo-labelled by the default tracker for pre-training, e.g. the shared real clips;
#   the runs are flagged and their numbers are never a claim against the default tracker)
# Needs the built CLI (out/main/cli.js; CLI_JS=<path> runs a copy, e.g. one built before others' edits). Run it in the background with nice: it takes ~10-15 minutes on 2 cores.
set -euo pipefail
# The body is one brace group, read whole before it runs: editing this file during a run (hours) cannot change
# what the running copy does next.
{
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLI=(node "${CLI_JS:-$ROOT/out/main/cli.js}")
W=${1:-$(mktemp -d /tmp/cx-tracker-acc-XXXX)}
EPOCHS=${EPOCHS:-2}
STEPS=${STEPS:-15}
BATCH=${BATCH:-4}
SEQ_MAX=${SEQ_MAX:-4}
SUBJECTS=${SUBJECTS:-5}
SECONDS_PER_CLIP=${CLIP_SECONDS:-6}
SIZE=${SIZE:-160}
PSEUDO_ARGS=()
for v in ${PSEUDO:-}; do PSEUDO_ARGS+=(--pseudo "$v"); done
LM=$(cd "$ROOT/../shared/data/landmarks" 2>/dev/null && pwd || true)
mkdir -p "$W"
STORE="$W/store"
DS="$W/synth"
echo "work dir: $W (store $STORE); budgets: $EPOCHS epoch(s) × $STEPS steps (batch $BATCH) per phase, sequences up to $SEQ_MAX; $SUBJECTS subjects × $SECONDS_PER_CLIP s at ${SIZE}px"

if [ ! -f "$DS/manifest.json" ]; then
  "${CLI[@]}" synth --out "$DS" --subjects "$SUBJECTS" --sessions 1 --seconds "$SECONDS_PER_CLIP" --fps 25 --size "$SIZE" --seed 12 >/dev/null
fi
# Subjects S01..S(n-2) train, S(n-1) val, S(n) test (held out for the synthetic evaluation).
node -e '
const n = Number(process.argv[1]); const s = (i) => "S" + String(i).padStart(2, "0")
const train = Array.from({ length: n - 2 }, (_, i) => s(i + 1))
process.stdout.write(JSON.stringify({ version: 1, kind: "custom", seed: null, folds: [{ name: "fold-1", train, val: [s(n - 1)], test: [s(n)] }] }))
' "$SUBJECTS" > "$W/split.json"

declare -A RUN
for v in fll crt dcrt; do
  echo "== training $v"
  "${CLI[@]}" train --model tracker --variant "$v" --data "$DS" --folds "$W/split.json" --epochs "$EPOCHS" --steps "$STEPS" --batch "$BATCH" --seq-max "$SEQ_MAX" \
    --max-side "$SIZE" --frame-stride 2 "${PSEUDO_ARGS[@]}" --json --data-dir "$STORE" > "$W/train-$v.json" 2> "$W/train-$v.log"
  RUN[$v]=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runId)' "$W/train-$v.json")
  node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
console.log(`run ${r.runId} (${r.variant}): ${r.epochs.length} epochs, ${r.epochs.at(-1)?.wallS.toFixed(0)} s; data train ${r.data.trainFrames} frames, val ${r.data.valFrames}`)
for (const e of r.epochs) console.log(`  ${e.phase.padEnd(12)} ${e.epoch}  ${Object.entries(e.metrics).map(([k, x]) => k + " " + Number(x).toFixed(4)).join("  ")}`)
' "$W/train-$v.json"
done

GT=()
if [ -n "$LM" ]; then GT=(--gt "$LM/300w" --gt "$LM/300vw-001" --moving); else echo "(../shared/data/landmarks absent: synthetic evaluation only)"; fi
TRK=(--tracker default --tracker mean-shape --tracker "${RUN[fll]}" --tracker "${RUN[crt]}" --tracker "${RUN[dcrt]}")

echo "== evaluation: ground-truth stills + moving faces"
if [ ${#GT[@]} -gt 0 ]; then "${CLI[@]}" eval-landmarks "${TRK[@]}" "${GT[@]}" --data-dir "$STORE" 2> "$W/eval-gt.log" | tee "$W/eval-gt.txt"; fi
echo "== evaluation: held-out synthetic subject (clean vs degraded frames)"
"${CLI[@]}" eval-landmarks "${TRK[@]}" --synthetic "$DS" --folds "$W/split.json" --data-dir "$STORE" 2> "$W/eval-synth.log" | tee "$W/eval-synth.txt"
echo "== denoiser ablation on degraded inputs (thesis degradations applied to every input)"
ABL=(--tracker "${RUN[dcrt]}" --tracker "${RUN[dcrt]}:no-denoise" --tracker "${RUN[crt]}" --tracker default)
if [ ${#GT[@]} -gt 0 ]; then "${CLI[@]}" eval-landmarks "${ABL[@]}" "${GT[@]}" --degrade --data-dir "$STORE" 2> "$W/eval-ablation.log" | tee "$W/eval-ablation.txt"; fi
"${CLI[@]}" eval-landmarks "${ABL[@]}" --synthetic "$DS" --folds "$W/split.json" --degrade --data-dir "$STORE" 2> "$W/eval-ablation-synth.log" | tee "$W/eval-ablation-synth.txt"
echo "done: tables in $W/eval-*.txt; evaluations stored in $STORE (Train → Landmarks in the app with --data-dir $STORE)"
exit
}
