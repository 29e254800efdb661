#!/usr/bin/env bash
# Set up newsbrief from nothing on Debian/Ubuntu with Python >= 3.11, then build the sample
# briefing outputs/briefing.{md,html,pdf} from inputs/. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"

# WeasyPrint needs Pango (libpango-1.0-0, libpangoft2-1.0-0) and writes PDFs ~10x faster with
# HarfBuzz's subsetter (libharfbuzz-subset0). Install whatever of them is missing.
missing=()
for lib in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
           libharfbuzz-subset.so.0:libharfbuzz-subset0 libfontconfig.so.1:libfontconfig1; do
  ldconfig -p | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
done
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "DejaVu Sans Condensed" || missing+=(fonts-dejavu-extra)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev,ner,dask]'

.venv/bin/newsbrief brief inputs/ -f md -f html -f pdf -o outputs/briefing
