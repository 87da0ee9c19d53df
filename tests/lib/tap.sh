#!/bin/bash
# TAP helpers for the end-to-end tests (sourced). Each test file prints a plan,
# one line per assertion, and leaves nothing behind: its temporary folder goes
# on exit, and namespaces of its runs are checked for.
# shellcheck disable=SC2034 # variables used by the sourcing test files

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
XSKNS=$BUILD/xskns
TMP=$(mktemp -d /tmp/xskns-test.XXXXXX)
trap '_validate_results; rm -rf "$TMP"' EXIT
_n=0
_failed=0

plan() { echo "1..$1"; }

# Every result.json a test made (under $TMP, except hand-made ones under a fixtures/
# folder) must match results/result.schema.json, every matrix.json
# results/matrix.schema.json and every bisection's summary.json
# results/bisect.schema.json: run on exit, a failure adds a "not ok" line, so the file
# fails whatever its own checks said.
_validate_results() {
	local name schema files out
	for name in result.json:result matrix.json:matrix summary.json:bisect; do
		schema=results/${name#*:}.schema.json
		name=${name%%:*}
		mapfile -t files < <(find "$TMP" -name "$name" -type f -not -path '*/fixtures/*' 2>/dev/null)
		[ "${#files[@]}" -gt 0 ] || continue
		# summary.json is the bisections' (results/bisect-*/)
		[ "$name" != summary.json ] || mapfile -t files < <(printf '%s\n' "${files[@]}" | grep '/bisect-[^/]*/summary.json$')
		[ "${#files[@]}" -gt 0 ] || continue
		if out=$("$TOP/tests/lib/validate-results.py" "$TOP/$schema" "${files[@]}" 2>&1); then
			echo "# ${#files[@]} $name file(s) match $schema"
		else
			ok 1 "the $name files this test wrote match $schema" "$(head -n 20 <<<"$out")"
		fi
	done
}

ok() { # ok CONDITION_STATUS NAME [DIAG...]
	local status=$1 name=$2
	shift 2
	_n=$((_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $_n - $name"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $name"
		local line
		for line in "$@"; do echo "# $line"; done
	fi
}

is() { # is GOT WANT NAME
	[ "$1" = "$2" ]
	ok $? "$3" "got:  '$1'" "want: '$2'"
}

like() { # like TEXT REGEX NAME
	grep -qE -- "$2" <<<"$1"
	ok $? "$3" "text: '$1'" "does not match: '$2'"
}

wait_for_traffic() { # wait_for_traffic PID: until run PID's generator is up (10 s at most)
	local i
	for i in $(seq 100); do
		pgrep -f "xskns gen --port xskns$1-" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# runs_left: namespaces still there of the runs under $TMP (their names' prefix, read from
# each result.json); a run of another test going on at the same time is not counted.
runs_left() {
	local f p
	find "$TMP" -name result.json -print0 | while IFS= read -r -d '' f; do
		p=$(jq -r '.sockets[0].netns // empty' "$f" | sed -E 's/^(xskns[0-9]+-[0-9a-f]+)-.*/\1/')
		[ -n "$p" ] && ip netns list | awk '{print $1}' | grep -- "^$p-"
	done
	return 0
}

fwd_kv() { # fwd_kv KEY RUN: KEY's value in the forwarder's fwd.kv of the run in $TMP/RUN
	sed -n "s/^$1=//p" "$TMP/$2/latest/fwd.kv"
}

xskns_run() { # xskns_run NAME ARGS...: `$XSKNS run` into $TMP/NAME; its status in rc, result.json in r
	local name=$1
	shift
	"$XSKNS" run --results "$TMP/$name" "$@" >"$TMP/$name.ktap" 2>"$TMP/$name.log"
	rc=$?
	r=$TMP/$name/latest/result.json
}

# libbpf_src_or_skip N NAME: the libbpf repository (scripts/libbpf-tree --find) in src;
# without one (nothing is fetched), N checks skipped with the reason, and status 1
libbpf_src_or_skip() {
	local i
	if src=$("$TOP/scripts/libbpf-tree" --find 2>"$TMP/find.err"); then
		echo "# libbpf repository: $src"
		return 0
	fi
	for i in $(seq 1 "$1"); do
		skip "$2 $i" "$(cat "$TMP/find.err") (set LIBBPF_SRC to a libbpf git tree)"
	done
	return 1
}

repo_state() { # repo_state REPO: what must not change in it (refs, HEAD, a work tree's status)
	git -C "$1" for-each-ref --format='%(objectname) %(refname)' | md5sum
	git -C "$1" rev-parse HEAD
	git -C "$1" rev-parse --is-bare-repository | grep -q true || git -C "$1" status --porcelain
}

skip() { # skip NAME REASON
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

# The result.json of scenario NAME under results folder DIR (newest one).
result_of() {
	local dir=$1 name=$2
	find "$dir" -maxdepth 2 -path "*/$name-*/result.json" | sort | tail -n 1
}

# jqr FILTER FILE: jq -r, but a missing or unreadable file never reads as "" (two
# missing values must not compare equal).
jqr() {
	[ -r "$2" ] || { echo "<no file '$2'>"; return 1; }
	jq -r "$1" "$2" 2>/dev/null || { echo "<jq '$1' failed on '$2'>"; return 1; }
}

# no_match ERE FILE: succeeds only when FILE is readable and no line matches
# (grep's own error, status 2, is a failure, not "no match").
no_match() {
	local rc
	[ -r "$2" ] || return 2
	grep -qE "$1" "$2"
	rc=$?
	[ "$rc" -eq 1 ]
}

# A libxdp build tree laid out like xdp-tools' (headers/xdp, lib/libxdp, version.mk),
# made of Debian's libxdp files, copied (not linked) so the loaded path shows which
# library ran.
make_libxdp_tree() { # make_libxdp_tree DIR VERSION
	local tree=$1 lib
	lib=$(find /usr/lib -name 'libxdp.so.1.*' -type f | head -n 1)
	mkdir -p "$tree/headers/xdp" "$tree/lib/libxdp"
	cp /usr/include/xdp/*.h "$tree/headers/xdp/"
	cp "$lib" "$tree/lib/libxdp/"
	ln -s "$(basename "$lib")" "$tree/lib/libxdp/libxdp.so.1"
	ln -s libxdp.so.1 "$tree/lib/libxdp/libxdp.so"
	echo "TOOLS_VERSION := \"$2\"" >"$tree/version.mk"
}

# Namespaces of xskns runs whose process is gone: what a run left behind.
# (Namespaces of a run still going, in another terminal, are not leftovers.)
leftover_namespaces() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns =~ ^xskns([0-9]+)- ]] || continue
		pid=${BASH_REMATCH[1]}
		[ -d "/proc/$pid" ] || echo "$ns" # kill -0 fails on another user's process
	done
}

