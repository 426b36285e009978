#!/usr/bin/env bash
# A second Docker engine on this machine, for the fleet tests and benchmarks:
#   second-engine.sh up [extra dockerd flags...]   start it (again) and wait until it answers
#   second-engine.sh down                          stop it and wait until the process is gone
# Its own socket, data root, exec root, pid file and managed containerd; a bridge of its own (never
# `--bridge none`, which deletes the first engine's docker0); no iptables rules. The offline base image is
# copied over from the first engine. Extra flags (e.g. a TLS TCP listener) are passed to dockerd.
set -euo pipefail
ROOT=/run/dmt-engine2
DATA=/var/lib/dmt-engine2
BRIDGE=dmtbr2
SOCKET="unix://$ROOT/docker.sock"
BASE_IMAGE="${DOCKMEDIC_BASE_IMAGE:-dockmedic/busybox:local}"

down() {
  [ -f "$ROOT/docker.pid" ] || return 0
  pid=$(cat "$ROOT/docker.pid")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    { [ -z "$state" ] || [ "$state" = Z ]; } && return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

up() {
  mkdir -p "$ROOT"
  down
  if [ ! -e "/sys/class/net/$BRIDGE" ]; then
    ip link add "$BRIDGE" type bridge
    ip addr add 10.213.0.1/24 dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  setsid dockerd --host "$SOCKET" "$@" --data-root "$DATA" --exec-root "$ROOT/exec" --pidfile "$ROOT/docker.pid" \
    --bridge "$BRIDGE" --iptables=false --ip-masq=false >"$ROOT/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    docker -H "$SOCKET" version >/dev/null 2>&1 && break
    sleep 0.25
  done
  docker -H "$SOCKET" version >/dev/null 2>&1 || { tail -20 "$ROOT/dockerd.log" >&2; exit 2; }
  if [ -z "$(docker -H "$SOCKET" image ls -q "$BASE_IMAGE")" ]; then
    docker -H unix:///var/run/docker.sock save "$BASE_IMAGE" | docker -H "$SOCKET" load >/dev/null
  fi
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  *) echo "usage: $0 up [dockerd flags...] | down" >&2; exit 2 ;;
esac
