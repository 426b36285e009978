#!/usr/bin/env bash
# What the test suite needs beyond npm packages: a Docker engine with the offline base image
# (scripts/engine-up.sh), tmux for the end-to-end tests, and for the fleet tests a second engine's
# tools: openssl (TLS certificates) and sshd (an ssh:// endpoint on loopback); Docker Compose for the
# Compose labs and projects (Debian's docker-compose, v1, when the v2 plugin is not there); Prometheus
# (Debian's) to scrape `dockmedic watch --metrics` in its test. Idempotent.
set -euo pipefail
here=$(dirname "$0")
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
{ docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; } || missing+=(docker-compose)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: installing ${missing[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "test-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]})." >&2
    exit 2
  fi
fi
bash "$here/engine-up.sh"
