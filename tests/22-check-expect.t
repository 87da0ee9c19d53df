#!/bin/bash
# Expectations mode (xskns run --check-expect, make check-scenarios): each verdict
# judged against its scenario's expect, an expected BUG "ok # XFAIL", a verdict
# other than the expected one "not ok", ERROR never "ok", SKIP for a kernel that lacks
# what a run needs, exit 0 only when all match; JUnit XML of the same (--junit); and
# the kernel's own KTAP parser (kunit.py, from Debian's linux-source) reads the output
# with the BUG reasons in the tests' logs.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 50

# 1. Everything as expected: a PASS and an expected BUG.
"$XSKNS" run --check-expect --junit "$TMP/match.xml" --results "$TMP/r" --duration 1 \
	colliding-ifindex no-netns-cookie >"$TMP/match.ktap" 2>"$TMP/match.log"
is "$?" 0 "as expected: exit 0"
like "$(cat "$TMP/match.ktap")" '^ok 1 colliding-ifindex$' "expected PASS: ok"
like "$(cat "$TMP/match.ktap")" '^ok 2 no-netns-cookie # XFAIL BUG \(as expected\)$' \
	"expected BUG: ok # XFAIL, saying it was expected"
is "$(grep -B1 '^ok 2 ' "$TMP/match.ktap" | head -n 1 | cut -c1-16)" "# BUG: socket 1 " \
	"the reason as a diagnostic line before its result line"
like "$(tail -n 1 "$TMP/match.ktap")" '^# Totals: pass:1 fail:0 xfail:1 xpass:0 skip:0 error:0$' \
	"kselftest's totals line"
like "$(cat "$TMP/match.log")" 'run: no-netns-cookie: BUG, as expected[:( ]' "the run's line: BUG, as expected"
like "$(tail -n 1 "$TMP/match.log")" 'run: 2 scenarios: 1 PASS 1 BUG; every verdict as expected$' \
	"the run's summary: every verdict as expected"
is "$(grep -c 'falls back to one cookie' "$TMP/match.log")" 1 \
	"stdout elsewhere: the reason once on stderr too (the run's line), not the forwarder's"
# On one terminal (stdout and stderr one file) the reason is printed once, all told.
"$XSKNS" run --results "$TMP/r" --duration 1 no-netns-cookie >"$TMP/one.out" 2>&1
is "$(grep -c 'falls back to one cookie' "$TMP/one.out")" 1 \
	"stdout and stderr together: the BUG's reason once (its '# BUG:' line)"

# 2. Verdicts other than expected: exit 1, each says what was expected. --all runs a
# folder in name order.
mkdir -p "$TMP/scn"
printf 'expect = BUG\n' >"$TMP/scn/a-wants-bug.scn"
printf 'expect = PASS\nemulate_no_netns_cookie = yes\n' >"$TMP/scn/b-wants-pass.scn"
"$XSKNS" run --check-expect --scenarios "$TMP/scn" --all --results "$TMP/r2" --duration 1 \
	--junit "$TMP/miss.xml" >"$TMP/miss.ktap" 2>"$TMP/miss.log"
is "$?" 1 "a verdict other than expected: exit 1"
like "$(cat "$TMP/miss.ktap")" '^not ok 1 a-wants-bug # PASS \(expected BUG\)$' \
	"PASS where BUG is expected: not ok"
like "$(cat "$TMP/miss.ktap")" '^not ok 2 b-wants-pass # BUG \(expected PASS\)$' \
	"BUG where PASS is expected: not ok, saying what was expected"
like "$(cat "$TMP/miss.ktap")" '^# BUG: ' "and the BUG's reason before it"
like "$(cat "$TMP/miss.log")" 'run: b-wants-pass: BUG, NOT as expected: the scenario expects PASS' \
	"the run's line says it loudly"
like "$(tail -n 1 "$TMP/miss.log")" 'run: 2 scenarios: 1 PASS 1 BUG; 2 not as expected$' \
	"the run's summary counts them"
# Without --check-expect the lines are the same; the exit status is the verdict's.
"$XSKNS" run --scenarios "$TMP/scn" --all --results "$TMP/r2" --duration 1 \
	>"$TMP/plainmiss.ktap" 2>"$TMP/plainmiss.log"
is "$?:$(grep -c '^not ok' "$TMP/plainmiss.ktap")" "1:2" \
	"plain mode: the same two 'not ok' lines; exit 1, the verdict's (a BUG)"
r=$(result_of "$TMP/r2" a-wants-bug)
is "$(jqr '[.expect, .expect_rule, .verdict] | join(" ")' "$r")" "BUG BUG PASS" \
	"result.json: expect, expect_rule and verdict"
"$XSKNS" run --check-expect --scenarios "$TMP/scn" --all colliding-ifindex >/dev/null 2>"$TMP/both.log"
like "$?:$(cat "$TMP/both.log")" '^2:.*--all or scenario names, not both' "--all with names: exit 2"

# 3. ERROR is never ok, and ends with 2 whatever was expected (here: Ctrl-C in traffic).
"$XSKNS" run --check-expect --results "$TMP/r3" --duration 20 --junit "$TMP/err.xml" \
	colliding-ifindex no-netns-cookie >"$TMP/err.ktap" 2>"$TMP/err.log" &
pid=$!
wait_for_traffic "$pid"
kill -INT "$pid"
wait "$pid"
is "$?" 2 "ERROR: exit 2"
is "$(grep -cE '^ok ' "$TMP/err.ktap")" 0 "ERROR: no ok line"
like "$(cat "$TMP/err.ktap")" '^not ok 1 colliding-ifindex # ERROR: interrupted' "ERROR: not ok"

# 4. A kernel without what the kernel forwarder needs (before 5.9: no BPF link for XDP,
# emulated) is SKIP naming it, never ERROR: exit 4 plain, 0 in expectations mode.
XSKNS_EMULATE_NO_XDP_LINK=1 "$XSKNS" run --forwarder kernel --results "$TMP/r5" --duration 1 \
	--junit "$TMP/skip.xml" distinct-ifindex >"$TMP/skip.ktap" 2>"$TMP/skip.log"
is "$?" 4 "kernel forwarder on a kernel without XDP links: exit 4 (SKIP)"
like "$(cat "$TMP/skip.ktap")" '^ok 1 distinct-ifindex # SKIP the kernel forwarder needs BPF links for XDP \(Linux 5\.9\+\)' \
	"KTAP: ok # SKIP with what is missing"
is "$(jqr '[.verdict, .reason] | join(": ")' "$(result_of "$TMP/r5" distinct-ifindex)")" \
	"SKIP: $(sed -n 's/^# SKIP: //p' "$TMP/skip.ktap")" "result.json: verdict SKIP and the reason"
XSKNS_EMULATE_NO_XDP_LINK=1 "$XSKNS" run --check-expect --forwarder kernel --results "$TMP/r5" \
	--duration 1 distinct-ifindex >/dev/null 2>&1
is "$?" 0 "expectations mode: a SKIP is no mismatch"
# The expectations are the AF_XDP forwarder's: the kernel forwarder has no socket to collide.
"$XSKNS" run --check-expect --forwarder kernel --results "$TMP/r6" --duration 1 no-netns-cookie \
	>"$TMP/kfwd.ktap" 2>"$TMP/kfwd.log"
is "$?:$(jqr .expect "$(result_of "$TMP/r6" no-netns-cookie)")" "0:PASS" \
	"kernel forwarder: PASS expected and met, whatever the scenario expects of AF_XDP"

# 5. JUnit XML of those runs: well formed (xmllint, and Python's parser), one testcase per
# scenario with verdict, expect, reason, rates and latency as properties, and failure,
# error and skipped as JUnit has them.
junit() { # junit FILE: one line per testcase, then the totals
	xmllint --noout "$1" && python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
for tc in suite.findall("testcase"):
    p = {e.get("name"): e.get("value") for e in tc.find("properties")}
    kind = ",".join(c.tag for c in tc if c.tag in ("failure", "error", "skipped")) or "pass"
    msg = next((c.get("message") for c in tc if c.tag in ("failure", "error", "skipped")), "")
    print(tc.get("name"), p["verdict"], p["expect"], kind, "sink_pps=" + p["sink_pps"],
          "p99=" + p["latency_p99_ns"], "time=" + tc.get("time"), "msg=" + msg[:40],
          "reason=" + p["reason"][:20])
print("totals", *(root.get(k) for k in ("tests", "failures", "errors", "skipped")),
      *(suite.get(k) for k in ("tests", "failures", "errors", "skipped")))
PY
}
out=$(junit "$TMP/match.xml" 2>&1)
like "$out" '^colliding-ifindex PASS PASS pass sink_pps=[1-9][0-9]* p99=[1-9][0-9]* time=[0-9.]+ ' \
	"JUnit: a PASS with its rate and latency" "$out"
like "$out" '^no-netns-cookie BUG BUG pass .* reason=socket 1 \(netns xskn' \
	"JUnit, expectations mode: an expected BUG passes, its reason a property"
like "$out" '^totals 2 0 0 0 2 0 0 0$' "JUnit: totals on testsuites and testsuite"
out=$(junit "$TMP/miss.xml" 2>&1)
like "$out" '^a-wants-bug PASS BUG failure .* msg=expected BUG, got PASS' "JUnit: a mismatch is a failure"
like "$out" 'totals 2 2 0 0' "JUnit: two failures counted"
out=$(junit "$TMP/err.xml" 2>&1)
like "$out" '^colliding-ifindex ERROR PASS error .*msg=ERROR: interrupted' "JUnit: ERROR is an error"
like "$out" '^no-netns-cookie not run BUG error .*msg=interrupted: not run' \
	"JUnit: a scenario never run is an error too"
out=$(junit "$TMP/skip.xml" 2>&1)
like "$out" '^distinct-ifindex SKIP PASS skipped .*msg=SKIP: the kernel forwarder needs BPF ' \
	"JUnit: SKIP is skipped"
"$XSKNS" run --junit "$TMP/no/such/dir.xml" colliding-ifindex >/dev/null 2>"$TMP/junit.log"
like "$?:$(cat "$TMP/junit.log")" '^2:.*cannot write --junit .*/no/such/dir.xml' \
	"a --junit file that cannot be written: exit 2 before any run"

# 6. make check-scenarios: the same through make (SCENARIO narrows the folder).
make -s -C "$TOP" check-scenarios INSTALL_DEPS=true SCENARIO="distinct-ifindex no-netns-cookie" \
	DURATION=1 RESULTS="$TMP/rm" JUNIT="$TMP/make.xml" >"$TMP/make.ktap" 2>"$TMP/make.log"
is "$?" 0 "make check-scenarios SCENARIO=...: exit 0"
like "$(junit "$TMP/make.xml" 2>&1)" 'totals 2 0 0 0' "make check-scenarios JUNIT=file: the JUnit file"
like "$(sed -n 2p "$TMP/make.ktap")" '^1\.\.2$' "make check-scenarios: the two scenarios asked for"
# make run-scenario is read by people: an expected BUG ends it with 0 (no "*** Error"),
# a verdict other than expected still fails it (negative control).
make -s -C "$TOP" run-scenario INSTALL_DEPS=true SCENARIO=no-netns-cookie DURATION=1 \
	RESULTS="$TMP/rs" >"$TMP/rs.ktap" 2>"$TMP/rs.log"
is "$?:$(grep -c '\*\*\*' "$TMP/rs.log")" "0:0" "make run-scenario, the BUG expected: exit 0, no make error" \
	"$(tail -n 3 "$TMP/rs.log")"
make -s -C "$TOP" run-scenario INSTALL_DEPS=true SCENARIO=colliding-ifindex EMULATE_NO_NETNS_COOKIE=1 \
	DURATION=1 RESULTS="$TMP/rs" >"$TMP/rs2.ktap" 2>"$TMP/rs2.log"
is "$?" 2 "make run-scenario, a BUG where PASS is expected: make fails"
like "$(cat "$TMP/rs2.ktap")" '^not ok 1 colliding-ifindex # BUG \(expected PASS\)$' \
	"and its KTAP line is not ok, saying what was expected"
make -n -C "$TOP" check-scenarios INSTALL_DEPS=true >"$TMP/dry" 2>&1
like "$(tr -d '\\\n' <"$TMP/dry")" 'xskns run --check-expect .*--all' \
	"make check-scenarios without SCENARIO: the whole folder (--all)"

# 7. The kernel's KTAP parser. Its two files come from Debian's linux-source tarball,
# extracted once into the build folder.
kunit=$BUILD/kunit/tools/testing/kunit
src=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null | sort | tail -n 1)
if [ ! -f "$kunit/kunit_parser.py" ] && [ -n "$src" ]; then
	mkdir -p "$BUILD/kunit"
	tar -xJf "$src" -C "$BUILD/kunit" --strip-components=1 --wildcards \
		'*/tools/testing/kunit/kunit_parser.py' '*/tools/testing/kunit/kunit_printer.py'
fi
# kunit_parser's view: counts, and each test's status and log (its diagnostic lines).
kparse() { # kparse KTAP_FILE
	PYTHONPATH=$kunit python3 - "$1" <<'PY'
import sys
import kunit_parser
with open(sys.argv[1]) as f:
    t = kunit_parser.parse_run_tests(f.readlines())
c = t.counts
print(f"counts passed={c.passed} failed={c.failed} skipped={c.skipped} crashed={c.crashed} errors={c.errors}")
for s in t.subtests:
    print(f"{s.name} {s.status.name} log={' | '.join(s.log)}")
PY
}
if [ -f "$kunit/kunit_parser.py" ]; then
	out=$(kparse "$TMP/match.ktap" 2>&1)
	like "$out" 'counts passed=2 failed=0 skipped=0 crashed=0 errors=0' \
		"kunit.py: expectations met: 2 passed, no error" "$out"
	like "$out" 'no-netns-cookie SUCCESS log=# BUG: socket 1 .*collides with socket 0' \
		"kunit.py: the expected BUG's reason is in its log"
	out=$(kparse "$TMP/miss.ktap" 2>&1)
	like "$out" 'counts passed=0 failed=2 ' "kunit.py: both mismatches failed"
	like "$out" 'a-wants-bug FAILURE log=# PASS: [0-9]+ sockets? bound' "kunit.py: the unexpected PASS's reason in its log"
	out=$(kparse "$TMP/err.ktap" 2>&1)
	like "$out" 'colliding-ifindex FAILURE log=# ERROR: interrupted' "kunit.py: ERROR is a failure"
	like "$(kparse "$TMP/skip.ktap" 2>&1)" 'distinct-ifindex SKIPPED log=# SKIP: the kernel forwarder needs' \
		"kunit.py: ok # SKIP is skipped, what is missing in its log"
	"$XSKNS" run --results "$TMP/r4" --duration 1 no-netns-cookie >"$TMP/plain.ktap" 2>/dev/null
	out=$(kparse "$TMP/plain.ktap" 2>&1)
	like "$out" 'no-netns-cookie SUCCESS log=# BUG: socket 1 .*Invalid argument' \
		"kunit.py, plain mode: an expected BUG passes, its reason in the log"
else
	for i in 1 2 3 4 5 6 7; do skip "kunit.py check $i" "no linux-source tarball in /usr/src"; done
fi

is "$(leftover_namespaces)" "" "nothing left behind"
