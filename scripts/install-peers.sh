#!/usr/bin/env bash
# install-peers.sh — install the peer tools that scripts/bench.sh measures dossier against.
#
#   scripts/install-peers.sh [--no-wait]
#
# Idempotent: installs only what is missing.
#   * tantivy-cli 0.24.0 (`cargo install --locked`, one compile job, niced) when `tantivy` is not
#     on PATH. It is started first, in the background, because it compiles for several minutes.
#     Its lock file pins traitobject 0.1.0, which current rustc rejects (E0119); when the locked
#     build fails the install is retried once without --locked (traitobject 0.1.1 builds).
#     The script waits for it at the end unless --no-wait is given.
#   * Debian packages sqlite3, ripgrep, recoll, time, hyperfine: `apt-get update` once, then
#     `apt-get install -y` of those whose command is missing and that apt-cache knows; a package
#     with no install candidate is skipped with a note.
# Logs go to $BENCH_LOG_DIR (default /work/scratch/bench when /work/scratch exists, else
# ${TMPDIR:-/tmp}): tantivy-install.log and apt-install.log.
set -euo pipefail

wait_for_cargo=1
for arg in "$@"; do
    case "$arg" in
        --no-wait) wait_for_cargo=0 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "install-peers: unknown option $arg" >&2; exit 2 ;;
    esac
done

note() { printf 'install-peers: %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

# --- 1. tantivy-cli, started early in the background -------------------------------------------
if [[ -d /work/scratch ]]; then
    BENCH_LOG_DIR="${BENCH_LOG_DIR:-/work/scratch/bench}"
else
    BENCH_LOG_DIR="${BENCH_LOG_DIR:-${TMPDIR:-/tmp}}"
fi
mkdir -p "$BENCH_LOG_DIR"
tantivy_log="$BENCH_LOG_DIR/tantivy-install.log"
apt_log="$BENCH_LOG_DIR/apt-install.log"

install_tantivy() {
    # cargo install builds in its own temporary target dir (CARGO_TARGET_DIR unset so it never
    # shares the project's target/); nice keeps it from crowding out other work.
    local cmd=(env -u CARGO_TARGET_DIR nice -n 10 cargo install tantivy-cli --version 0.24.0 -j 1)
    if "${cmd[@]}" --locked; then
        return 0
    fi
    echo "install-peers: locked build failed; retrying without --locked"
    "${cmd[@]}"
}

cargo_pid=""
if command -v tantivy >/dev/null 2>&1; then
    note "tantivy-cli already installed ($(command -v tantivy))"
elif ! command -v cargo >/dev/null 2>&1; then
    note "no cargo on PATH: skipping tantivy-cli (the benchmark will skip that peer)"
else
    note "installing tantivy-cli 0.24.0 in the background (cargo -j 1); log: $tantivy_log"
    install_tantivy >"$tantivy_log" 2>&1 &
    cargo_pid=$!
fi

# --- 2. Debian packages ------------------------------------------------------------------------
# package -> command that shows it is installed
declare -A wanted=(
    [sqlite3]=sqlite3
    [ripgrep]=rg
    [recoll]=recollindex
    [time]=/usr/bin/time
    [hyperfine]=hyperfine
)
missing=()
for pkg in sqlite3 ripgrep recoll time hyperfine; do
    probe="${wanted[$pkg]}"
    if command -v "$probe" >/dev/null 2>&1 || [[ -x "$probe" ]]; then
        note "$pkg already installed"
    else
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            note "not root and no sudo: cannot install ${missing[*]}"
            missing=()
        fi
    fi
fi

if ((${#missing[@]})); then
    note "apt-get update (log: $apt_log)"
    "${sudo[@]}" apt-get update >"$apt_log" 2>&1
    installable=()
    for pkg in "${missing[@]}"; do
        candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
        if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
            note "no apt package '$pkg' here: skipped (the benchmark skips that peer)"
        else
            installable+=("$pkg")
        fi
    done
    if ((${#installable[@]})); then
        note "apt-get install -y ${installable[*]}"
        if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${installable[@]}" \
            >>"$apt_log" 2>&1; then
            note "apt-get install failed; last lines of $apt_log:"
            tail -n 20 "$apt_log" >&2
        fi
    fi
fi

# --- 3. wait for tantivy-cli -------------------------------------------------------------------
if [[ -n "$cargo_pid" ]]; then
    if ((wait_for_cargo)); then
        note "waiting for the tantivy-cli build (pid $cargo_pid; tail -f $tantivy_log to follow)"
        if wait "$cargo_pid"; then
            note "tantivy-cli installed: $(command -v tantivy)"
        else
            note "tantivy-cli install FAILED; last lines of $tantivy_log:"
            tail -n 20 "$tantivy_log" >&2
            exit 1
        fi
    else
        note "tantivy-cli still building in the background (pid $cargo_pid); see $tantivy_log"
        disown "$cargo_pid"
    fi
fi

for cmd in tantivy sqlite3 rg recollindex hyperfine; do
    if command -v "$cmd" >/dev/null 2>&1; then
        note "ok: $cmd"
    else
        note "missing: $cmd"
    fi
done
