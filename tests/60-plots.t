#!/bin/bash
# `make plots` on a short real run: per-run PNG and SVG for pps by stage and for
# latency, with as many data series as the run has stages; the index and the
# across-runs plot; report.html. gnuplot complaining, or a run without data
# under --strict, fails the plot script. No throughput figure is asserted.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

PLOTS=$TOP/scripts/plots
plan 22

png_ok() { # png_ok FILE: exists, PNG signature, not trivially small
	[ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(stat -c %s "$1")" -gt 2000 ]
}
series() { grep -c 'id="gnuplot_plot_' "$1" 2>/dev/null || echo 0; }

"$XSKNS" run --results "$TMP/r" --duration 2 colliding-ifindex >"$TMP/ktap" 2>"$TMP/run.log"
ok $? "a 2 s run of colliding-ifindex passes" "$(tail -n 5 "$TMP/run.log")"
run=$(dirname "$(result_of "$TMP/r" colliding-ifindex)")
stages=$(awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ { print $2 }' "$run/stats.csv" | sort -u | wc -l)
[ "$stages" -ge 1 ]
ok $? "stats.csv has per-second rows ($stages stages)"
lat_rows=$(awk -F, '$1 ~ /^[0-9.]+$/ && $2 > 0' "$run/latency.csv" | wc -l)
[ "$lat_rows" -ge 2 ]
ok $? "latency.csv has percentile rows ($lat_rows)"

"$PLOTS" --results "$TMP/r" --strict >"$TMP/plots.out" 2>"$TMP/plots.err"
ok $? "scripts/plots --strict succeeds" "$(cat "$TMP/plots.err")"
[ ! -s "$TMP/plots.err" ]
ok $? "no message from gnuplot or the script on stderr" "$(cat "$TMP/plots.err")"

png_ok "$run/plots/pps.png"
ok $? "per run: pps.png is a PNG"
png_ok "$run/plots/latency.png"
ok $? "per run: latency.png is a PNG"
[ -s "$run/plots/pps.svg" ] && [ -s "$run/plots/latency.svg" ]
ok $? "per run: SVG versions exist"
is "$(series "$run/plots/pps.svg")" "$stages" "pps plot: one series per stage in stats.csv"
is "$(find "$run/plots" -name 'pps-*.dat' | wc -l)" "$stages" "pps plot: one data file per stage"
is "$(find "$run/plots" -name 'pps-*.dat' -empty | wc -l)" 0 "pps plot: no empty data file"
is "$(series "$run/plots/latency.svg")" 2 "latency plot: the curve and its value labels"
is "$(wc -l <"$run/plots/latency.dat")" "$lat_rows" "latency plot: every percentile row plotted"
grep -q 'one-way latency</text>' "$run/plots/latency.svg" &&
	grep -q 'percentile</text>' "$run/plots/latency.svg"
ok $? "latency plot has its title and axis labels"

is "$(tail -n +2 "$TMP/r/index.tsv" | wc -l)" 1 "index.tsv: one row for the one run"
png_ok "$TMP/r/plots/colliding-ifindex.png"
ok $? "across runs: colliding-ifindex.png is a PNG"
is "$(series "$TMP/r/plots/colliding-ifindex.svg")" 2 "across runs: host bars and p99 points"

html=$TMP/r/report.html
grep -q "plots/pps.png" "$html" && grep -q "plots/latency.png" "$html" &&
	grep -q "plots/colliding-ifindex.png" "$html"
ok $? "report.html shows the run's and the across-runs plots"
grep -q "$(basename "$run")" "$html" && grep -q 'class="PASS"' "$html"
ok $? "report.html names the run and its verdict"

# A run without per-second data: an error under --strict, named in the message.
mkdir -p "$TMP/empty"
cp -r "$run" "$TMP/empty/"
head -n 1 "$run/stats.csv" >"$TMP/empty/$(basename "$run")/stats.csv"
rm -rf "$TMP/empty/$(basename "$run")/plots"
"$PLOTS" --results "$TMP/empty" --strict >/dev/null 2>"$TMP/empty.err"
is "$?" 1 "empty stats.csv: scripts/plots --strict exits 1"
like "$(cat "$TMP/empty.err")" 'stats.csv: no data' "empty stats.csv: the message names the file"

# gnuplot printing anything (here a stand-in that complains) fails the plot.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "line 1: undefined variable: x" >&2\nexec %s "$@"\n' \
	"$(command -v gnuplot)" >"$TMP/bin/gnuplot"
chmod +x "$TMP/bin/gnuplot"
PATH=$TMP/bin:$PATH "$PLOTS" --results "$TMP/r" --force >/dev/null 2>"$TMP/gp.err"
is "$?" 1 "a gnuplot message makes scripts/plots exit 1"
