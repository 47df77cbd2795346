#!/usr/bin/env bash
# Browser tests of `dossier serve` in headless Chromium (playwright-core, Debian's chromium).
#
#   cargo build --release && tests/browser/run.sh
#
# Needs node (18 or later), `npm ci` done in tests/browser, and Chromium at $CHROMIUM
# (default /usr/bin/chromium). Uses the binary at $DOSSIER_BIN, else target/release/dossier,
# else target/debug/dossier. Screenshots: target/browser/*.png.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "browser tests: no Chromium at $chromium (apt-get install chromium, or set CHROMIUM)" >&2
    exit 1
fi
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 serve.test.mjs
