#!/usr/bin/env bash
# The end-to-end browser test (e2e/run.mjs): headless Chromium driven by playwright-core signs in through Keycloak,
# uploads a document, opens it in the host page with a fake WOPI client, and unlocks it. Installs the Debian packages
# chromium and chromium-driver when missing (as root; otherwise it says what to install), and the npm packages.
# Screenshots go to e2e/target/screenshots/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing chromium and chromium-driver (Debian packages)..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver > /dev/null \
            || die "cannot install chromium: apt-get install chromium chromium-driver"
    else
        die "chromium not found: apt-get install chromium chromium-driver"
    fi
fi
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm not found: apt-get install nodejs npm"
(cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in e2e/"
CHROMIUM=$(command -v chromium) node "$ROOT/e2e/run.mjs"
