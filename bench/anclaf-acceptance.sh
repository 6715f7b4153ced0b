#!/usr/bin/env bash
# Issue #6 acceptance of the compact ANCLaF stage 1 on the synthetic world, through the CLI (an experiment, not part
# of npm test; about 2 min per epoch on 2 cores with tfjs-node at the defaults).
#   bench/anclaf-acceptance.sh [WORK_DIR]
# bench/anclaf-acceptance.bench.ts is the older in-process variant (wasm, a 6-subject world, all three variants in
# one vitest run, no run records); this script goes through the CLI, so it uses the best backend and the store.
# Steps (synth and folds are skipped when their output exists; train re-runs, which resumes the same run from its
# last checkpoint, so a killed script can simply be started again): `circumplex synth` (mixed severity: the
# thesis degradations, partial occlusion and low light, which leave the expression partly visible), subject folds
# (K folds, VAL validation subjects each), `circumplex train --model anclaf --preset compact` on fold FOLD (epoch
# selected on the validation subjects), then the held-out table of the selected checkpoint: CCC V / A / mean on all
# test frames, on the manifest's video-degraded segments and on the clean frames.
# VARIANT picks the run: full (default), no-degrade (G sees clean inputs only) or no-denoise (G without its
# reconstruction / adversarial losses), the thesis's "Vi" vs "Vi-De" ablation; each variant is its own run.
# MODEL=aeg-cd-sz trains P002's AEG-CD-SZ instead (EPOCHS split 1:2:2 over its Disc / AEG-CD / AEG-CD-SZ phases,
# selection among the last phase's epochs), with VARIANT audio (default for it) or no-audio (the audio ablation);
# its table adds the audio-degraded frames.
# Re-running with a smaller EPOCHS than already trained ends the run at once and reports the test subjects with the
# best checkpoint so far. With --lr-schedule cosine in TRAIN_ARGS the schedule spans EPOCHS: resume with the same EPOCHS.
# env: CX (default "node bin/circumplex"); SUBJECTS 32, SESSION_SECONDS 16, SIZE 128, SEED 11, SEVERITY mixed|severe,
#      SKIN random|stratified (the world's skin tones, circumplex synth --skin-tones; only when the world is made),
#      K 4, VAL 2, FOLD 1, EPOCHS 40, STRIDE 4, LR 1e-3, FORMAT afew-va, VARIANT full|no-degrade|no-denoise,
#      TRAIN_ARGS (more train flags, e.g. "--lr-schedule cosine --ema 0.998"), TAG (names the output file
#      MODEL-VARIANT-TAG-fFOLD.json, so runs with other TRAIN_ARGS keep their own), MODEL anclaf|aeg-cd-sz.
set -euo pipefail
# The body is one brace group, read whole before it runs: editing this file during a run (hours) cannot change
# what the running copy does next.
{
W=${1:-/tmp/cx-anclaf}
CX=${CX:-node bin/circumplex}
SUBJECTS=${SUBJECTS:-32}; SECONDS_=${SESSION_SECONDS:-16}; SIZE=${SIZE:-128}; SEED=${SEED:-11}; SEVERITY=${SEVERITY:-mixed}; SKIN=${SKIN:-random}
K=${K:-4}; VAL=${VAL:-2}; FOLD=${FOLD:-1}; EPOCHS=${EPOCHS:-40}; STRIDE=${STRIDE:-4}; LR=${LR:-1e-3}; FORMAT=${FORMAT:-afew-va}
MODEL=${MODEL:-anclaf}; TRAIN_ARGS=${TRAIN_ARGS:-}; TAG=${TAG:-}
case "$MODEL" in
  anclaf) VARIANT=${VARIANT:-full}
    case "$VARIANT" in full) FLAGS=() ;; no-degrade) FLAGS=(--no-degrade) ;; no-denoise) FLAGS=(--no-denoise) ;;
      *) echo "VARIANT must be full, no-degrade or no-denoise" >&2; exit 2 ;; esac ;;
  aeg-cd-sz) VARIANT=${VARIANT:-audio}
    case "$VARIANT" in audio) FLAGS=() ;; no-audio) FLAGS=(--no-audio) ;;
      *) echo "VARIANT must be audio or no-audio for aeg-cd-sz" >&2; exit 2 ;; esac ;;
  *) echo "MODEL must be anclaf or aeg-cd-sz" >&2; exit 2 ;; esac
DS="$W/ds"; STORE="$W/store"
mkdir -p "$W"
if [ ! -s "$W/synth.json" ]; then
  $CX synth --out "$DS" --subjects "$SUBJECTS" --sessions 1 --seconds "$SECONDS_" --size "$SIZE" --seed "$SEED" \
    --degrade-severity "$SEVERITY" --skin-tones "$SKIN" --json > "$W/synth.json.tmp" && mv "$W/synth.json.tmp" "$W/synth.json"
fi
python3 -c "import json;m=json.load(open('$DS/manifest.json'));json.dump({c['clipId']:c['subjectId'] for c in m['clips']},open('$W/subjects.json','w'))"
[ -f "$W/split.json" ] || $CX folds make --subjects "$W/subjects.json" --k "$K" --val "$VAL" --seed 1 --out "$W/split.json"
OUT="$W/$MODEL-$VARIANT${TAG:+-$TAG}-f$FOLD.json"
# TRAIN_ARGS is split into words on purpose (several flags).
# shellcheck disable=SC2086
$CX train --model "$MODEL" --preset compact --data "$DS" --format "$FORMAT" --folds "$W/split.json" --fold "$FOLD" \
  --data-dir "$STORE" --epochs "$EPOCHS" --frame-stride "$STRIDE" --lr "$LR" "${FLAGS[@]}" $TRAIN_ARGS --json > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
python3 - "$OUT" "$VARIANT" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
f = lambda x: '  —  ' if x is None else f'{x:6.3f}'
v = r['bestVal']
print(f"{sys.argv[2]}: run {r['runId']}, {r['epochs']} epochs, selected epoch {r['bestEpoch']} "
      f"(validation CCC V {f(v['ccc_v'])} A {f(v['ccc_a'])} mean {f(v['ccc_mean'])}), backend {r['backend']}")
print('held-out test subjects     n    CCC V   CCC A   mean')
for part in ('all', 'clean', 'degraded', 'audioDegraded'):
    m = r['test'].get(part)
    if m is None: continue
    print(f"{part:22s} {m['n']:5d}  {f(m['ccc_v'])}  {f(m['ccc_a'])}  {f(m['ccc_mean'])}")
by = r['test'].get('bySubject') or {}
if by:
    print('test subject               n    CCC V   CCC A   mean   bias V  bias A')
    for s, m in by.items():
        print(f"{s:22s} {m['n']:5d}  {f(m['ccc_v'])}  {f(m['ccc_a'])}  {f(m['ccc_mean'])}  {f(m['bias_v'])}  {f(m['bias_a'])}")
EOF
exit
}
