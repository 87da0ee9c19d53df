#!/bin/bash
# scripts/fresh-check leaves nothing behind: no root folder, no mount, on success, on a
# failing command (its status passed on) and on Ctrl-C. Commands here are trivial: the
# README's own commands in a fresh root are what CI runs (.ci/run: make fresh-check).
# run-all: host namespaces (the network: debootstrap and apt reach Debian's mirror)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 7
cd "$TOP" || exit 1
parent=/var/tmp/xskns-fresh
leftovers() { # roots and mounts of fresh-check runs that are over
	find "$parent" -mindepth 1 -maxdepth 1 -name 'root.*' 2>/dev/null
	grep -F " $parent/" /proc/mounts
}

scripts/fresh-check -- 'test -f /root/xskns/README.md && test ! -e /root/xskns/build' \
	>"$TMP/ok.log" 2>&1
ok $? "a command runs in the root, on the committed tree alone" "$(tail -n 5 "$TMP/ok.log")"
is "$(leftovers)" "" "nothing left after a passing command"

scripts/fresh-check -- 'exit 3' >"$TMP/fail.log" 2>&1
is "$?" 3 "a failing command's status is passed on"
is "$(leftovers)" "" "nothing left after a failing command"

# job control: the run gets its own process group, with SIGINT not ignored (as in a
# terminal; a plain background job of a script ignores it)
set -m
scripts/fresh-check -- 'sleep 60' >"$TMP/int.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 600); do
	grep -q 'sleep 60' "$TMP/int.log" && break
	sleep 0.1
done
sleep 1
kill -INT -- "-$pid"
wait "$pid"
status=$?
is "$status" 130 "Ctrl-C stops it, status 130"
is "$(leftovers)" "" "nothing left after Ctrl-C"

scripts/fresh-check --kvm maybe >/dev/null 2>"$TMP/bad.log"
like "$?:$(cat "$TMP/bad.log")" "^2:.*--kvm is host or broken, not 'maybe'" "a bad option value is named, exit 2"
