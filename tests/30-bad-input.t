#!/bin/bash
# Bad input: a one-line error that names the bad value, exit status 2, and
# nothing created.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 20

expect_error() { # expect_error REGEX NAME CMD...
	local regex=$1 name=$2 out status
	shift 2
	out=$("$@" 2>&1 >/dev/null)
	status=$?
	is "$status" 2 "$name: exit status 2"
	like "$out" "$regex" "$name: message names the value"
}

expect_error "unknown scenario 'no-such-scenario'" "unknown scenario" \
	"$XSKNS" run no-such-scenario
expect_error "bad --port 'justaname'" "malformed port spec" \
	"$XSKNS" fwd --port justaname --port x:y
expect_error "netns 'xskns-test-absent'" "unknown netns" \
	"$XSKNS" fwd --port xskns-test-absent:eth0 --port xskns-test-absent2:eth0
expect_error "bad --ring-size '1000': not a power of two" "ring size not a power of two" \
	"$XSKNS" run --ring-size 1000 colliding-ifindex
expect_error "bad --pkt-size '10': out of range" "frame size out of range" \
	"$XSKNS" run --pkt-size 10 colliding-ifindex
expect_error "bad --umem 'bogus'" "unknown UMEM kind" \
	"$XSKNS" run --umem bogus colliding-ifindex

printf 'expect = PASS\nqueus = 2\n' >"$TMP/typo.scn"
expect_error "typo.scn:2: unknown key 'queus'" "scenario file with an unknown key" \
	"$XSKNS" run "$TMP/typo.scn"
expect_error "unknown command 'frobnicate'" "unknown command" "$XSKNS" frobnicate

if id nobody >/dev/null 2>&1; then
	expect_error "must run as root" "not root" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$XSKNS" run colliding-ifindex
else
	skip "not root: exit status 2" "no user nobody"
	skip "not root: message" "no user nobody"
fi

out=$("$XSKNS" run --help)
like "$out" '--emulate-no-netns-cookie' "--help lists the options from the table"
is "$(leftover_namespaces)" "" "nothing was created"
