#!/usr/bin/env bash
# Issue #11 acceptance of the Affective Process (P004) on the synthetic world, through the CLI (an experiment, not
# part of npm test).
#   bench/ap-acceptance.sh [WORK_DIR]
# The world is the one of bench/sequence-acceptance.sh (same step names and defaults, so the two share it): a
# `circumplex synth` dataset with video-degraded segments, subject folds, an ANCLaF stage-1 run on face crops (the
# AP's frozen backbone) in WORK_DIR/store. Missing steps are rebuilt from scratch; existing outputs are reused.
# Then: AP training (train subjects; epoch selected on the validation subject; the test subjects reported once),
# printing the held-out comparison — CCC V/A/mean of the backbone alone vs the AP on the same frames, and the AP's
# predicted σ on degraded vs clean frames with effect sizes — and, if the test clips were imported into the store
# (sequence-acceptance.sh does), AP inference on them for the review.
#
# PROTOCOL decides which subjects the AP learns from:
#   paper    (default) the backbone's own training subjects (fold 1 of split.json), as P004 does (L134: backbone
#            and AP trained on the same training partition).
#   disjoint the world gets AP_SUBJECTS more subjects (synth --subjects SUBJECTS+AP_SUBJECTS with the same seed:
#            the first SUBJECTS clips are byte-identical to the paper world's, and so are the backbone's folds, made
#            over them only); the AP trains on the added subjects, which the backbone never saw, and keeps the
#            backbone fold's validation and test subjects (split-ap.json). Why: the AP's output σ is fitted to the
#            residuals of its training frames; on frames the backbone was trained on these are memorised (in this
#            world degraded training frames have SMALLER backbone errors than the very same frames rendered clean,
#            bench/ap-degradation-cost.bench.ts), so σ learns the opposite of what degradation costs on new subjects.
#            This removes that inversion, not the AP's own memorisation of its few subjects (see models/ap/config.ts).
#            Use a fresh WORK_DIR (the dataset differs). To reuse a paper-protocol backbone (its training clips are
#            the same bytes): copy WORK_DIR/store and stage1-image.json from the paper work dir first.
# COST=1 also renders the clean twin of the world (same flags and seed, --no-degrade) and runs
#   bench/ap-degradation-cost.bench.ts on the AP run: per split and degradation kind, the backbone's and the AP's
#   error and the AP's σ on the same frames rendered degraded vs clean.
# env: CX (default "node bin/circumplex"); world: SUBJECTS 8, SESSION_SECONDS 16, SIZE 128, K 4 folds, VAL 1 (validation subjects per fold), EPOCHS1 4, STRIDE1 4,
#      LR1 1e-3, FORMAT aff-wild2, SEVERITY mixed|severe (synth --degrade-severity; use a fresh WORK_DIR), FOLD 1 (of
#      split.json; another fold trains its own backbone); PROTOCOL paper|disjoint, AP_SUBJECTS 4; AP: EPOCHS 10, ITERS 300 (reduced from
#      the paper's 25 × 1000: 2 cores, wasm — ≈ 0.1 s a step here), AP_LR 2.5e-4, LOSS nll (the default; nll+reg for the earlier runs), TAG (names the output
#      file, default "default"), AP_ARGS (extra train flags, e.g. "--test-context session"); COST 0|1.
set -euo pipefail
# The body is one brace group, read whole before it runs: editing this file during a run (hours) cannot change
# what the running copy does next.
{
W=${1:-/tmp/cx-acceptance}
CX=${CX:-node bin/circumplex}
SUBJECTS=${SUBJECTS:-8}; SECONDS_=${SESSION_SECONDS:-16}; SIZE=${SIZE:-128}; K=${K:-4}
EPOCHS1=${EPOCHS1:-4}; STRIDE1=${STRIDE1:-4}; LR1=${LR1:-1e-3}; FORMAT=${FORMAT:-aff-wild2}
EPOCHS=${EPOCHS:-10}; ITERS=${ITERS:-300}; AP_LR=${AP_LR:-2.5e-4}; LOSS=${LOSS:-nll}; TAG=${TAG:-default}; AP_ARGS=${AP_ARGS:-}
PROTOCOL=${PROTOCOL:-paper}; AP_SUBJECTS=${AP_SUBJECTS:-4}; COST=${COST:-0}; SEVERITY=${SEVERITY:-mixed}; FOLD=${FOLD:-1}
# Fold 1 keeps the historical file names; another fold gets its own backbone and AP files (suffix -f<FOLD>).
SUF=""; [ "$FOLD" = 1 ] || SUF="-f$FOLD"
case "$PROTOCOL" in paper) ALL=$SUBJECTS ;; disjoint) ALL=$(( SUBJECTS + AP_SUBJECTS )) ;; *) echo "PROTOCOL must be paper or disjoint" >&2; exit 2 ;; esac
STORE="$W/store"; DS="$W/ds"
mkdir -p "$W"
t() { local s=$SECONDS; "$@"; echo "[time] $(( SECONDS - s )) s: ${*:2:5}" >&2; }
step() { local out=$1; shift; if [ -s "$out" ]; then echo "[skip] $out exists" >&2; else t "$@" > "$out.tmp" && mv "$out.tmp" "$out"; fi; }
runid() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['runId'])" "$1"; }
SYNTH=(--subjects "$ALL" --sessions 1 --seconds "$SECONDS_" --size "$SIZE" --seed 7 --degrade-severity "$SEVERITY" --json)
step "$W/synth.json" $CX synth --out "$DS" "${SYNTH[@]}"
# The backbone's folds are made over the first SUBJECTS subjects (all of them in the paper protocol).
python3 -c "import json;m=json.load(open('$DS/manifest.json'));keep=m['subjects'][:$SUBJECTS];json.dump({c['clipId']:c['subjectId'] for c in m['clips'] if c['subjectId'] in keep},open('$W/subjects.json','w'))"
[ -f "$W/split.json" ] || $CX folds make --subjects "$W/subjects.json" --k "$K" --val "$VAL" --seed 1 --out "$W/split.json"
COMMON=(--data "$DS" --format "$FORMAT" --folds "$W/split.json" --fold "$FOLD" --data-dir "$STORE")
AP_SPLIT="$W/split.json"
if [ "$PROTOCOL" = disjoint ]; then
  AP_SPLIT="$W/split-ap$SUF.json"
  python3 - "$DS/manifest.json" "$W/split.json" "$AP_SPLIT" "$SUBJECTS" "$FOLD" <<'EOF'
import json, sys
m, split, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[4])
f = split['folds'][int(sys.argv[5]) - 1]
added = m['subjects'][n:]
assert added and not set(added) & set(f['train'] + f['val'] + f['test'])
json.dump({**split, 'folds': [{'name': f['name'], 'train': added, 'val': f['val'], 'test': f['test']}]}, open(sys.argv[3], 'w'), indent=1)
EOF
fi
step "$W/stage1-image$SUF.json" $CX train --model anclaf --preset compact "${COMMON[@]}" --epochs "$EPOCHS1" --frame-stride "$STRIDE1" --lr "$LR1" --json
IMG=$(runid "$W/stage1-image$SUF.json")
# shellcheck disable=SC2086
step "$W/ap-$TAG$SUF.json" $CX train --model ap --backbone "$IMG" --data "$DS" --format "$FORMAT" --folds "$AP_SPLIT" --fold "$([ "$PROTOCOL" = disjoint ] && echo 1 || echo "$FOLD")" --data-dir "$STORE" --epochs "$EPOCHS" --iters "$ITERS" --lr "$AP_LR" --loss "$LOSS" $AP_ARGS --json
AP=$(runid "$W/ap-$TAG$SUF.json")
python3 - "$W/ap-$TAG$SUF.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
t = r['test']
f = lambda x: '  —  ' if x is None else f'{x:6.3f}'
print(f"AP run {r['runId']} over backbone {r['backbone']['runId']} ({r['featureDim']}-d features), fold {r['fold']}, AP trained on {', '.join(r['clips']['train'])}: "
      f"{len(r['epochs'])} epochs, {r['steps']} steps, selected epoch {r['bestEpoch']} (validation CCC mean {f(r['bestVal']['ccc_mean'])}; backbone {f(r['backboneVal']['ccc_mean'])})")
print(f"held-out test subjects: {t['clips']} clips, {t['frames']['all']} frames ({t['frames']['clean']} clean, {t['frames']['degraded']} video-degraded)")
print('                      CCC V   CCC A   mean')
for name, m in [('backbone alone', t['backbone']['all']), ('AP', t['ap']['all']), ('backbone, clean', t['backbone']['clean']), ('AP, clean', t['ap']['clean']),
                ('backbone, degraded', t['backbone']['degraded']), ('AP, degraded', t['ap']['degraded'])] + [(f'AP, {k}', v) for k, v in t['ablations'].items()]:
    print(f"{name:22s} {f(m['ccc_v'])}  {f(m['ccc_a'])}  {f(m['ccc_mean'])}")
d = t['ap']['all']['ccc_mean'] - t['backbone']['all']['ccc_mean']
print(f"AP − backbone mean CCC: {d:+.3f} ({'improves' if d > 0 else 'does NOT improve'})")
s = t['sigma']
print(f"AP predicted σ (mean of V, A, [−1, 1] scale): clean {f(s['clean']['mean'])} ± {f(s['clean']['sd'])}, degraded {f(s['degraded']['mean'])} ± {f(s['degraded']['sd'])}; "
      f"ratio {f(s['ratio'])}, Cohen's d {f(s['cohensD'])}, Cliff's delta {f(s['cliffsDelta'])} ({'larger on degraded' if (s['cohensD'] or 0) > 0 else 'NOT larger on degraded'})")
p = t['pointSigma']
print(f"latent ||sigma_c|| (context score): clean {f(p['clean']['mean'])}, degraded {f(p['degraded']['mean'])}; Cohen's d {f(p['cohensD'])}")
EOF
if [ "$COST" = 1 ]; then
  step "$W/synth-clean.json" $CX synth --out "$W/ds-clean" "${SYNTH[@]}" --no-degrade
  AP_RUN="$STORE/runs/$AP" AP_DATA="$DS" CLEAN_DATA="$W/ds-clean" PROBE_STORE="$W/probe-store" \
    npx vitest run --config bench/vitest.bench.config.ts bench/ap-degradation-cost.bench.ts | sed -n '/^rows:/,/^ *$/p' | tee "$W/cost-$TAG.txt"
fi
if [ -s "$W/imported.json" ] && [ "$FOLD" = 1 ]; then  # imported.json holds fold 1's test clips
  step "$W/infer-ap-$TAG.json" $CX infer --run "$AP" --all --data-dir "$STORE" --json
fi
exit
}
