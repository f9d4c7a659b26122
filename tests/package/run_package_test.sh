#!/usr/bin/env bash
# Installs the Hogscope .deb on this machine and uses the installed programs as a user would.
#   run_package_test.sh BUILD_DIR   makes the package there with `cpack -G DEB` first
#   run_package_test.sh FILE.deb    tests that package
# Needs root, or sudo without a password, for dpkg (exit 77, "skipped", without either). Every step
# prints PASS or FAIL and the test goes on; the exit status is 1 when any step failed. The package
# is removed at the end unless it was installed before the test began.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
programs=(hogscope hogscope-server hogql)
app_id=io.hogscope.Hogscope
failures=0
pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR | FILE.deb" >&2
  exit 2
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo_cmd=(sudo -n); else
    echo "SKIP: installing a package needs root or password-less sudo"
    exit 77
  fi
fi

# The package: the one given, or the one CPack makes in the build directory.
if [ -d "$1" ]; then
  echo "== cpack -G DEB in $1"
  cpack_log=$(cd "$1" && cpack -G DEB 2>&1)
  rc=$?
  deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' <<<"$cpack_log" | tail -1)
  if [ $rc -ne 0 ] || [ -z "$deb" ]; then
    echo "$cpack_log"
    fail "cpack -G DEB (status $rc)"
    exit 1
  fi
  pass "cpack -G DEB: $deb"
else
  deb=$1
fi
deb=$(readlink -f "$deb")
[ -f "$deb" ] || { fail "no package at $deb"; exit 1; }

# --- The package as a file -----------------------------------------------------------------------
package=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
upstream=${version%-*}
depends=$(dpkg-deb -f "$deb" Depends)
[ "$package" = hogscope ] && pass "package name: $package $version" || fail "package name is '$package'"
# shlibdeps: the Qt libraries the binaries link must be in Depends, with versions.
if grep -q 'libqt6core6 (>=' <<<"$depends" && grep -q 'libqt6widgets6 (>=' <<<"$depends" &&
  grep -q 'libc6 (>=' <<<"$depends"; then
  pass "Depends computed from the binaries: $depends"
else
  fail "Depends lacks the libraries of the binaries: $depends"
fi

contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
expected=(/usr/bin/hogscope /usr/bin/hogscope-server /usr/bin/hogql
  "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  /usr/share/man/man1/hogscope.1.gz /usr/share/man/man1/hogscope-server.1.gz /usr/share/man/man1/hogql.1.gz
  /usr/share/doc/hogscope/copyright /usr/share/doc/hogscope/changelog.Debian.gz)
sizes=(16 22 24 32 48 64 128 256 512)
for s in "${sizes[@]}"; do expected+=("/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png"); done
missing=()
for f in "${expected[@]}"; do grep -qxF "$f" <<<"$contents" || missing+=("$f"); done
if [ ${#missing[@]} -eq 0 ]; then
  pass "the package holds all ${#expected[@]} expected files"
else
  fail "missing from the package: ${missing[*]}"
fi

# Lintian, with the package's own overrides (each explained in packaging/debian/lintian-overrides).
if command -v lintian >/dev/null; then
  lintian_log=$(lintian --fail-on error,warning "$deb" 2>&1) && rc=0 || rc=$?
  [ "$rc" -eq 0 ] && pass "lintian: no errors or warnings" || fail "lintian (status $rc):"$'\n'"$lintian_log"
fi

# --- Install, with the build tree's copies out of the way -------------------------------------------
# Keep only PATH entries that hold none of the programs, and /usr/bin, where the package puts them.
clean_path=
IFS=: read -r -a path_entries <<<"$PATH"
for dir in "${path_entries[@]}"; do
  keep=1
  if [ "$dir" != /usr/bin ]; then
    for p in "${programs[@]}"; do [ -e "$dir/$p" ] && keep=0; done
  fi
  [ $keep -eq 1 ] && clean_path=${clean_path:+$clean_path:}$dir
done
case ":$clean_path:" in *:/usr/bin:*) ;; *) clean_path=${clean_path:+$clean_path:}/usr/bin ;; esac
[ "$clean_path" != "$PATH" ] && echo "== PATH without build-tree copies: $clean_path"
export PATH=$clean_path

was_installed=0
dpkg-query -W -f='${Status}' hogscope 2>/dev/null | grep -q 'install ok installed' && was_installed=1

echo "== dpkg -i $deb"
if "${sudo_cmd[@]}" dpkg -i "$deb"; then
  pass "dpkg -i"
elif DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -f -y -qq; then
  pass "dpkg -i, with the missing dependencies installed by apt-get -f install"
else
  fail "dpkg -i"
  exit 1
fi

for p in "${programs[@]}"; do
  where=$(command -v "$p")
  [ "$where" = "/usr/bin/$p" ] && pass "$p resolves to $where" || fail "$p resolves to '$where', not /usr/bin/$p"
done

# A home of its own, so the demo store and settings of the test land nowhere else.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/runtime"
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
export XDG_CACHE_HOME=$home/.cache XDG_RUNTIME_DIR=$home/runtime QT_QPA_PLATFORM=offscreen

# --- The installed programs --------------------------------------------------------------------------
for p in "${programs[@]}"; do
  out=$("$p" --version 2>&1)
  [ "$out" = "$p $upstream" ] && pass "$p --version: $out" || fail "$p --version printed '$out', expected '$p $upstream'"
  if out=$("$p" --help 2>&1) && grep -q '^Usage: ' <<<"$out"; then
    pass "$p --help"
  else
    fail "$p --help (status $?):"$'\n'"$out"
  fi
done

out=$(timeout 300 hogscope query --demo 'SELECT 1' 2>"$home/query.err")
rc=$?
if [ $rc -eq 0 ] && grep -qE '(^|[^0-9])1([^0-9]|$)' <<<"$out"; then
  pass "hogscope query --demo 'SELECT 1': $(tr '\n' ' ' <<<"$out")"
else
  fail "hogscope query --demo 'SELECT 1': status $rc, stdout '$out', stderr: $(tail -5 "$home/query.err")"
fi

# hogql format --check: what `format` prints must pass the check, and the messy sample must not.
sample=$here/sample_unformatted.hogql
hogql format "$sample" >"$home/formatted.hogql" 2>"$home/format.err" && rc=0 || rc=$?
if [ $rc -eq 0 ] && [ -s "$home/formatted.hogql" ]; then
  pass "hogql format ${sample##*/}"
  hogql format --check "$home/formatted.hogql" && rc=0 || rc=$?
  [ $rc -eq 0 ] && pass "hogql format --check on formatted output: status 0" ||
    fail "hogql format --check on its own output: status $rc"
else
  fail "hogql format ${sample##*/}: status $rc, $(head -3 "$home/format.err")"
fi
out=$(hogql format --check "$sample" 2>&1) && rc=0 || rc=$?
[ $rc -eq 1 ] && [ "$out" = "$sample: not formatted" ] && pass "hogql format --check on the unformatted sample: status 1, '$out'" ||
  fail "hogql format --check on the unformatted sample: status $rc (expected 1), printed '$out' (expected '$sample: not formatted')"

# The installed server: a demo store, served, answers a HogQL query over HTTP.
if hogscope-server demo --db "$home/demo.sqlite" --events 500 --seed 3 2>"$home/demo.err"; then
  pass "hogscope-server demo --events 500"
  hogscope-server serve --db "$home/demo.sqlite" --token t0k >"$home/serve.out" 2>"$home/serve.err" &
  server=$!
  for _ in $(seq 50); do grep -q '^listening on ' "$home/serve.out" && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$home/serve.out")
  if [ -n "$url" ] && command -v curl >/dev/null; then
    body=$(curl -s -H 'Authorization: Bearer t0k' -H 'Content-Type: application/json' \
      -d '{"query":{"kind":"HogQLQuery","query":"SELECT count() FROM events"}}' "$url/api/environments/1/query/")
    grep -q '"results": *\[\[500\]\]' <<<"$body" && pass "hogscope-server serve answers a query: 500 events" ||
      fail "hogscope-server serve: unexpected answer: ${body:0:300}"
  elif [ -n "$url" ]; then
    pass "hogscope-server serve: $url (curl missing, query not sent)"
  else
    fail "hogscope-server serve printed no URL: $(cat "$home/serve.err")"
  fi
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
else
  fail "hogscope-server demo: $(tail -3 "$home/demo.err")"
fi

# --- Desktop integration and documentation -----------------------------------------------------------
if appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >"$home/as.log" 2>&1; then
  pass "appstreamcli validate --no-net: $(tail -1 "$home/as.log")"
else
  fail "appstreamcli validate --no-net:"$'\n'"$(cat "$home/as.log")"
fi
desktop=/usr/share/applications/$app_id.desktop
if command -v desktop-file-validate >/dev/null; then
  out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ] && pass "desktop-file-validate" ||
    fail "desktop-file-validate: $out"
fi
exec_program=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ "$(command -v "$exec_program")" = "/usr/bin/$exec_program" ] && pass "the desktop file runs /usr/bin/$exec_program" ||
  fail "the desktop file's Exec=$exec_program is not an installed program"
bad_icons=0
for s in "${sizes[@]}"; do
  png=/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png
  if ! file -b "$png" | grep -q "^PNG image data, $s x $s,"; then
    fail "icon $png: $(file -b "$png" 2>&1)"
    bad_icons=1
  fi
done
[ $bad_icons -eq 0 ] && pass "icons: ${#sizes[@]} PNGs of the sizes their folders say"
for p in "${programs[@]}"; do
  page=$(man -w "$p" 2>/dev/null)
  if [ "$page" = "/usr/share/man/man1/$p.1.gz" ] && MANWIDTH=80 man "$p" 2>/dev/null | grep -q '^NAME'; then
    pass "man $p"
  else
    fail "man $p: found '$page'"
  fi
done

# --- Remove ---------------------------------------------------------------------------------------------
if [ $was_installed -eq 0 ]; then
  if "${sudo_cmd[@]}" dpkg -r hogscope >/dev/null && [ ! -e /usr/bin/hogscope ]; then
    pass "dpkg -r hogscope"
  else
    fail "dpkg -r hogscope"
  fi
fi

echo "== $failures step(s) failed"
[ $failures -eq 0 ]
