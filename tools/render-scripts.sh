#!/usr/bin/env bash
# Renders the script test pages (tests/fixtures/scripts/*.html: Japanese, Chinese, Korean, Hindi, Thai,
# Hebrew...) to PDF and to PNG pages for review, and the same pages with WeasyPrint when it
# is installed, to compare side by side. Usage: tools/render-scripts.sh [OFFPRINT] [OUTDIR]
# (defaults: build/offprint, /tmp/offprint-scripts). The PNGs are not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/offprint}
out=${2:-/tmp/offprint-scripts}
res=${RES:-60}
mkdir -p "$out"
export OP_DATA_DIR=$PWD
for src in tests/fixtures/scripts/*.html; do
    name=$(basename "$src" .html)
    "$bin" "$src" -o "$out/$name.pdf" -q || echo "offprint failed on $src" >&2
    pdftoppm -png -r "$res" "$out/$name.pdf" "$out/$name"
    if command -v weasyprint >/dev/null 2>&1; then
        weasyprint -q "$src" "$out/$name-weasyprint.pdf" &&
            pdftoppm -png -r "$res" "$out/$name-weasyprint.pdf" "$out/$name-weasyprint"
    fi
done
ls "$out"/*.png
