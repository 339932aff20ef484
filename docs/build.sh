#!/usr/bin/env bash
# Builds the tutorial site into docs/_site: API metadata from the libraries' XML docs, then the articles.
# Any warning (a broken link, an unresolved xref, a missing snippet file) fails the build.
#   docs/build.sh            build
#   docs/build.sh --serve    build, then serve on http://127.0.0.1:8080/ (Ctrl+C stops)
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet tool restore >/dev/null
# The API pages are regenerated from scratch, so a type that was deleted or renamed leaves no stale page behind.
rm -rf docs/api docs/_site
if ! dotnet docfx docs/docfx.json --warningsAsErrors; then
    echo "docs/build.sh: the site did not build cleanly (see the warnings above)." >&2
    exit 1
fi

if [[ "${1:-}" == "--serve" ]]; then
    exec dotnet docfx serve docs/_site --hostname 127.0.0.1 --port "${PORT:-8080}"
fi
