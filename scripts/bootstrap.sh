#!/usr/bin/env bash
# Prepare this checkout on Debian/Ubuntu: the system libraries Qt and the tests need,
# a .venv with Python >= 3.11, and the project installed in it (editable, with test extras).
# Safe to run again: every step checks first and does nothing when already done.
#
#   PYTHON=python3.12 bash scripts/bootstrap.sh   # use another interpreter for a new .venv
#   DESKTOP_CRM_SKIP_APT=1 bash scripts/bootstrap.sh   # never call apt-get
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.desktop_crm-pyproject.sha256"
PYTHON="${PYTHON:-python3}"
MIN_PYTHON="3.11"

# What PySide6's wheels load from the system (readelf -d on Qt/lib/libQt6{Core,Gui,Widgets,DBus,
# XcbQpa,PrintSupport}.so.6 and Qt/plugins/{platforms,xcbglintegrations,printsupport}/*.so).
DEB_PACKAGES=(
    # QtCore / QtGui / the offscreen platform
    libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
    # the xcb platform, for a real X11 (or XWayland) desktop
    libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb-glx0
    # printing to real printers (Qt's CUPS print-support plugin)
    libcups2
    # fonts: Latin and Cyrillic; Chinese, Japanese and Korean
    fonts-dejavu-core fonts-noto-cjk
    # pdftotext / pdfinfo for the PDF tests
    poppler-utils
)

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

is_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

python_ok() {  # python_ok INTERPRETER: is it Python >= MIN_PYTHON?
    "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null
}

# ----- (a) system packages -------------------------------------------------------------------

install_debs() {
    local wanted=("${DEB_PACKAGES[@]}")
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        wanted+=(python3 python3-venv)
    elif ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 && [ ! -x "$VENV/bin/python" ]; then
        wanted+=(python3-venv)  # Debian's python3 makes venvs only with this package
    fi

    if ! command -v dpkg >/dev/null 2>&1; then
        log "not a Debian-based system; make sure the equivalents of these are installed: ${wanted[*]}"
        return 0
    fi
    local missing=() pkg
    for pkg in "${wanted[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    if [ -n "${DESKTOP_CRM_SKIP_APT:-}" ] || ! command -v apt-get >/dev/null 2>&1; then
        log "these system packages are missing; install them, or the GUI/tests may fail: ${missing[*]}"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            log "not root and no sudo; as root run: apt-get install --no-install-recommends ${missing[*]}"
            return 0
        fi
    fi
    log "installing system packages: ${missing[*]}"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        log "apt-get failed; continuing, but the GUI/tests may fail without: ${missing[*]}"
    fi
}

# ----- (b) the virtual environment -----------------------------------------------------------

make_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        python_ok "$VENV/bin/python" \
            || die "$VENV uses Python $("$VENV/bin/python" -V 2>&1); desktop_crm needs >= $MIN_PYTHON. Remove .venv and run again with PYTHON=python3.11 (or newer)."
        return 0
    fi
    command -v "$PYTHON" >/dev/null 2>&1 \
        || die "no '$PYTHON' found; install Python >= $MIN_PYTHON (Debian 12: apt-get install python3 python3-venv)."
    python_ok "$PYTHON" \
        || die "$PYTHON is $("$PYTHON" -V 2>&1); desktop_crm needs Python >= $MIN_PYTHON. Set PYTHON=python3.11 (or newer)."
    [ -e "$VENV" ] && { log "$VENV is broken; making it again"; rm -rf "$VENV"; }
    log "creating $VENV with $("$PYTHON" -V 2>&1)"
    "$PYTHON" -m venv "$VENV" \
        || die "could not create $VENV; on Debian install python3-venv (apt-get install python3-venv)."
}

# ----- (c) the project, re-installed only when pyproject.toml changed ----------------------------

install_project() {
    local want have=""
    want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
    [ -f "$STAMP" ] && have="$(cat "$STAMP")"
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/desktop-crm" ]; then
        return 0
    fi
    log "installing desktop_crm and its test tools into $VENV"
    (cd "$ROOT" && "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e '.[test]')
    printf '%s\n' "$want" > "$STAMP"
}

install_debs
make_venv
install_project
