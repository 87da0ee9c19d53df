#!/bin/bash
# The whole harness built with ASan and UBSan runs a scenario end to end:
# every tool (run, sink, fwd, gen) is the sanitized binary, and any report
# fails the run.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 6
asan=$TOP/build/asan
make -s -C "$TOP" BUILD="$asan" \
	SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	"$asan/xskns" >"$TMP/build.log" 2>&1
ok $? "sanitized build" "$(tail -5 "$TMP/build.log")"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
"$asan/xskns" run --results "$TMP/r" --duration 2 colliding-ifindex no-netns-cookie \
	>"$TMP/ktap" 2>"$TMP/log"
is "$?" 1 "colliding-ifindex + no-netns-cookie under ASan/UBSan: exit 1 (BUG), no sanitizer exit 86"
no_match 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP/log"
ok $? "no sanitizer report" "$(grep -E -A5 'Sanitizer|runtime error' "$TMP/log" | head -20)"
is "$(jqr .verdict "$(result_of "$TMP/r" colliding-ifindex)")" PASS "colliding-ifindex PASS"

# A forwarder given as a command (spawned, probed, stopped with its group): our own
# sanitized fwd through cmd:, in one namespace.
"$asan/xskns" run --results "$TMP/rc" --duration 1 --fwd-netns shared \
	--forwarder "cmd:$asan/xskns fwd --port {netns}:{port0} --port {netns}:{port1} --poll" \
	colliding-ifindex >/dev/null 2>"$TMP/logc"
is "$?" 0 "a command forwarder under ASan/UBSan: PASS, no sanitizer exit 86"
no_match 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP/logc"
ok $? "no sanitizer report with a command forwarder" "$(grep -E -A5 'Sanitizer|runtime error' "$TMP/logc" | head -20)"
