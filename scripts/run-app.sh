#!/usr/bin/env bash
# Start desktop_crm (arguments go to desktop-crm), after scripts/bootstrap.sh.
# With no arguments the window opens on the default SQLite file in the user data folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"

opens_window=yes
for arg in "$@"; do
    case "$arg" in
        demo|db|backup|restore|customers|managers|-h|--help|--version) opens_window=no; break ;;
    esac
done
if [ "$opens_window" = yes ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    echo "run-app: no DISPLAY or WAYLAND_DISPLAY is set; the window needs a desktop session" >&2
fi

exec "$ROOT/.venv/bin/desktop-crm" "$@"
