#!/usr/bin/env bash
# Brings up a Docker engine for dockmedic's tests, CI and first run on a Debian machine:
# installs docker.io and busybox-static when missing, starts dockerd when no engine
# answers, waits for it, and builds the offline base image (no registry is reachable).
# Idempotent: every step is skipped when already done.
set -euo pipefail

BASE_IMAGE="${DOCKMEDIC_BASE_IMAGE:-dockmedic/busybox:local}"
NODE_IMAGE="${DOCKMEDIC_NODE_IMAGE:-dockmedic/node:local}"
LOG="${DOCKMEDIC_DOCKERD_LOG:-/var/log/dockmedic-dockerd.log}"

say() { printf 'engine-up: %s\n' "$*" >&2; }

engine_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || need_install+=(busybox-static)
if ! command -v docker >/dev/null 2>&1; then need_install+=(docker.io); fi

if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${need_install[*]}. Install Docker (https://docs.docker.com/engine/install/) and busybox, then rerun."
    exit 2
  fi
  say "installing ${need_install[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_install[@]}" >/dev/null
fi

if ! engine_answers; then
  if [ "$(id -u)" != 0 ]; then
    say "no Docker engine answers and this is not root: start dockerd (sudo systemctl start docker) and rerun."
    exit 2
  fi
  say "starting dockerd (log: $LOG)"
  # setsid: dockerd must outlive the shell that started it (CI step, npm script).
  setsid nohup dockerd >"$LOG" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 0.5
  done
  engine_answers || { say "dockerd did not answer within 30 s; see $LOG"; tail -20 "$LOG" >&2; exit 2; }
fi
say "engine $(docker version --format '{{.Server.Version}}') answers"

# The base image's tree: busybox-static with every applet, a user `app` (1000) and the usual folders.
busybox_tree() {
  local root=$1
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/data" "$root/root" "$root/home/app" "$root/var/www"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
  chown 1000:1000 "$root/home/app"
}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "building offline base image $BASE_IMAGE from busybox-static"
  busybox_tree "$workdir/base"
  tar -C "$workdir/base" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$BASE_IMAGE" >/dev/null
fi
say "base image $BASE_IMAGE ready"

# A Node.js runtime image for the labs whose applications must fail in a real runtime's own words
# (its resolver, its TLS verification): the base tree plus this host's node binary and the
# libraries it links, where the loader looks for them. Skipped where this host has no node.
if command -v node >/dev/null 2>&1 && ! docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
  node_bin=$(readlink -f "$(command -v node)")
  say "building offline runtime image $NODE_IMAGE from $node_bin"
  busybox_tree "$workdir/node"
  mkdir -p "$workdir/node/usr/local/bin"
  cp "$node_bin" "$workdir/node/usr/local/bin/node"
  for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+'); do
    mkdir -p "$workdir/node$(dirname "$lib")"
    cp -L "$lib" "$workdir/node$lib"
  done
  tar -C "$workdir/node" -c . | docker import -c 'CMD ["node"]' -c 'ENV PATH=/usr/local/bin:/bin' - "$NODE_IMAGE" >/dev/null
  say "runtime image $NODE_IMAGE ready"
fi
