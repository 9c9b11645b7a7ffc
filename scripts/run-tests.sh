#!/usr/bin/env bash
# Run the whole test suite (arguments go to pytest), after scripts/bootstrap.sh.
# PostgreSQL tests run when DESKTOP_CRM_TEST_PG_URL names a server, e.g.
#   DESKTOP_CRM_TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/test bash scripts/run-tests.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"

export QT_QPA_PLATFORM=offscreen
if [ -z "${DESKTOP_CRM_TEST_PG_URL:-}" ]; then
    echo "run-tests: DESKTOP_CRM_TEST_PG_URL is not set, so the PostgreSQL tests are skipped" >&2
fi

cd "$ROOT"
exec "$ROOT/.venv/bin/python" -m pytest "$@"
