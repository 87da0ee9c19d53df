#!/bin/bash
# One build folder, three AF_XDP implementations in turn, no `make clean` between:
# the build configuration stamp must rebuild on every switch, so the verdict is the
# implementation's own (a stale binary would say PASS where the helper says BUG).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 9
cd "$TOP" || exit 1
b=$TMP/build
tree=$(scripts/selftests-xsk-tree 2>"$TMP/unpack.log")
ok $? "linux-source-6.1 selftests helper unpacked" "$(cat "$TMP/unpack.log")"

# verdict_with MAKE_ARGS...: build into the one folder, run colliding-ifindex, print
# "<xsk_impl> <verdict>"
verdict_with() {
	make -s BUILD="$b" "$@" "$b/xskns" >"$TMP/build.log" 2>&1 || { echo "build failed"; return; }
	"$b/xskns" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/run.log"
	echo "$(sed -n 's/^impl=//p' "$b/build.config") $(jqr .verdict "$TMP/r/latest/result.json")"
}

is "$(verdict_with)" "libxdp PASS" "Debian's libxdp: PASS"
is "$(verdict_with XSK_SELFTESTS_KSRC="$tree")" "selftests-xsk BUG" \
	"same folder, XSK_SELFTESTS_KSRC: rebuilt, BUG"
like "$("$b/xskns" version)" 'xsk_impl=selftests-xsk' "the binary reports the selftests helper"
is "$(verdict_with)" "libxdp PASS" "same folder, back to Debian's libxdp: rebuilt, PASS"
like "$("$b/xskns" version)" 'xsk_impl=libxdp' "the binary reports libxdp"

# A libxdp build tree, same folder again.
x=$TMP/xdp-tools
make_libxdp_tree "$x" 9.9.9-test
is "$(verdict_with LIBXDP_DIR="$x")" "libxdp-tree PASS" "same folder, LIBXDP_DIR: rebuilt, PASS"
like "$("$b/xskns" version)" "xsk_impl_path=$x/lib/libxdp/" "the tree's library is the one loaded"

# A new version of the same tree changes nothing but the recorded version: still rebuilt.
echo 'TOOLS_VERSION := "9.9.10-test"' >"$x/version.mk"
make -s BUILD="$b" LIBXDP_DIR="$x" "$b/xskns" >"$TMP/build.log" 2>&1
like "$("$b/xskns" version)" 'xsk_impl_version=9.9.10-test' "a new library version rebuilds"
