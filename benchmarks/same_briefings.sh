#!/usr/bin/env bash
# Do two commits give the same briefings? For refactors that must not change behaviour (end to
# end; benchmarks/same_outputs.py compares the pipeline stages on 1,098 inputs).
# Builds `brief inputs/` (md, html, json) and a one-day digest of inputs/ (md, html, json) at
# each commit, in detached worktrees run with this checkout's .venv, and compares them with
# timestamps and checkout paths masked.
# Usage: benchmarks/same_briefings.sh OLD_COMMIT NEW_COMMIT    (exit 0 when identical)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
py=$repo/.venv/bin/python
work=$(mktemp -d)
trap 'for w in "$work"/wt-*; do git -C "$repo" worktree remove --force "$w" 2>/dev/null || true; done; rm -rf "$work"' EXIT

build() {  # build COMMIT -> $work/out-COMMIT
  local wt=$work/wt-$1 out=$work/out-$1
  git -C "$repo" worktree add --detach "$wt" "$1" >/dev/null 2>&1
  mkdir -p "$out"
  (cd "$wt" && PYTHONPATH=$wt/src "$py" -m newsbrief brief inputs/ -f md -f html -f json \
    -o "$out/brief" -q 2>"$out/brief.err" || true)
  printf 'title = "Same"\noutput_dir = "dout"\nformats = ["md", "html", "json"]\n%s\n%s\n%s\n' \
    'state = "state.sqlite"' 'window_hours = 1000000' \
    "[[sources]]"$'\n'"name = \"local\""$'\n'"path = \"$wt/inputs\"" >"$out/d.toml"
  (cd "$wt" && PYTHONPATH=$wt/src "$py" -m newsbrief digest --config "$out/d.toml" \
    --date 2026-12-01 -q >/dev/null 2>"$out/digest.err" || true)
}
mask() { sed -E 's/20[0-9]{2}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\+00:00| UTC)?/TIME/g' "$1" | sed "s#$work/wt-[0-9a-zA-Z]*#CHECKOUT#g"; }

build "$1"; build "$2"
status=0
for f in brief.md brief.html brief.json dout/2026-12-01-same.md dout/2026-12-01-same.html \
         dout/2026-12-01-same.json brief.err digest.err; do
  if [ ! -e "$work/out-$1/$f" ] || [ ! -e "$work/out-$2/$f" ]; then
    echo "missing: $f"; status=1
  elif ! diff -q <(mask "$work/out-$1/$f") <(mask "$work/out-$2/$f") >/dev/null; then
    echo "differs: $f"; diff <(mask "$work/out-$1/$f") <(mask "$work/out-$2/$f") | head -10; status=1
  fi
done
[ $status = 0 ] && echo "same outputs: $1 $2 (brief and digest of inputs/, md/html/json, stderr)"
exit $status
