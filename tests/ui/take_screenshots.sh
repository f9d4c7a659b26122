#!/usr/bin/env bash
# Regenerates the documentation screenshots: runs the real app on the demo backend under Xvfb,
# lets it run a query, and saves the window as PNG; then one PNG per view (persons, insights).
#   tests/ui/take_screenshots.sh BUILD_DIR OUT_DIR
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
mkdir -p "$2"
out_dir=$(cd "$2" && pwd)
app="$build_dir/app/hogscope"
[ -x "$app" ] || { echo "$0: $app is not built" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "$0: xvfb-run is missing (apt install xvfb)" >&2; exit 1; }

# Isolated data and config: the demo store and settings of this run never touch the user's.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset POSTHOG_PERSONAL_API_KEY
export QT_QPA_PLATFORM=xcb

query="SELECT event, count() AS n, count(DISTINCT person_id) AS persons
FROM events
GROUP BY event
ORDER BY n DESC"

xvfb-run -a -s "-screen 0 1400x900x24" \
  "$app" --demo --screenshot "$out_dir/explorer.png" --run-query "$query"
echo "wrote $out_dir/explorer.png"

# Each view as it first appears, on the same demo store.
for view in persons retention stickiness paths; do
  xvfb-run -a -s "-screen 0 1400x900x24" \
    "$app" --demo --screenshot "$out_dir/$view.png" --screenshot-view "$view"
  echo "wrote $out_dir/$view.png"
done
