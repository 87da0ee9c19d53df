#!/bin/bash
# The command line: bad input gets a one-line error that names the bad value
# or option, exit status 2, and nothing created; options may follow the
# positional arguments (until `--`); --help and --version work at the top and
# for every command.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 134

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

# Overrides that would silently run something else are refused.
expect_error "bad --forwarder 'cmd:': no command after 'cmd:'" "an empty forwarder command" \
	"$XSKNS" run --forwarder 'cmd:' colliding-ifindex
expect_error "no-netns-cookie: fwd_netns shared puts both forwarder devices in one namespace, where they cannot both have ifindex 4242" \
	"--fwd-netns shared removing the ifindex collision" \
	"$XSKNS" run --fwd-netns shared --check-expect no-netns-cookie

# Errors name their real cause.
printf 'expect = PASS\nifindex_outer = 1\n' >"$TMP/ifx.scn"
expect_error "ifx.scn:2: bad value for 'ifindex_outer': '1' \\(an ifindex 2-2147483647" \
	"an ifindex out of range, with its file:line" "$XSKNS" run "$TMP/ifx.scn"
# shellcheck disable=SC2016 # $0 is the inner shell's
expect_error "the file descriptor limit \\(ulimit -n\\) is 20; this run needs about [0-9]+" \
	"too few file descriptors" bash -c 'ulimit -n 20; exec "$0" run colliding-ifindex' "$XSKNS"
if [ "$(id -u)" -eq 0 ] && command -v capsh >/dev/null; then
	# shellcheck disable=SC2016 # $0 is the inner shell's
	expect_error "not allowed to create AF_XDP sockets .*lacks CAP_NET_RAW" "without CAP_NET_RAW" \
		capsh --drop=cap_net_raw -- -c '"$0" run colliding-ifindex' "$XSKNS"
else # dropping a capability from the bounding set needs root (CAP_SETPCAP)
	why=$([ "$(id -u)" -eq 0 ] && echo "capsh missing" || echo "not root")
	skip "without CAP_NET_RAW: exit status 2" "$why"
	skip "without CAP_NET_RAW: message names the value" "$why"
fi

# make with an empty BUILD or RESULTS: refused before anything is written (into /).
expect_error "BUILD is empty: give a folder" "make run-scenario BUILD=" make -s -C "$TOP" run-scenario BUILD=
expect_error "RESULTS is empty: give a folder" "make run-scenario RESULTS=" make -s -C "$TOP" run-scenario RESULTS=
ok "$([ ! -e /kfwd.bpf.o ] && [ ! -e /build.config ]; echo $?)" "nothing written into /"

printf 'expect = PASS\nqueus = 2\n' >"$TMP/typo.scn"
expect_error "typo.scn:2: unknown key 'queus'" "scenario file with an unknown key" \
	"$XSKNS" run "$TMP/typo.scn"
expect_error "unknown command 'frobnicate'" "unknown command" "$XSKNS" frobnicate

# Root-only checks (they run a scenario or load BPF) SKIP for another user (make check).
is_root() { [ "$(id -u)" -eq 0 ]; }

if ! is_root; then # already not root: the binary itself refuses
	expect_error "must run as root" "not root" "$XSKNS" run colliding-ifindex
elif id nobody >/dev/null 2>&1; then
	# a copy nobody can reach: the tree may sit in /root (mode 700)
	chmod 711 "$TMP" && mkdir -m 755 "$TMP/nobody" &&
		cp "$XSKNS" "$TOP/scenarios/colliding-ifindex.scn" "$TMP/nobody/"
	as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	if "${as_nobody[@]}" test -x "$TMP/nobody/xskns"; then
		expect_error "must run as root" "not root" \
			"${as_nobody[@]}" "$TMP/nobody/xskns" run "$TMP/nobody/colliding-ifindex.scn"
	else # a root folder of mode 700 (some chroots): nobody reaches no file at all
		skip "not root: exit status 2" "nobody cannot reach $TMP"
		skip "not root: message" "nobody cannot reach $TMP"
	fi
else
	skip "not root: exit status 2" "no user nobody"
	skip "not root: message" "no user nobody"
fi

# Options anywhere: after a scenario name they are parsed (the bad value is
# named), after `--` they are names.
expect_error "bad --pkt-size '10': out of range" "an option after the scenario is parsed" \
	"$XSKNS" run colliding-ifindex --pkt-size 10
expect_error "unknown scenario '--pkt-size'" "after --, an option is a name" \
	"$XSKNS" run colliding-ifindex -- --pkt-size 10
expect_error "unknown option '-Z'" "an unknown short option is named" "$XSKNS" run -Zx
expect_error "unknown option '--bogus'" "an unknown long option is named" \
	"$XSKNS" run colliding-ifindex --bogus
expect_error "option '--duration' needs a value" "a missing value is named" \
	"$XSKNS" run colliding-ifindex --duration
expect_error "unexpected argument 'extra'" "a command without positional arguments refuses one" \
	"$XSKNS" fwd --port a:b extra --port c:d

out=$("$XSKNS" run --help)
like "$out" '--version' "run --help lists --version"
out=$("$XSKNS" --help)
is "$?" 0 "xskns --help: exit status 0"
like "$out" 'COMMAND --help' "xskns --help: usage"
for cmd in "" run fwd gen sink kfwd version; do
	# shellcheck disable=SC2086 # empty $cmd: top level
	out=$("$XSKNS" $cmd --version)
	status=$?
	is "$status" 0 "xskns ${cmd:+$cmd }--version: exit status 0"
	like "$(head -1 <<<"$out")" '^xskns [^ :]+$' "xskns ${cmd:+$cmd }--version: the harness version first"
done
out=$("$XSKNS" --version)
like "$out" 'AF_XDP: (libxdp|libxdp-tree|selftests-xsk) [^ ]* ?.*/' \
	"--version: AF_XDP implementation, version and loaded path"
like "$out" 'libbpf: [0-9]+\.[0-9]+' "--version: libbpf version"
want=$(sed -n 's/^#define XSKNS_VERSION "\(.*\)"$/\1/p' "$BUILD/build_info.h" 2>/dev/null)
if [ -n "$want" ]; then
	is "$(head -1 <<<"$out")" "xskns $want" "--version: git describe at build time"
else
	skip "--version: git describe at build time" "no $BUILD/build_info.h"
fi
like "$("$XSKNS" version)" 'xskns_version=' "xskns version: key=value, with the harness version"

out=$("$XSKNS" run --help)
like "$out" '--emulate-no-netns-cookie' "--help lists the options from the table"

# A frame the veths cannot carry (MTU 1500 + Ethernet header + VLAN tag = 1518)
# is refused before anything is built, never judged.
expect_error "bad --pkt-size '1519': out of range 64-1518" "frame larger than the veth MTU carries" \
	"$XSKNS" run --pkt-size 1519 colliding-ifindex
printf 'pkt_size = 1519\n' >"$TMP/jumbo.scn"
expect_error "pkt_size 1519 out of range 64-1518: .*at most 1518 bytes" \
	"scenario file: frame larger than the veth MTU carries" "$XSKNS" run "$TMP/jumbo.scn"
# A capture (pcap, little-endian, Ethernet) holding one 1519-byte frame.
le32() { # le32 N: N as 4 bytes, little-endian, in printf %b notation
	printf '\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}
{
	printf '%b' '\xd4\xc3\xb2\xa1\x02\x00\x04\x00'
	printf '%b' "$(le32 0)$(le32 0)$(le32 65535)$(le32 1)$(le32 0)$(le32 0)$(le32 1519)$(le32 1519)"
	head -c 1519 /dev/zero
} >"$TMP/jumbo.pcap"
expect_error "bad --pcap '.*jumbo.pcap': packet 1 is 1519 bytes.*at most 1518" \
	"a replayed frame larger than the veth MTU carries" \
	"$XSKNS" run --pcap "$TMP/jumbo.pcap" colliding-ifindex
# Scenario files: only regular files, read whole, decimal numbers only. A
# folder, /dev/null, /dev/zero or a FIFO is refused at once (no run of the
# defaults, no hang); so is a name longer than PATH_MAX (never cut to another file).
expect_error "scenarios/ is not a regular file \\(a folder\\)" "a folder as scenario" \
	"$XSKNS" run "$TOP/scenarios/"
expect_error "/dev/null is not a regular file" "/dev/null as scenario" "$XSKNS" run /dev/null
expect_error "/dev/zero is not a regular file" "/dev/zero as scenario (no hang)" \
	timeout 20 "$XSKNS" run /dev/zero
mkfifo "$TMP/fifo.scn"
expect_error "fifo.scn is not a regular file" "a FIFO as scenario (no hang)" \
	timeout 20 "$XSKNS" run "$TMP/fifo.scn"
long=$TOP/scenarios
while [ ${#long} -lt 4200 ]; do long+=/.; done
expect_error "scenario name too long: 4[0-9]{3} bytes" "a name longer than PATH_MAX" \
	"$XSKNS" run "$long/no-netns-cookie.scn"
printf 'description = %0600d duration = 1\n' 0 >"$TMP/longdesc.scn"
expect_error "longdesc.scn:1: bad value for 'description': .*at most 255 bytes" \
	"a long description is one line (its tail is no key)" "$XSKNS" run "$TMP/longdesc.scn"
printf 'pairs = 7\0garbage\n' >"$TMP/nul.scn"
expect_error "nul.scn:1: a NUL byte" "a NUL byte in a scenario" "$XSKNS" run "$TMP/nul.scn"
printf 'expect = PASS\nduration = 010\n' >"$TMP/octal.scn"
expect_error "octal.scn:2: bad value for 'duration': '010' \\(a decimal number" \
	"scenario: a number with a leading zero (no octal)" "$XSKNS" run "$TMP/octal.scn"
printf 'emulate_no_netns_cookie = maybe\n' >"$TMP/bool.scn"
expect_error "bool.scn:1: .*1/0, yes/no, true/false or on/off" "scenario: not a boolean word" \
	"$XSKNS" run "$TMP/bool.scn"
expect_error "bad --duration '010': not a decimal number" "--duration 010 (no octal)" \
	"$XSKNS" run --duration 010 colliding-ifindex
expect_error "bad --duration '0x10': not a decimal number" "--duration 0x10 (no hex)" \
	"$XSKNS" run --duration 0x10 colliding-ifindex
expect_error "bad --rate '.-1': not a decimal number" "--rate with whitespace and a sign" \
	"$XSKNS" run --rate "$(printf '\t-1')" colliding-ifindex
expect_error "bad EMULATE_NO_NETNS_COOKIE 'maybe'" "run-scenario: not a boolean word" \
	env EMULATE_NO_NETNS_COOKIE=maybe RESULTS="$TMP/r" "$TOP/scripts/run-scenario"
# `yes` asks for the emulated old kernel as `1` does: the BUG case.
if is_root; then
	EMULATE_NO_NETNS_COOKIE=yes DURATION=1 RESULTS="$TMP/r" SCENARIO=colliding-ifindex \
		BUILD="$BUILD" "$TOP/scripts/run-scenario" >"$TMP/yes.ktap" 2>"$TMP/yes.log"
	is "$?" 1 "run-scenario EMULATE_NO_NETNS_COOKIE=yes: BUG, as with 1"
else
	skip "run-scenario EMULATE_NO_NETNS_COOKIE=yes: BUG, as with 1" "not root"
fi

# Tool limits are found before the topology is built; every tool's bad input is status 2.
expect_error "pairs 33 needs 66 forwarder ports; the kernel forwarder takes at most 64" \
	"kernel forwarder: more pairs than it takes" \
	"$XSKNS" run --forwarder kernel --pairs 33 colliding-ifindex
if is_root; then # another user cannot load kfwd's program, the first thing it does
	expect_error "cannot open namespace xskns-test-absent" "kfwd: unknown netns" \
		"$XSKNS" kfwd --port xskns-test-absent:eth0 --port xskns-test-absent2:eth0
else
	skip "kfwd: unknown netns: exit status 2" "not root"
	skip "kfwd: unknown netns: message names the value" "not root"
fi

# Memory: a run estimated to need more than the limit (half of MemAvailable,
# or --mem-limit-mb) is refused before setup, with the estimate and the limit
# (65536 forwarder sockets: the kernel's per-chunk state alone is terabytes).
expect_error "colliding-ifindex needs an estimated [0-9]{5,} MiB \\(UMEM [0-9]+, kernel buffer-pool state [0-9]+, .*more than the limit of [0-9]+ MiB \\(50 % of MemAvailable" \
	"pairs=512 queues=64: more memory than the machine has" \
	"$XSKNS" run --results "$TMP/rmem" --pairs 512 --queues 64 colliding-ifindex
expect_error "needs an estimated [0-9]+ MiB .*more than the limit of 10 MiB \\(--mem-limit-mb" \
	"an estimate above --mem-limit-mb" \
	"$XSKNS" run --results "$TMP/rmem" --mem-limit-mb 10 colliding-ifindex
is "$(find "$TMP/rmem" -mindepth 1 2>/dev/null | wc -l)" 0 "refused runs made no run folder"

# Placement: a CPU this process cannot run on is refused (the run before setup,
# a tool before it opens anything), naming the CPU and what there is.
ncpu=$(nproc)
expect_error "bad --cpu-gen $ncpu: not a CPU this process can run on \\(it has $ncpu CPUs?: " \
	"--cpu-gen one past the last CPU" "$XSKNS" run --cpu-gen "$ncpu" colliding-ifindex
expect_error "bad --cpu-sink 4095: not a CPU" "--cpu-sink 4095" \
	"$XSKNS" run --cpu-sink 4095 colliding-ifindex
expect_error "sink: cannot pin to CPU 4095 \\($ncpu CPUs?: " "a tool's --cpu that does not exist" \
	"$XSKNS" sink --port xskns-test-absent:eth0 --cpu 4095

# Hostile names. A scenario file's name cannot forge KTAP lines or directives
# (the BUG case makes these runs stop at the bind, in a second).
if is_root; then
	printf 'emulate_no_netns_cookie = 1\nexpect = BUG\n' >"$TMP/nl
ok 99 injected"
	printf 'emulate_no_netns_cookie = 1\nexpect = BUG\n' >"$TMP/x # SKIP fake.scn"
	"$XSKNS" run --results "$TMP/rh" --duration 1 --junit "$TMP/hostile.xml" "$TMP/nl
ok 99 injected" "$TMP/x # SKIP fake.scn" >"$TMP/hostile.ktap" 2>"$TMP/hostile.log"
	is "$?" 1 "hostile names: the runs themselves go on (BUG)"
	is "$(grep -cE '^(not )?ok ' "$TMP/hostile.ktap")" 2 "hostile names: two test lines for two scenarios"
	is "$(grep -cE '^ok 99|# SKIP' "$TMP/hostile.ktap")" 0 "hostile names: no forged line, no SKIP directive"
	like "$(cat "$TMP/hostile.ktap")" '^ok 1 nl\\x0aok 99 injected # XFAIL BUG \(as expected\)$' "hostile names: a newline escaped"
	like "$(cat "$TMP/hostile.ktap")" '^ok 2 x \\x23 SKIP fake # XFAIL BUG \(as expected\)$' "hostile names: a '#' escaped"
	xmllint --noout "$TMP/hostile.xml" 2>"$TMP/hostile.xmllint" &&
		python3 -c 'import sys, xml.etree.ElementTree as E; n = [t.get("name") for t in E.parse(sys.argv[1]).iter("testcase")]; sys.exit(n != ["nl ok 99 injected", "x # SKIP fake"])' "$TMP/hostile.xml"
	ok $? "hostile names: the JUnit file is well formed and keeps them" "$(cat "$TMP/hostile.xmllint")"
	is "$(find "$TMP/rh" -mindepth 1 -maxdepth 1 -name '*[[:cntrl:]]*' | wc -l)" 0 \
		"hostile names: no control character in a run folder's name"
else
	skip "hostile names: the runs themselves go on (BUG)" "not root"
	skip "hostile names: two test lines for two scenarios" "not root"
	skip "hostile names: no forged line, no SKIP directive" "not root"
	skip "hostile names: a newline escaped" "not root"
	skip "hostile names: a '#' escaped" "not root"
	skip "hostile names: the JUnit file is well formed and keeps them" "not root"
	skip "hostile names: no control character in a run folder's name" "not root"
fi
# A reason quoting a path with a newline stays on its line.
"$XSKNS" run --results "$TMP/absent
ok 98 forged/sub" colliding-ifindex >"$TMP/reason.ktap" 2>/dev/null
is "$(grep -cE '^ok 98' "$TMP/reason.ktap")" 0 "a newline in an ERROR reason cannot forge a line"
# Invalid UTF-8 (a Latin-1 0xE9) in a name and a description: result.json stays valid JSON.
if is_root; then
	printf 'description = caf\xe9 \xff\nemulate_no_netns_cookie = 1\nexpect = BUG\n' \
		>"$TMP/caf$(printf '\xe9').scn"
	"$XSKNS" run --results "$TMP/ru" --duration 1 "$TMP/caf$(printf '\xe9').scn" >/dev/null 2>&1
	r=$(find "$TMP/ru" -name result.json | head -n 1)
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); sys.exit(d["description"] != "caf\ufffd \ufffd")' "$r"
	ok $? "invalid UTF-8 becomes U+FFFD: result.json loads as JSON (${r##*/ru/})"
else
	skip "invalid UTF-8 becomes U+FFFD: result.json loads as JSON" "not root"
fi
# The default scenarios folder is the tree the binary was built from, wherever the binary
# is copied and whatever the working directory: a planted ./scenarios is never used.
mkdir -p "$TMP/reloc/bin" "$TMP/reloc/cwd/scenarios"
cp "$XSKNS" "$TMP/reloc/bin/xskns"
printf 'expect = BUG\n' >"$TMP/reloc/cwd/scenarios/colliding-ifindex.scn"
printf 'expect = BUG\n' >"$TMP/reloc/cwd/scenarios/planted-only.scn"
like "$(cd "$TMP/reloc/cwd" && "$TMP/reloc/bin/xskns" run --list)" '^colliding-ifindex +expect PASS' \
	"a copied binary lists the scenarios of the tree it was built from"
reloc_run() { (cd "$TMP/reloc/cwd" && "$TMP/reloc/bin/xskns" run planted-only); }
expect_error "unknown scenario 'planted-only' \\($TOP/scenarios/planted-only.scn" \
	"a copied binary ignores ./scenarios" reloc_run
like "$(cd / && "$XSKNS" run --list)" '^colliding-ifindex +expect PASS' \
	"the binary in its tree finds its scenarios from any folder"
# --results that is a link the harness did not make is refused; nothing goes through it.
mkdir "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$TMP/rlink"
expect_error "--results '.*/rlink' is a symbolic link" "--results through a planted link" \
	"$XSKNS" run --results "$TMP/rlink" colliding-ifindex
is "$(find "$TMP/elsewhere" -mindepth 1 | wc -l)" 0 "nothing was written through the link"

# A guest reads its arguments one per line: one with a newline is refused, not split.
expect_error "an argument with a newline cannot be passed to the guest" "a guest argument with a newline" \
	"$TOP/vm/mkinitramfs.sh" run "$TMP/run.cpio.gz" run -- xskns run $'nl\nok 99 injected'

is "$(leftover_namespaces)" "" "nothing was created"
