#!/usr/bin/env bash
# Set up newsbrief from nothing on Debian/Ubuntu with Python >= 3.11, then build the sample
# briefing outputs/briefing.{md,html,pdf} from inputs/. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages, each installed only when missing (so a ready machine installs nothing):
# - WeasyPrint needs Pango (libpango-1.0-0, libpangoft2-1.0-0) and writes PDFs ~10x faster
#   with HarfBuzz's subsetter (libharfbuzz-subset0);
# - fonts: DejaVu for Latin, Greek and Cyrillic; fonts-noto-core for Arabic, Hebrew,
#   Devanagari, Thai and dozens more scripts; fonts-noto-cjk for Chinese, Japanese and
#   Korean; fonts-noto-color-emoji (docs/render.md says what they cost);
# - chromium and chromium-driver: the tests open the HTML briefing in a real browser.
# - epubcheck (W3C's EPUB validator; Java is on the machine): the tests validate the EPUB.
missing=()
for lib in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
           libharfbuzz-subset.so.0:libharfbuzz-subset0 libfontconfig.so.1:libfontconfig1; do
  ldconfig -p | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
done
families=$(fc-list : family 2>/dev/null || true)
for font in "DejaVu Sans:fonts-dejavu-core" "DejaVu Sans Condensed:fonts-dejavu-extra" \
            "Noto Sans Arabic:fonts-noto-core" "Noto Sans CJK SC:fonts-noto-cjk" \
            "Noto Color Emoji:fonts-noto-color-emoji"; do
  grep -qi "${font%%:*}" <<<"$families" || missing+=("${font##*:}")
done
command -v chromium >/dev/null || missing+=(chromium)
[ -e /usr/share/java/epubcheck.jar ] || missing+=(epubcheck)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Parallel set-ups on one machine wait for each other's apt lock instead of failing.
  APT=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  "${APT[@]}" update -qq || { sleep 20; "${APT[@]}" update -qq; }
  "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev,ner,dask]'

.venv/bin/newsbrief brief inputs/ -f md -f html -f pdf -o outputs/briefing
