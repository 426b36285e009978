#!/usr/bin/env bash
# `npm start`: opens the console against the engine dockmedic resolves (DOCKER_HOST, context,
# default socket). When none answers, brings one up with the same script the tests use
# (Debian, root); elsewhere that script says exactly what to do.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! node "$here/../bin/dockmedic.js" ps >/dev/null 2>&1; then
  bash "$here/engine-up.sh"
fi
exec node "$here/../bin/dockmedic.js" "$@"
