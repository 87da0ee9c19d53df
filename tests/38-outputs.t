#!/bin/bash
# Outputs are never half-written: result.json and the JUnit file are written
# beside themselves and renamed; a verdict that cannot be written is ERROR
# (exit 2) with its KTAP line, never a PASS with a warning; a refused run
# leaves an existing --junit file as it was; a results/latest that is not the
# link xskns keeps is refused, never replaced or ignored.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 19

# 1. A file size limit (4 KiB: the tools' files fit, result.json does not).
(
	ulimit -f 4
	"$XSKNS" run --results "$TMP/u" --duration 1 colliding-ifindex >"$TMP/u.ktap" 2>"$TMP/u.log"
)
is "$?" 2 "result.json past the file size limit: exit status 2"
like "$(cat "$TMP/u.ktap")" '^not ok 1 colliding-ifindex # ERROR: cannot write .*/result.json: File too large$' \
	"the KTAP line is there and names the file and the cause"
is "$(find "$TMP/u" -name 'result.json*' | wc -l)" 0 "no cut result.json, no temporary file left"

# A full results filesystem (a 64 KiB tmpfs, filled, in a mount namespace of the test's own).
mkdir -p "$TMP/full"
# shellcheck disable=SC2016 # the inner shell's arguments
unshare -m bash -c 'mount -t tmpfs -o size=64k tmpfs "$1" && mkdir "$1/r" &&
	{ dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null; true; } &&
	"$2" run --results "$1/r" --duration 1 colliding-ifindex >"$1.ktap" 2>"$1.log"
	st=$?
	find "$1/r" -name "result.json*" >"$1.found"
	exit "$st"' _ "$TMP/full" "$XSKNS"
is "$?" 2 "a full results filesystem: exit status 2"
like "$(cat "$TMP/full.ktap")" '^not ok 1 colliding-ifindex # ERROR: ' "the KTAP line is there, ERROR"
is "$(cat "$TMP/full.found")" "" "no empty result.json, no temporary file left"

# 2. The same run without a limit: result.json whole, nothing temporary beside it.
"$XSKNS" run --results "$TMP/r" --duration 1 --junit "$TMP/j.xml" colliding-ifindex >"$TMP/r.ktap" 2>"$TMP/r.log"
is "$?" 0 "a run with room: PASS"
jq -e .verdict "$TMP/r/latest/result.json" >/dev/null
ok $? "its result.json is whole"
is "$(find "$TMP/r" "$TMP" -maxdepth 2 -name '*.tmp.*' | wc -l)" 0 "no temporary file left"
like "$(tail -n 1 "$TMP/j.xml")" '^</testsuites>$' "the JUnit file is whole"

# 3. A refused run leaves an existing --junit file untouched.
echo "precious" >"$TMP/keep.xml"
"$XSKNS" run --results "$TMP/r" --junit "$TMP/keep.xml" no-such-scenario >/dev/null 2>"$TMP/k.log"
is "$?" 2 "a run refused (unknown scenario): exit status 2"
is "$(cat "$TMP/keep.xml")" "precious" "the existing --junit file is as it was"
"$XSKNS" run --results "$TMP/r" --junit "$TMP/no-dir/j.xml" colliding-ifindex >/dev/null 2>"$TMP/k2.log"
like "$(cat "$TMP/k2.log")" "cannot write --junit $TMP/no-dir/j.xml: its folder: No such file or directory" \
	"a --junit whose folder is missing is refused before any run"

# 4. results/latest that is not a link: refused, left as it is.
mkdir -p "$TMP/l1" "$TMP/l2/latest"
echo "mine" >"$TMP/l1/latest"
"$XSKNS" run --results "$TMP/l1" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/l1.log"
is "$?" 2 "results/latest a regular file: exit status 2"
like "$(cat "$TMP/l1.log")" "'$TMP/l1/latest' is a file, not the link xskns keeps to the newest run" \
	"and the message says what is wrong"
is "$(cat "$TMP/l1/latest")" "mine" "the file is untouched"
"$XSKNS" run --results "$TMP/l2" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/l2.log"
like "$?:$(cat "$TMP/l2.log")" "^2:.*'$TMP/l2/latest' is a folder, not the link" "results/latest a folder: refused, saying so"

# 5. An empty --results (RESULTS= on make's command line) is named as such.
"$XSKNS" run --results '' --duration 1 colliding-ifindex >/dev/null 2>"$TMP/e.log"
like "$?:$(cat "$TMP/e.log")" '^2:xskns run: --results is empty' "--results '': refused, saying it is empty"

is "$(leftover_namespaces)" "" "nothing left at the end"
