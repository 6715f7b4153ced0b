#!/usr/bin/env bash
# Issue #11 acceptance for the multi-task AU / expression / V-A model (P003), end to end through the CLI on the
# synthetic world (an experiment, not part of npm test).
#   bench/mtl-acceptance.sh [WORK_DIR]
# env: CX = the circumplex command (default "node bin/circumplex"); the world's settings are those of
#      bench/sequence-acceptance.sh (SUBJECTS 8, SESSION_SECONDS 16, SIZE 128, K 4 folds, EPOCHS1 4 / STRIDE1 4, LR1
#      1e-3 for the image stage 1), so both scripts share one WORK_DIR (default /tmp/cx-acceptance) and its stage-1
#      run and latents; MEPOCHS (30) epochs per task and VARIANTS (default "paper tuned joint noatt") pick the MTL
#      runs: paper = the separate schedule with every setting of P003 (SGD + SAM, lr 1e-3 cosine, batch 256);
#      tuned = the same model and schedule with lr MLR_TUNED (0.2) and batch MBATCH_TUNED (64) — P003's 1e-3 × 256 is
#      sized for 222k images (≈ 870 steps per epoch), the synthetic world's 2000 training frames give 7; joint = one
#      masked loss, noatt = without the cross-attention (Table 1's ablation), sgd = without SAM — all three with the
#      tuned lr and batch.
# Steps: synth (its dataset carries abaw/ AU + EXPR labels; an older one gets them with synth --add-abaw) → folds →
# ANCLaF stage 1 on face crops → train --model mtl (each variant) → import the test clips → infer with the paper run
# (the tuned run when there is one: trace 'MTL' + au_probs / expr_probs extras) → a table of P_MTL and each task's metric on the held-out subjects,
# next to trivial baselines computed from the labels. Each step whose output file exists is skipped.
set -euo pipefail
# The body is one brace group, read whole before it runs: editing this file during a run (hours) cannot change
# what the running copy does next.
{
W=${1:-/tmp/cx-acceptance}
CX=${CX:-node bin/circumplex}
SUBJECTS=${SUBJECTS:-8}; SECONDS_=${SESSION_SECONDS:-16}; SIZE=${SIZE:-128}; K=${K:-4}
EPOCHS1=${EPOCHS1:-4}; STRIDE1=${STRIDE1:-4}; LR1=${LR1:-1e-3}
MEPOCHS=${MEPOCHS:-30}; MLR_TUNED=${MLR_TUNED:-0.2}; MBATCH_TUNED=${MBATCH_TUNED:-64}; VARIANTS=${VARIANTS:-paper tuned joint noatt}
STORE="$W/store"; DS="$W/ds"
mkdir -p "$W"
t() { local s=$SECONDS; "$@"; echo "[time] $(( SECONDS - s )) s: ${*:2:5}" >&2; }
step() { local out=$1; shift; if [ -s "$out" ]; then echo "[skip] $out exists" >&2; else t "$@" > "$out.tmp" && mv "$out.tmp" "$out"; fi; }
runid() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['runId'])" "$1"; }
step "$W/synth.json" $CX synth --out "$DS" --subjects "$SUBJECTS" --sessions 1 --seconds "$SECONDS_" --size "$SIZE" --seed 7 --json
[ -s "$DS/abaw/MTL/all.txt" ] || $CX synth --out "$DS" --add-abaw
python3 -c "import json;m=json.load(open('$DS/manifest.json'));json.dump({c['clipId']:c['subjectId'] for c in m['clips']},open('$W/subjects.json','w'))"
[ -f "$W/split.json" ] || $CX folds make --subjects "$W/subjects.json" --k "$K" --val 1 --seed 1 --out "$W/split.json"
step "$W/stage1-image.json" $CX train --model anclaf --preset compact --data "$DS" --format aff-wild2 --folds "$W/split.json" --fold 1 --data-dir "$STORE" --epochs "$EPOCHS1" --frame-stride "$STRIDE1" --lr "$LR1" --json
IMG=$(runid "$W/stage1-image.json")
MTL=(--model mtl --stage1 "$IMG" --data "$DS" --folds "$W/split.json" --fold 1 --data-dir "$STORE" --epochs "$MEPOCHS")
TUNED=(--lr "$MLR_TUNED" --batch "$MBATCH_TUNED")
for v in $VARIANTS; do
  case $v in
    paper) step "$W/mtl-paper.json" $CX train "${MTL[@]}" --json ;;
    tuned) step "$W/mtl-tuned.json" $CX train "${MTL[@]}" "${TUNED[@]}" --json ;;
    joint) step "$W/mtl-joint.json" $CX train "${MTL[@]}" "${TUNED[@]}" --schedule joint --json ;;
    noatt) step "$W/mtl-noatt.json" $CX train "${MTL[@]}" "${TUNED[@]}" --no-cross-attention --json ;;
    sgd) step "$W/mtl-sgd.json" $CX train "${MTL[@]}" "${TUNED[@]}" --optimiser sgd --json ;;
    *) echo "unknown variant $v" >&2; exit 2 ;;
  esac
done
step "$W/imported.json" $CX import-dataset --data "$DS" --format aff-wild2 --folds "$W/split.json" --fold 1 --split test --data-dir "$STORE" --json
INFER=$( [ -s "$W/mtl-tuned.json" ] && echo tuned || echo paper )
[ -s "$W/mtl-$INFER.json" ] && step "$W/infer-mtl.json" $CX infer --run "$(runid "$W/mtl-$INFER.json")" --all --data-dir "$STORE" --json
python3 - "$W" $VARIANTS <<'EOF' | tee "$W/mtl-acceptance.txt"
import json, sys, collections
W, variants = sys.argv[1], sys.argv[2:]
fold = json.load(open(f'{W}/split.json'))['folds'][0]
rows = [l.split(',') for l in open(f'{W}/ds/abaw/MTL/all.txt').read().splitlines()[1:]]
AUS = 'AU1 AU2 AU4 AU6 AU7 AU10 AU12 AU15 AU23 AU24 AU25 AU26'.split()
EX = 'Neutral Anger Disgust Fear Happiness Sadness Surprise Other'.split()
of = lambda split: [r for r in rows if r[0].split('_')[0] in fold[split]]
def f1(tp, fp, fn): return 0 if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
train, test = of('train'), of('test')
print(f"world: {len(rows)} frames; fold-1 train {fold['train']} ({len(train)} frames), val {fold['val']}, test {fold['test']} ({len(test)} frames)")
print('test AU rates:   ' + '  '.join(f'{a} {sum(int(r[4 + j]) for r in test) / len(test):.2f}' for j, a in enumerate(AUS)))
print('test expression: ' + '  '.join(f'{EX[k]} {n}' for k, n in sorted(collections.Counter(int(r[3]) for r in test).items())))
# Baselines from the labels alone: the training set's majority class for every frame; every AU always on; V/A constant.
major = collections.Counter(int(r[3]) for r in train).most_common(1)[0][0]
ex_major = sum(f1(sum(1 for r in test if int(r[3]) == k and k == major), sum(1 for r in test if k == major and int(r[3]) != k), sum(1 for r in test if int(r[3]) == k and k != major)) for k in range(8)) / 8
au_all = sum(f1(sum(int(r[4 + j]) for r in test), sum(1 - int(r[4 + j]) for r in test), 0) for j in range(12)) / 12
print(f"baselines on test (×100): P_AU all-AUs-on {100 * au_all:.1f}, P_EX majority class ({EX[major]}) {100 * ex_major:.1f}, P_VA constant 0.0 → P_MTL {100 * (au_all + ex_major):.1f}")
print()
print(f"{'run':8} {'split':5} {'P_MTL':>6} {'P_AU':>6} {'P_EX':>6} {'P_VA':>6} {'CCC V':>6} {'CCC A':>6} {'P_AU*':>6}  (× 100; P_AU* = over the AUs present)")
for v in variants:
    try:
        r = json.load(open(f'{W}/mtl-{v}.json'))
    except FileNotFoundError:
        continue
    for split in ('val', 'test'):
        m = r[split]
        if m:
            p = lambda k: f"{100 * m[k]:6.1f}" if m[k] is not None else '     —'
            print(f"{v:8} {split:5} {p('p_mtl')} {p('p_au')} {p('p_ex')} {p('p_va')} {p('ccc_v')} {p('ccc_a')} {p('p_au_present')}")
    t = r['test']
    print(f"{'':8} test F1 per AU: " + ' '.join(f"{a} {100 * x:.0f}" for a, x in zip(AUS, t['au_f1'])))
    print(f"{'':8} test F1 per expression: " + ' '.join(f"{a} {100 * x:.0f}" for a, x in zip(EX, t['ex_f1'])))
    print(f"{'':8} phases: " + ', '.join(f"{p['phase']} best {p['bestEpoch']}/{len(p['epochs'])} ({p['wallS']:.0f} s)" for p in r['phases']) + f"; AU graph: {r['adjacency']['svg'] if r['adjacency'] else '—'}")
EOF
exit
}
