#!/usr/bin/env bash
# Builds Celda and runs every test (doctest unit tests + end-to-end integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build && ctest --output-on-failure -j"${JOBS:-2}" "$@"
