#!/usr/bin/env bash
# Scores `presscut analyze` on the development data in ../shared/eval (see its README).
# Usage: tests/eval/run.sh [path/to/presscut]   (default: target/release/presscut)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/presscut}
eval_dir=${EVAL_DIR:-../shared/eval}
out=${TMPDIR:-/tmp}/presscut-eval
mkdir -p "$out"
"$bin" analyze --input-jsonl "$eval_dir/gum_news.jsonl" | python3 tests/eval/to_eval.py > "$out/gum_pred.jsonl"
"$bin" analyze --input-jsonl "$eval_dir/quotes_wikinews_dev.jsonl" | python3 tests/eval/to_eval.py > "$out/quotes_pred.jsonl"
"$bin" analyze --input-jsonl "$eval_dir/gum_more.jsonl" | python3 tests/eval/to_eval.py > "$out/more_pred.jsonl"
echo "== entities, PER/ORG/LOC (--relax)"
python3 "$eval_dir/score.py" "$out/gum_pred.jsonl" "$eval_dir/gum_news.jsonl" --labels PER,ORG,LOC --relax
echo "== entities, all labels (--relax)"
python3 "$eval_dir/score.py" "$out/gum_pred.jsonl" "$eval_dir/gum_news.jsonl" --relax
echo "== gum_more (other genres), PER/ORG/LOC (--relax)"
python3 "$eval_dir/score.py" "$out/more_pred.jsonl" "$eval_dir/gum_more.jsonl" --labels PER,ORG,LOC --relax
echo "== quotes"
python3 "$eval_dir/score_quotes.py" "$out/quotes_pred.jsonl" "$eval_dir/quotes_wikinews_dev.jsonl"
echo "== quotes, direct only"
python3 "$eval_dir/score_quotes.py" "$out/quotes_pred.jsonl" "$eval_dir/quotes_wikinews_dev.jsonl" --kind direct
echo "== speaker accuracy by evidence (lenient)"
"$bin" analyze --input-jsonl "$eval_dir/quotes_wikinews_dev.jsonl" > "$out/quotes_raw.jsonl"
python3 tests/eval/by_evidence.py "$out/quotes_raw.jsonl" "$eval_dir/quotes_wikinews_dev.jsonl"
