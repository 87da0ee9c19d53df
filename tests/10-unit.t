#!/bin/bash
# Unit tests: builds every tests/unit/test_*.c twice (plain, and with ASan +
# UBSan) and runs each binary as one TAP test; a failing binary's own TAP
# output is shown as diagnostics.
set -u
cd "$(dirname "$0")/.." || exit 1

build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT

names=()
for src in tests/unit/test_*.c; do
	names+=("$(basename "$src" .c)")
done

echo "1..$((2 * ${#names[@]} + 2))"
n=0
for variant in unit-tests unit-tests-asan; do
	n=$((n + 1))
	if make -s "$variant" >"$build_log" 2>&1; then
		echo "ok $n - make $variant"
	else
		echo "not ok $n - make $variant"
		sed 's/^/# /' "$build_log"
	fi
done

for dir in build/tests build/asan/tests; do
	for name in "${names[@]}"; do
		n=$((n + 1))
		bin=$dir/$name
		if [ ! -x "$bin" ]; then
			echo "not ok $n - $bin # not built"
			continue
		fi
		if out=$("$bin" 2>&1); then
			echo "ok $n - $bin ($(grep -c '^ok' <<<"$out") checks)"
		else
			echo "not ok $n - $bin"
			grep -v '^ok' <<<"$out" | sed 's/^/# /'
		fi
	done
done
