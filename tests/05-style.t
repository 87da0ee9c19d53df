#!/bin/bash
# The code standards, checked: shell scripts pass shellcheck, C is formatted by
# the one .clang-format, and the build has no compiler warning.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 9
cd "$TOP" || exit 1
mapfile -t scripts < <(git ls-files scripts vm tests .ci | xargs grep -lE '^#!/bin/(ba)?sh')
shellcheck -x "${scripts[@]}" >"$TMP/sc" 2>&1
ok $? "shellcheck: ${#scripts[@]} scripts clean" "$(head -20 "$TMP/sc")"

mapfile -t sources < <(git ls-files 'harness/*.[ch]' 'bpf/*.[ch]' 'tests/unit/*.[ch]' 'tests/fwd/*.c' 'tests/repro/*.c')
clang-format --dry-run -Werror "${sources[@]}" >"$TMP/cf" 2>&1
ok $? "clang-format: ${#sources[@]} C files formatted" "$(head -20 "$TMP/cf")"

make -s BUILD="$TMP/build" "$TMP/build/xskns" >"$TMP/cc" 2>&1
status=$?
[ "$status" -eq 0 ] && ! grep -q 'warning:' "$TMP/cc"
ok $? "a fresh build has no compiler warning (-Wall -Wextra)" "$(grep -m10 'warning:' "$TMP/cc")"

# Layers point one way: every harness layer compiles with only its own and lower headers.
make -s BUILD="$TMP/build" check-layers >"$TMP/layers" 2>&1
ok $? "every harness layer builds from its own and lower layers' headers" "$(head -20 "$TMP/layers")"
# ... and the check can fail: a base file that includes a tools header is refused.
mkdir -p "$TMP/tree" && git ls-files -z | xargs -0 cp --parents -t "$TMP/tree"
printf '#include "memest.h"\n' >>"$TMP/tree/harness/base/log.c"
! make -s -C "$TMP/tree" BUILD="$TMP/tree/build" check-layers >"$TMP/layers2" 2>&1 &&
	grep -q 'harness/base/log.c (layer base) needs a header of a layer above it' "$TMP/layers2"
ok $? "an include running back up fails check-layers, naming the file" "$(head -5 "$TMP/layers2")"

# Every script's --help is its whole header comment (scripts/lib/help.sh), never a
# line range of itself that drifts.
# shellcheck source=scripts/lib/help.sh
. "$TOP/scripts/lib/help.sh"
bad=
for f in $(git grep -l 'header_help "' -- scripts vm | grep -v '^scripts/lib/'); do
	"$f" --help >"$TMP/help" 2>&1
	header_help "$f" | diff -q - "$TMP/help" >/dev/null || bad="$bad $f"
done
[ -z "$bad" ]
ok $? "every script's --help is its header comment" "differs:$bad"

# The README stays a front page (at most 250 lines; the rest is in docs/), and every
# relative link in it and in docs/ leads to a file and a heading that exist.
lines=$(wc -l <README.md)
[ "$lines" -le 250 ]
ok $? "README.md is at most 250 lines ($lines)"
tests/lib/check-links.py README.md docs/*.md >"$TMP/links" 2>&1
ok $? "every link in README.md and docs/ resolves" "$(head -n 20 "$TMP/links")"
# ... and the check can fail: a missing file and a missing heading are both named.
printf '[a](no-such.md) [b](%s#no-such-heading) [c](%s#set-up-and-run-debian-12-as-root)\n' \
	"$TOP/README.md" "$TOP/README.md" >"$TMP/bad.md"
tests/lib/check-links.py "$TMP/bad.md" >"$TMP/bad.out" 2>&1
[ "$?" -eq 1 ] && [ "$(wc -l <"$TMP/bad.out")" -eq 2 ] && grep -q 'no-such.md: no such file' "$TMP/bad.out" &&
	grep -q 'no heading with anchor #no-such-heading' "$TMP/bad.out"
ok $? "negative control: a link to a missing file and one to a missing heading are caught" "$(cat "$TMP/bad.out")"
