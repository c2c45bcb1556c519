#!/usr/bin/env bash
# Configures and builds Celda into ./build (celda and its guest images land in build/bin/).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" > build.log 2>&1 \
    || { cat build.log; echo "build: cmake configure failed (log above)" >&2; exit 1; }
cmake --build build -j"${JOBS:-2}" >> build.log 2>&1 \
    || { tail -n 60 build.log; echo "build: compile failed (full log: build.log)" >&2; exit 1; }
echo "build: ok -> build/bin/"
