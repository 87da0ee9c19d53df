#!/bin/bash
# The fuzz targets build (clang, libFuzzer, ASan, UBSan) and run briefly from their
# seed corpora without a finding; `make fuzz` is the long run (FUZZ_SECONDS each).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 6
cd "$TOP" || exit 1
make -s fuzz FUZZ_BUILD="$TMP/fuzz" FUZZ_SECONDS=3 >"$TMP/fuzz.log" 2>&1
ok $? "make fuzz: every target runs 3 s without a finding" "$(tail -n 8 "$TMP/fuzz.log")"
for t in scenario expect pcap pkt; do
	like "$(grep "^fuzz: $t:" "$TMP/fuzz.log")" "^fuzz: $t: Done [0-9]+ runs" "fuzz target $t ran"
done
make -s fuzz FUZZ_BUILD="$TMP/fuzz" FUZZ_SECONDS=soon >/dev/null 2>"$TMP/bad.log"
like "$?:$(cat "$TMP/bad.log")" "^2:fuzz: FUZZ_SECONDS 'soon' is not a positive number" \
	"a bad FUZZ_SECONDS is named, exit 2"
