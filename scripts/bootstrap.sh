#!/usr/bin/env bash
# Installs everything Celda needs to build and test, from Debian 12 packages.
# Safe to run twice: packages already installed are skipped, apt is asked only if needed.
set -euo pipefail

PACKAGES=(
    cmake g++ make binutils perl     # host toolchain (perl: integration tests' ELF patching)
    libboost-context-dev             # guest fibers: Boost.Context's fcontext switch routines
    doctest-dev                      # unit tests
    g++-mingw-w64-x86-64 python3     # Windows test programs (tests/win32) and their bad-PE variants
    qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xz-utils  # nested-KVM tests (scripts/nested-kvm.sh)
    musl-tools                       # posix tests: musl-gcc -static programs (busybox-static too)
    procps                           # win32.served: ps shows the warm guests' scheduling policy
)
# Benchmarks only: `scripts/bootstrap.sh --bench`
[ "${1:-}" = "--bench" ] && PACKAGES+=(hyperfine time)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "bootstrap: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo > /dev/null || { echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
echo "bootstrap: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
