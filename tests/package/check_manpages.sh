#!/usr/bin/env bash
# The man pages render without groff warnings, and each documents every long option its program's
# --help lists (so a new option cannot ship undocumented):
#   check_manpages.sh MANDIR NAME=PROGRAM [NAME=PROGRAM]...
# MANDIR holds NAME.1. For hogscope, the options of `hogscope query --help` are checked as well.
set -uo pipefail
mandir=$1
shift
failed=0
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

for pair in "$@"; do
  name=${pair%%=*}
  program=${pair#*=}
  page="$mandir/$name.1"
  if [ ! -f "$page" ]; then
    echo "FAIL: $name: no man page $page"
    failed=1
    continue
  fi
  # As lintian runs it: warnings of groff and man on stderr mean a broken page.
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  if [ -n "$warnings" ]; then
    echo "FAIL: $name.1: groff warnings:"
    echo "$warnings"
    failed=1
  fi
  help=$("$program" --help 2>/dev/null)
  if [ "$name" = hogscope ]; then
    help+=$'\n'$("$program" query --help 2>/dev/null)
  fi
  # The page's text with troff's minus signs and font changes undone.
  text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page")
  missing=()
  for option in $(grep -oE -- '(^|[ ,[])--[a-z][a-z0-9-]*' <<<"$help" | sed 's/^[ ,[]//' | sort -u); do
    if ! grep -qE -- "(^|[^a-z0-9-])${option}([^a-z0-9-]|\$)" <<<"$text"; then
      missing+=("$option")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "FAIL: $name.1 does not document ${missing[*]} (listed by $name --help)"
    failed=1
  else
    echo "PASS: $name.1 renders cleanly and documents every option of --help"
  fi
done
exit $failed
