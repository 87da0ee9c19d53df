#!/bin/bash
# The code standards, checked: shell scripts pass shellcheck, C is formatted by
# the one .clang-format, and the build has no compiler warning.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 4
cd "$TOP" || exit 1
mapfile -t scripts < <(git ls-files scripts vm tests .ci | xargs grep -lE '^#!/bin/(ba)?sh')
shellcheck "${scripts[@]}" >"$TMP/sc" 2>&1
ok $? "shellcheck: ${#scripts[@]} scripts clean" "$(head -20 "$TMP/sc")"

mapfile -t sources < <(git ls-files 'harness/*.[ch]' 'bpf/*.[ch]' 'tests/unit/*.[ch]' 'tests/fwd/*.c' 'tests/repro/*.c')
clang-format --dry-run -Werror "${sources[@]}" >"$TMP/cf" 2>&1
ok $? "clang-format: ${#sources[@]} C files formatted" "$(head -20 "$TMP/cf")"

make -s BUILD="$TMP/build" "$TMP/build/xskns" >"$TMP/cc" 2>&1
status=$?
[ "$status" -eq 0 ] && ! grep -q 'warning:' "$TMP/cc"
ok $? "a fresh build has no compiler warning (-Wall -Wextra)" "$(grep -m10 'warning:' "$TMP/cc")"

# Layers point one way: the socket library compiles with only its own headers in reach.
make -s BUILD="$TMP/build" check-layers >"$TMP/layers" 2>&1
ok $? "the socket library builds without the run layer's headers" "$(head -20 "$TMP/layers")"
