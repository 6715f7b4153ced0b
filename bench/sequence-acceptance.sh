#!/usr/bin/env bash
# Issue #7 acceptance on the synthetic world, end to end through the CLI (an experiment, not part of npm test).
#   bench/sequence-acceptance.sh [WORK_DIR]
# env: CX = the circumplex command (default "node bin/circumplex"); SUBJECTS 8, SESSION_SECONDS 16, SIZE 128,
#      K 4 (folds), VAL 1 (validation subjects per fold), EPOCHS1 4 / STRIDE1 4 (image stage 1), EPOCHS1A / STRIDE1A (audio stage 1, default the same),
#      LR1 1e-3, EPS 4 (epochs per curriculum stage), HIDDEN 128, FORMAT aff-wild2, SEVERITY mixed|severe (synth
#      --degrade-severity; a fresh WORK_DIR), AUDIO_DROPOUT 0.5 (AVi-GaS --audio-dropout; 0 = the thesis's training).
# Steps: synth → folds → ANCLaF stage 1 on face crops and on spectrogram windows → Vi-DeS, Au-DeS, AVi-GaS (2,4,8)
# and ANCLaF-SA (S-2..8, SA-2..8) on cached latents → import the test clips (known landmarks, gold) → infer (the
# sequence runs and the stage-1 image run as the -De baseline) → analyze → compare. Each step whose output file
# exists is skipped, so a stopped run continues where it was. Everything lands in WORK_DIR.
set -euo pipefail
# The body is one brace group, read whole before it runs: editing this file during a run (hours) cannot change
# what the running copy does next.
{
W=${1:-/tmp/cx-acceptance}
CX=${CX:-node bin/circumplex}
SUBJECTS=${SUBJECTS:-8}; SECONDS_=${SESSION_SECONDS:-16}; SIZE=${SIZE:-128}; K=${K:-4}; VAL=${VAL:-1}; HIDDEN=${HIDDEN:-128}
EPOCHS1=${EPOCHS1:-4}; STRIDE1=${STRIDE1:-4}; EPOCHS1A=${EPOCHS1A:-$EPOCHS1}; STRIDE1A=${STRIDE1A:-$STRIDE1}
LR1=${LR1:-1e-3}; EPS=${EPS:-4}; AUDIO_DROPOUT=${AUDIO_DROPOUT:-0.5}; FORMAT=${FORMAT:-aff-wild2}; SEVERITY=${SEVERITY:-mixed}
STORE="$W/store"; DS="$W/ds"
mkdir -p "$W"
t() { local s=$SECONDS; "$@"; echo "[time] $(( SECONDS - s )) s: ${*:2:5}" >&2; }
step() { local out=$1; shift; if [ -s "$out" ]; then echo "[skip] $out exists" >&2; else t "$@" > "$out.tmp" && mv "$out.tmp" "$out"; fi; }
runid() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['runId'])" "$1"; }
step "$W/synth.json" $CX synth --out "$DS" --subjects "$SUBJECTS" --sessions 1 --seconds "$SECONDS_" --size "$SIZE" --seed 7 --degrade-severity "$SEVERITY" --json
python3 -c "import json;m=json.load(open('$DS/manifest.json'));json.dump({c['clipId']:c['subjectId'] for c in m['clips']},open('$W/subjects.json','w'))"
[ -f "$W/split.json" ] || $CX folds make --subjects "$W/subjects.json" --k "$K" --val "$VAL" --seed 1 --out "$W/split.json"
COMMON=(--data "$DS" --format "$FORMAT" --folds "$W/split.json" --fold 1 --data-dir "$STORE")
step "$W/stage1-image.json" $CX train --model anclaf --preset compact "${COMMON[@]}" --epochs "$EPOCHS1" --frame-stride "$STRIDE1" --lr "$LR1" --json
step "$W/stage1-audio.json" $CX train --model anclaf --preset compact --input spectrogram "${COMMON[@]}" --epochs "$EPOCHS1A" --frame-stride "$STRIDE1A" --lr "$LR1" --json
IMG=$(runid "$W/stage1-image.json"); AUD=$(runid "$W/stage1-audio.json")
SEQ=(--stage1 "$IMG" --stage1-audio "$AUD" "${COMMON[@]}" --epochs-per-stage "$EPS" --hidden "$HIDDEN" --lr 1e-3)
for m in vi-des au-des; do step "$W/seq-$m.json" $CX train --model $m "${SEQ[@]}" --json; done
step "$W/seq-avi-gas.json" $CX train --model avi-gas "${SEQ[@]}" --audio-dropout "$AUDIO_DROPOUT" --json
step "$W/seq-anclaf-sa.json" $CX train --model anclaf-sa --curriculum 2,4,8 "${SEQ[@]}" --json
run() { runid "$W/seq-$1.json"; }
step "$W/imported.json" $CX import-dataset --data "$DS" --format "$FORMAT" --folds "$W/split.json" --fold 1 --split test --data-dir "$STORE" --json
for m in vi-des au-des avi-gas anclaf-sa; do step "$W/infer-$m.json" $CX infer --run "$(run $m)" --all --data-dir "$STORE" --json; done
step "$W/infer-stage1-image.json" $CX infer --run "$IMG" --all --data-dir "$STORE" --json
$CX extras --run "$(run avi-gas)" --data-dir "$STORE" > "$W/extras.txt"
$CX analyze --run "$(run avi-gas)" --compare "$(run vi-des),$(run au-des)" --data-dir "$STORE" > "$W/analyze-avi-gas.txt"
$CX analyze --run "$(run avi-gas)" --compare "$(run vi-des),$(run au-des)" --data-dir "$STORE" --json > "$W/analyze-avi-gas.json"
$CX analyze --run "$(run vi-des)" --baseline "$IMG" --data-dir "$STORE" > "$W/analyze-vi-des.txt"
$CX analyze --run "$(run anclaf-sa)" --baseline "$IMG" --data-dir "$STORE" --mode above > "$W/analyze-anclaf-sa.txt"
$CX compare "$(run vi-des)" "$(run au-des)" "$(run avi-gas)" "$(run anclaf-sa)" --data-dir "$STORE" > "$W/compare.txt"
cat "$W/compare.txt"
exit
}
