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
echo "== entities, PER/ORG/LOC (--relax)"
python3 "$eval_dir/score.py" "$out/gum_pred.jsonl" "$eval_dir/gum_news.jsonl" --labels PER,ORG,LOC --relax
echo "== entities, all labels (--relax)"
python3 "$eval_dir/score.py" "$out/gum_pred.jsonl" "$eval_dir/gum_news.jsonl" --relax
echo "== quotes"
python3 "$eval_dir/score_quotes.py" "$out/quotes_pred.jsonl" "$eval_dir/quotes_wikinews_dev.jsonl"
