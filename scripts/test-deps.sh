#!/usr/bin/env bash
# What the test suite needs beyond npm packages: a Docker engine with the offline base image
# (scripts/engine-up.sh) and tmux for the end-to-end tests. Idempotent.
set -euo pipefail
here=$(dirname "$0")
if ! command -v tmux >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: installing tmux (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null; }
  else
    echo "test-deps: tmux is missing; install it (apt-get install tmux / brew install tmux)." >&2
    exit 2
  fi
fi
bash "$here/engine-up.sh"
