#!/bin/bash
# `make LIBXDP_DIR=tree`: headers and library from a libxdp build tree, found
# through rpath, and the file really loaded recorded in the results. The tree
# here is laid out like xdp-tools' (headers/xdp, lib/libxdp, version.mk) from
# Debian's libxdp files, copied (not linked) so the loaded path shows which
# library ran.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 6
tree=$TMP/xdp-tools
make_libxdp_tree "$tree" 9.9.9-test

make -s -C "$TOP" BUILD="$TMP/build" LIBXDP_DIR="$tree" "$TMP/build/xskns" >"$TMP/build.log" 2>&1
ok $? "builds against the tree" "$(tail -5 "$TMP/build.log")"
v=$("$TMP/build/xskns" version)
like "$v" "xsk_impl_path=$tree/lib/libxdp/libxdp.so.1" "the tree's library is the one loaded"
like "$v" 'xsk_impl_version=9.9.9-test' "the tree's version is recorded"

"$TMP/build/xskns" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/log"
is "$?" 0 "colliding-ifindex PASS with the tree's library"
r=$TMP/r/latest/result.json
is "$(jqr .env.xsk_impl "$r")" libxdp-tree "result.json: xsk_impl libxdp-tree"
like "$(jqr .env.xsk_impl_path "$r")" "^$tree/lib/libxdp/" "result.json: the loaded file is the tree's"
