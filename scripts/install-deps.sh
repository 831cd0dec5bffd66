#!/usr/bin/env bash
# Installs every Debian 12 package akhbar needs to build, run and test.
# Run as root (or through sudo). Safe to run again: apt-get skips what is there.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git python3
  libcurl4-openssl-dev libpugixml-dev libgumbo-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev nlohmann-json3-dev libcpp-httplib-dev libicu-dev libsystemd-dev
  libpsl-dev libbrotli-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev sqlite3 clang-format
  clang-14 libclang-rt-14-dev systemd
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
