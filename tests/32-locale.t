#!/bin/bash
# Files meant for programs are C-locale whatever the user's locale: a run under
# a comma-decimal locale (de_DE, built into the test's own folder, so the
# system is not touched) writes kv reports, result.json, stats.csv and
# latency.csv that read back with '.' decimals and agree with each other;
# only the lines for people on stderr use the user's digit grouping.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 17

loc=$TMP/locales
mkdir -p "$loc"
if ! localedef -i de_DE -f UTF-8 "$loc/de_DE.UTF-8" >"$TMP/localedef" 2>&1 &&
	[ ! -e "$loc/de_DE.UTF-8/LC_NUMERIC" ]; then
	echo "Bail out! cannot build the de_DE locale (package locales): $(head -3 "$TMP/localedef")"
	exit 1
fi
de() { LOCPATH=$loc LC_ALL=de_DE.UTF-8 "$@"; }

# The locale really is comma-decimal, or every check below would pass vacuously.
is "$(de /usr/bin/printf "%'.1f" 1234.5)" "1.234,5" "de_DE from \$LOCPATH groups with '.' and has a decimal comma"

de "$XSKNS" run --results "$TMP/r" colliding-ifindex --duration 1 >"$TMP/ktap" 2>"$TMP/log"
status=$?
[ "$status" -eq 0 ]
ok $? "a scenario under de_DE: PASS (exit status $status)" "$(tail -5 "$TMP/log")"
r=$(result_of "$TMP/r" colliding-ifindex 2>/dev/null)
dir=$(dirname "$r")
if [ -z "$r" ]; then # no run: the checks below fail, without noise
	dir=$TMP/no-run
	mkdir -p "$dir" && touch "$dir/stats.csv" "$dir/latency.csv" "$dir/none.kv"
fi

jq -e . "$r" >/dev/null 2>&1
ok $? "result.json parses" "$(head -c 300 "$r" 2>/dev/null)"

# A rate as the tool wrote it, and whether result.json holds the same number.
kv_val() { sed -n "s/^$2=//p" "$dir/$1.kv" 2>/dev/null; }
same_rate() { # same_rate TOOL KEY JSON_PATH
	local v
	v=$(kv_val "$1" "$2")
	[[ $v =~ ^[0-9]+\.[0-9]{3}$ ]] &&
		[ "$(jq --arg v "$v" "$3 == (\$v | tonumber) and $3 > 0" "$r" 2>/dev/null)" = true ]
	ok $? "$1.kv $2=$v: a real number, equal in result.json ($3 = $(jqr "$3" "$r"))"
}
same_rate gen pps .stages.gen.pps
same_rate fwd rx_pps .stages.fwd.rx_pps
same_rate fwd tx_pps .stages.fwd.tx_pps
same_rate sink pps .stages.sink.pps

bad=$(grep -HE '=[-0-9.,]*[0-9],[0-9][-0-9.,]*$' "$dir"/*.kv)
is "$bad" "" "no decimal comma in any kv report"
is "$(awk -F, 'NF != 6 || (NR > 1 && ($4 !~ /^[0-9]+(\.[0-9]+)?$/ || $6 !~ /^[0-9]+\.[0-9]+$/))' "$dir/stats.csv")" "" \
	"stats.csv: six fields a row, pps and interval_s plain numbers"
[ "$(wc -l <"$dir/stats.csv")" -gt 1 ]
ok $? "stats.csv has rows"
is "$(awk -F, 'NF != 2 || (NR > 1 && $1 !~ /^[0-9]+(\.[0-9]+)?$/)' "$dir/latency.csv")" "" \
	"latency.csv: two fields a row (99.9, not 99,9)"

version=$("$XSKNS" --version | head -1)
is "xskns $(jqr .env.harness_version "$r")" "$version" "result.json env.harness_version"
like "$(jqr .env.build_config "$r")" '^impl=' "result.json env.build_config"

# People still get their own grouping on stderr ("sent 1.234.567 frames").
like "$(grep -E '^gen: sent ' "$TMP/log")" '^gen: sent [0-9]{1,3}(\.[0-9]{3})+ frames' \
	"stderr: the generator's summary in the user's digit grouping"
like "$(grep -E '^run: lost ' "$TMP/log")" '^run: lost (nothing: )?[0-9]{1,3}(\.[0-9]{3})+ ' \
	"stderr: the loss line in the user's digit grouping"
like "$(grep -E '^sink: latency: ' "$TMP/log")" '^sink: latency: min [0-9]+(,[0-9]+)? (ns|µs|ms)' \
	"stderr: latencies with the user's decimal mark and a unit"

is "$(leftover_namespaces)" "" "nothing left behind"
