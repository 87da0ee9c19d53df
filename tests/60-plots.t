#!/bin/bash
# `make plots` on a short real run: per-run PNG and SVG for pps by stage and for
# latency, with as many data series as the run has stages; the index and the
# across-runs plot; report.html. gnuplot complaining, or a PASS run without data
# under --strict, fails the plot script. No throughput figure is asserted.
# Then a results folder with every kind of run, all real but the bench: PASS,
# BUG without traffic, ERROR with traffic and without (interrupted while
# sending, and while building), a scenario named like an HTML tag, and a bench
# (fixture: one point ERROR, one with a BUG run) whose ERROR run is real, and a
# kernel x scenario matrix (fixture: a cell that missed its expectation, an ERROR cell,
# a missing cell, a kernel named like an HTML tag, TCG guests). Plots
# must exit 0, show verdicts and reasons instead of empty charts, keep ERROR
# runs out of every aggregate, escape every string, and draw PNGs at the size
# report.html shows.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

PLOTS=$TOP/scripts/plots
plan 81

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

# No locale at all in the environment (cron, a bare ssh): gnuplot must not warn.
env -i PATH="$PATH" HOME="$HOME" "$PLOTS" --results "$TMP/r" --strict >"$TMP/plots.out" \
	2>"$TMP/plots.err"
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
grep -q "$(basename "$run")" "$html" && grep -q 'class="v PASS">PASS<' "$html"
ok $? "report.html names the run and its verdict"

# A run without per-second data: an error under --strict, named in the message.
mkdir -p "$TMP/empty"
cp -r "$run" "$TMP/empty/"
head -n 1 "$run/stats.csv" >"$TMP/empty/$(basename "$run")/stats.csv"
rm -rf "$TMP/empty/$(basename "$run")/plots"
"$PLOTS" --results "$TMP/empty" --strict >/dev/null 2>"$TMP/empty.err"
is "$?" 1 "empty stats.csv: scripts/plots --strict exits 1"
like "$(cat "$TMP/empty.err")" 'stats.csv: no data' "empty stats.csv: the message names the file"

# A PASS run whose latency is one sample (every percentile the same value) is drawn.
mkdir -p "$TMP/one"
cp -r "$run" "$TMP/one/"
printf 'percentile,latency_ns\n50,20000\n90,20000\n99,20000\n100,20000\n' \
	>"$TMP/one/$(basename "$run")/latency.csv"
rm -rf "$TMP/one/$(basename "$run")/plots"
"$PLOTS" --results "$TMP/one" --strict >/dev/null 2>"$TMP/one.err"
is "$?" 0 "latency of one sample: scripts/plots --strict exits 0 ($(head -n 2 "$TMP/one.err"))"
[ -s "$TMP/one/$(basename "$run")/plots/latency.svg" ]
ok $? "and draws it"

# gnuplot printing anything (here a stand-in that complains) fails the plot.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "line 1: undefined variable: x" >&2\nexec %s "$@"\n' \
	"$(command -v gnuplot)" >"$TMP/bin/gnuplot"
chmod +x "$TMP/bin/gnuplot"
PATH=$TMP/bin:$PATH "$PLOTS" --results "$TMP/r" --force >/dev/null 2>"$TMP/gp.err"
is "$?" 1 "a gnuplot message makes scripts/plots exit 1"

# ---- every kind of run -----------------------------------------------------------

M=$TMP/mix
mkdir -p "$M"
cp -r "$run" "$M/"
rm -rf "$M/$(basename "$run")/plots"
pass_pps=$(jqr '.stages.sink.pps' "$run/result.json")

"$XSKNS" run --results "$M" --duration 1 no-netns-cookie >"$TMP/bug.ktap" 2>"$TMP/bug.log"
is "$?" 1 "no-netns-cookie gives BUG (exit 1)"
bug=$(dirname "$(result_of "$M" no-netns-cookie)")
bug_reason=$(jqr '.reason' "$bug/result.json")

# ERROR with traffic: interrupted once the generator is sending.
"$XSKNS" run --results "$M" --duration 5 colliding-ifindex >"$TMP/int.ktap" 2>"$TMP/int.log" &
pid=$!
for _ in $(seq 100); do grep -q 'sending' "$TMP/int.log" && break; sleep 0.1; done
sleep 1.5
kill -INT "$pid"
wait "$pid"
is "$?" 2 "a run interrupted while sending is ERROR (exit 2)"
intr=$(find "$M" -mindepth 1 -maxdepth 1 -name 'colliding-ifindex-*' ! -name "$(basename "$run")" | head -n 1)
is "$(jqr '.verdict + ": " + .reason' "$intr/result.json")" "ERROR: interrupted" "interrupted run: verdict and reason"
int_pps=$(jqr '.stages.sink.pps' "$intr/result.json")
awk -v p="$int_pps" 'BEGIN { exit !(p > 0) }'
ok $? "interrupted run carried traffic (sink $int_pps pps)" "$(tail -n 5 "$TMP/int.log")"

# ERROR without traffic: interrupted while it builds its topology.
"$XSKNS" run --results "$M" --duration 1 distinct-ifindex >/dev/null 2>"$TMP/err.log" &
pid=$!
for _ in $(seq 250); do grep -q 'results in' "$TMP/err.log" && break; sleep 0.02; done
kill -INT "$pid"
wait "$pid"
is "$?" 2 "a run interrupted before sending is ERROR (exit 2)"
err=$(dirname "$(result_of "$M" distinct-ifindex)")
err_reason=$(jqr '.reason' "$err/result.json")
is "$(jqr '.stages.gen.packets' "$err/result.json")" 0 "that run sent nothing" "$(tail -n 3 "$TMP/err.log")"

# A scenario whose name and description are HTML.
hostile='<img src=x onerror=alert(1)>'
printf 'description = <script>alert(2)</script> & "quoted"\nexpect = PASS\nifindex_outer = 4242\nifindex_inner = 4242\n' \
	>"$TMP/$hostile.scn"
"$XSKNS" run --results "$M" --duration 1 "$TMP/$hostile.scn" >/dev/null 2>"$TMP/hostile.log"
ok $? "a scenario named $hostile passes" "$(tail -n 3 "$TMP/hostile.log")"

# A bench whose kernel-only 1500 B point has only an ERROR run (the real one above).
cp -r "$TOP/tests/fixtures/plots/bench-fixture" "$M/"
mkdir -p "$M/bench-fixture/runs"
cp -r "$err" "$M/bench-fixture/runs/error-run"
cp -r "$TOP/tests/fixtures/plots/matrix-fixture" "$M/"
rm -f "$M/latest"

"$PLOTS" --results "$M" --strict >"$TMP/mix.out" 2>"$TMP/mix.err"
is "$?" 0 "plots --strict on PASS, BUG, ERROR and bench runs exits 0"
[ ! -s "$TMP/mix.err" ]
ok $? "no message on stderr" "$(head -n 5 "$TMP/mix.err")"
html=$M/report.html
h() { jq -rn --arg s "$1" '$s | @html'; }
has() { grep -qF -- "$1" "$html"; }

# Verdicts and reasons instead of empty charts.
has "no traffic: <span class=\"v BUG\">BUG</span>: <b>$(h "$bug_reason")</b>"
ok $? "BUG run: 'no traffic' entry with its verdict and reason"
has "no traffic: <span class=\"v ERROR\">ERROR</span>: <b>$(h "$err_reason")</b>"
ok $? "ERROR run without traffic: entry with verdict and reason ($err_reason)"
has '<span class="v ERROR">ERROR</span> <b>interrupted</b>'
ok $? "ERROR run with traffic: verdict and reason next to its numbers"
[ ! -e "$bug/plots/pps.png" ] && [ ! -e "$bug/plots/latency.png" ] && [ ! -e "$err/plots/pps.png" ]
ok $? "no empty per-run chart for runs without traffic"
[ ! -e "$M/plots/no-netns-cookie.png" ] && [ ! -e "$M/plots/distinct-ifindex.png" ]
ok $? "no across-runs chart for scenarios without a measured run"
grep -A1 '<h3>no-netns-cookie</h3>' "$html" | grep -qF 'no traffic in any run'
ok $? "across runs: no-netns-cookie shown as text, not a chart"
has 'sockets: 2 fwd, 1 sink, <span class="failed">1 failed</span>' &&
	has '<span class="failed">Invalid argument (-22)</span>'
ok $? "BUG run: the socket records, the failed one marked"
has '<td>4242</td><td>0</td><td>none</td><td>none</td>'
ok $? "BUG run: cookies of an emulated kernel without SO_NETNS_COOKIE read none, not 0"
! has 'checks: </p>'
ok $? "no empty checks line"

# ERROR runs out of every aggregate.
is "$(jq -c '.[] | select(.scenario == "colliding-ifindex") | [.groups[] | .runs, .verdicts]' "$M/plots/across.json")" \
	'[1,{"PASS":1}]' "across runs: the colliding-ifindex group holds the PASS run only"
is "$(awk '{ print $2, $6 }' "$M/plots/colliding-ifindex.dat")" "$pass_pps 1" \
	"across-runs plot data: the PASS run's pps, one run"
is "$(jq -c '[.[] | select(.verdict == "ERROR") | .measured] | unique' "$M/index.json")" '[false]' \
	"index: ERROR runs never measured"
is "$(jq -c '[.[] | select(.scenario == "distinct-ifindex") | .groups | length]' "$M/plots/across.json")" '[0]' \
	"across runs: a scenario with only an ERROR run has no group"
grep -A3 '<h3>colliding-ifindex</h3>' "$html" | grep -q '<td>1</td><td>1 <span class="v PASS">PASS</span></td>'
ok $? "report: the across-runs table counts one run, PASS"

# Numbers: rates with 3 significant digits, no empty versions.
fmt() { awk -v v="$1" 'BEGIN {
	if (v < 999.5) { printf "%d\n", v + 0.5; exit }
	u = v < 999500 ? "k" : "M"; x = v / (u == "k" ? 1e3 : 1e6)
	s = sprintf(x >= 99.95 ? "%.0f" : x >= 9.995 ? "%.1f" : "%.2f", x)
	sub(/\.0+$/, "", s); if (s ~ /\./) sub(/0+$/, "", s); print s u }'; }
has "<td>$(fmt "$pass_pps") ($(fmt "$pass_pps")-$(fmt "$pass_pps"))</td>"
ok $? "across table: sink pps as $(fmt "$pass_pps")"
has '<td>latency shared</td><td>64 B</td><td>974</td><td>974</td><td>974</td><td>974 (974-974)</td>'
ok $? "bench: 974 pps written 974, not 0k"
! grep -qE '>0k<|>0k \(|libbpf ,|libxdp ,|libxdp- ' "$html"
ok $? "no '0k', no 'libbpf ,', no library without its version" "$(grep -oE '>0k<|>0k \(|libbpf ,|libxdp ,|libxdp- ' "$html" | head -n 3)"
has "no PASS run: 1 <span class=\"v ERROR\">ERROR</span>: $(h "$err_reason")</td>"
ok $? "bench: the ERROR point with its verdict and the run's reason"
grep -q 'no PASS run' "$M/bench-fixture/plots/throughput.svg"
ok $? "bench throughput plot: 'no PASS run' where the kernel-only 1500 B bar would be"
colours=0
for c in PASS BUG ERROR; do grep -qE "\.v\.$c \{ background: #[0-9a-f]{6}" "$html" && colours=$((colours + 1)); done
is "$colours" 3 "verdict colours for PASS, BUG and ERROR"

# The matrix: a verdict grid and forwarded pps per kernel, and its section of the report.
MX=$M/matrix-fixture/plots
png_ok "$MX/verdicts.png"
ok $? "matrix: verdicts.png is a PNG"
is "$(series "$MX/verdicts.svg")" 2 "matrix: verdict grid drawn (cells and words)"
is "$(awk -F'"' '{ print $2 }' "$MX/verdicts.dat" | paste -sd,)" \
	"BUG (want PASS),PASS,BUG,PASS,ERROR,-" "matrix grid: a word per cell, the expectation where it was missed, - where none"
png_ok "$MX/pps.png"
ok $? "matrix: pps.png is a PNG"
is "$(series "$MX/pps.svg")" 5 \
	"matrix: pps per kernel, a bar series per scenario with traffic or a BUG (3), the kernel labels, the BUG labels"
is "$(grep -c '>BUG (no rate)<' "$MX/pps.svg")" 2 \
	"matrix pps plot: each BUG cell without a rate says so where its bar would be (2)"
grep -q 'TCG guests: emulated CPUs' "$MX/pps.svg"
ok $? "matrix pps plot: TCG numbers are marked as such"
has '<h2>Matrix matrix-fixture</h2>' && has '3 of 5 cells as expected, 1 differ, 1 ERROR'
ok $? "report: the matrix section with its summary"
has '<span class="v BUG">BUG</span> <span class="failed">want PASS</span>'
ok $? "report: a matrix cell that missed its expectation says what was expected"
has '<td>debian:&lt;b&gt;sid&lt;/b&gt;</td>' && ! grep -q '<b>sid</b>' "$html"
ok $? "report: the matrix's kernel names are escaped"

# Escaping: nothing from results lands raw.
! grep -qiE '<img src=x|<script>alert' "$html"
ok $? "no raw HTML from the scenario name or description" "$(grep -oiE '.{20}(<img src=x|<script>alert).{20}' "$html" | head -n 2)"
has '&lt;img src=x onerror=alert(1)&gt;' && has '&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quoted&quot;'
ok $? "the hostile name and description shown escaped"
has 'src="%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E-'
ok $? "links to the hostile run's plots are URL-encoded"
png_ok "$M/plots/$hostile.png"
ok $? "across-runs plot drawn for the hostile scenario"

# Readable: every PNG shown at the size it was drawn, text at least 10 px.
bad=
n=0
while IFS= read -r tag; do
	[[ $tag =~ src=\"([^\"]*)\".*width=\"([0-9]+)\".*height=\"([0-9]+)\" ]] || { bad="$bad $tag"; continue; }
	src=${BASH_REMATCH[1]} w=${BASH_REMATCH[2]} hh=${BASH_REMATCH[3]}
	src=$(printf '%b' "${src//%/\\x}") # URL-decoded
	read -r pw ph < <(od -An -tu1 -j16 -N8 "$M/$src" | tr -s ' \n' '  ' |
		awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	[ "$w" = "$pw" ] && [ "$hh" = "$ph" ] && [ "$pw" -le 1240 ] || bad="$bad $src:${w}x$hh/${pw}x$ph"
	n=$((n + 1))
done < <(grep -o '<img [^>]*>' "$html")
[ "$n" -ge 8 ] && [ -z "$bad" ]
ok $? "report: $n images, each at its PNG's own size (no scaling)" "mismatched:$bad"
! grep -qE 'img \{[^}]*[^-]width: *[0-9]+%' "$html"
ok $? "report: no CSS that shrinks images to a fraction of the page"
minfont=$(find "$M" -path '*/plots/*.svg' -exec grep -ho 'font-size="[0-9.]*"' {} + | tr -dc '0-9.\n' | sort -g | head -n 1)
awk -v f="$minfont" 'BEGIN { exit !(f >= 10) }'
ok $? "smallest text in the plots is $minfont px (>= 10)"

# Again on the same folder: exit 0, nothing redrawn (the runs did not change).
"$PLOTS" --results "$M" >"$TMP/again.out" 2>"$TMP/again.err"
is "$?" 0 "plots again on the same folder exits 0"
like "$(cat "$TMP/again.out")" '^plots: up to date, nothing redrawn' "nothing redrawn when nothing changed, and it says up to date"

# Run kinds apart: a bisection's step runs out of the run listing and the header counts (a
# section of their own); a TCG guest's run marked beside the host's, with a caveat.
B=$TMP/kinds
mkdir -p "$B/bisect-one/steps/2-def"
cp -r "$run" "$B/host-run"
cp -r "$run" "$B/tcg-run"
jq '.env.machine = "guest" | .env.accel = "tcg" | .run_id = "tcg-run-1"' "$run/result.json" >"$B/tcg-run/result.json"
cp -r "$run" "$B/bisect-one/steps/2-def/step-run"
jq '.run_id = "bisect-step-run-1" | .verdict = "BUG"' "$run/result.json" >"$B/bisect-one/steps/2-def/step-run/result.json"
printf '1\tabc\tBUILD-FAILED\t125\tbuild failed\n2\tdef\tBUG\t1\tok\n' >"$B/bisect-one/steps.tsv"
echo "first fixed commit: def the fix" >"$B/bisect-one/answer.txt"
"$PLOTS" --results "$B" >"$TMP/kinds.out" 2>"$TMP/kinds.err"
is "$?" 0 "plots on host, TCG and bisection runs exits 0" "$(cat "$TMP/kinds.err")"
html=$B/report.html
! grep -q '<h3>bisect-step-run-1 ' "$html"
ok $? "a bisection step is not in the run listing"
grep -q '<h3>tcg-run-1 ' "$html" && grep -qE "<h3>$(jqr .run_id "$run/result.json") " "$html"
ok $? "negative control: the host and TCG runs are"
like "$(grep -o 'from [0-9]* runs in [^<]*: [^.]*' "$html")" "from 2 runs in .*: 2 <span class=\"v PASS\">PASS</span>; besides, 1 bisection step run\\(s\\) of 1 bisection" \
	"header: the runs counted without the bisection's step, which is counted apart"
has '<h2>Bisections</h2>' && has '<td>bisect-one</td><td>2</td>' && has 'first fixed commit: def the fix'
ok $? "Bisections: a row with its steps and its answer"
has '[TCG guest: emulated CPU, rates not comparable with host runs]'
ok $? "run listing: the TCG run marked"
is "$(jq -c '[.[] | select(.scenario == "colliding-ifindex") | .groups[] | [.machine, .accel]]' "$B/plots/across.json")" \
	'[["guest","tcg"],["host","none"]]' "across runs: a TCG guest is a group of its own"
grep -q '(tcg)' "$B/plots/colliding-ifindex.dat" && grep -q 'emulated CPU: compare them with each other' "$B/plots/colliding-ifindex.svg"
ok $? "across plot: the TCG bar labelled, the caveat in its title"
has 'TCG guests run on an emulated CPU: their pps compare kernels with each other, not with the host rows.'
ok $? "across table: the caveat under it"

