#!/usr/bin/env bash
# `npm start`: opens the console against the engine dockmedic resolves (DOCKER_HOST, context,
# default socket). When none answers and the engine chosen is this machine's own socket, it can bring
# one up with the script the tests use (Debian, root): after asking, or at once on a throwaway machine
# (CI set, or DOCKMEDIC_ENGINE_UP=yes). A remote engine that is down is never "fixed" from here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
local_socket="unix:///var/run/docker.sock"
# An engine named on the command line is the user's choice: dockmedic itself says whether it answers.
for arg in "$@"; do
  case "$arg" in -H | --host | --host=* | -c | --context | --context=* | --all-contexts) exec node "$here/../bin/dockmedic.js" "$@" ;; esac
done
if ! err=$(node "$here/../bin/dockmedic.js" ps 2>&1 >/dev/null); then
  # "Cannot reach the Docker engine at URL (source): why."
  url=$(grep -o 'engine at [a-z0-9]*://[^ ]*' <<<"$err" | head -1 | cut -d' ' -f3 || true)
  if [ "$url" != "$local_socket" ]; then
    echo "$err" >&2
    echo "npm start brings up only this machine's own engine ($local_socket); the one chosen is ${url:-not a local socket}: start it where it runs, or choose another with --host / DOCKER_HOST / --context." >&2
    exit 2
  fi
  # Only an engine that is not there: one that refuses this user (permissions) is running already.
  if ! grep -qE 'no socket at|connection refused' <<<"$err"; then
    echo "$err" >&2
    exit 2
  fi
  plan="No Docker engine answers at $local_socket. scripts/engine-up.sh would install docker.io and busybox-static with apt if missing (Debian, as root), start dockerd in the background and build a small local test image."
  if [ -z "${CI:-}" ] && [ "${DOCKMEDIC_ENGINE_UP:-}" != yes ]; then
    if [ -t 0 ] && [ -t 2 ]; then
      read -r -p "$plan Do that now? [y/N] " answer
      [[ $answer == [yY]* ]] || exit 2
    else
      echo "$plan Run it with DOCKMEDIC_ENGINE_UP=yes npm start, or start an engine yourself." >&2
      exit 2
    fi
  fi
  bash "$here/engine-up.sh"
fi
exec node "$here/../bin/dockmedic.js" "$@"
