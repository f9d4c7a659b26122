#!/usr/bin/env bash
# Every program answers --version and --help without a display, with exit status 0:
#   check_cli.sh PROGRAM NAME VERSION
# --version must print exactly "NAME VERSION"; --help must print a usage text on standard output.
set -uo pipefail
program=$1 name=$2 version=$3
failed=0
export QT_QPA_PLATFORM=offscreen

out=$("$program" --version 2>&1)
rc=$?
if [ $rc -ne 0 ] || [ "$out" != "$name $version" ]; then
  echo "FAIL: $name --version: status $rc, printed '$out', expected '$name $version'"
  failed=1
else
  echo "PASS: $name --version: $out"
fi

out=$("$program" --help 2>/dev/null)
rc=$?
if [ $rc -ne 0 ] || ! grep -q '^Usage: ' <<<"$out" || ! grep -q -- '--version' <<<"$out"; then
  echo "FAIL: $name --help: status $rc, no usage text naming --version on stdout:"
  echo "$out"
  failed=1
else
  echo "PASS: $name --help ($(wc -l <<<"$out") lines)"
fi
exit $failed
