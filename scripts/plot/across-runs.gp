# Across runs of one scenario: delivered pps (median, whiskers min-max) per
# kernel / AF_XDP library / host-or-guest group, and the median p99 latency.
# gnuplot -c across-runs.gp DATFILE OUTBASE "TITLE" HAS_HOST HAS_GUEST HAS_P99 WIDTH
# DATFILE rows: machine pps_median pps_min pps_max p99_ns|NaN runs "kernel" "library machine"
# Only measured runs are in it (scripts/plots leaves ERROR runs and runs
# without traffic out), but a group may still have delivered nothing.
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "across-runs.gp") - 1] . "common.gp"
png_w = int(ARG7)

set title ARG3 noenhanced
set ylabel "delivered, sink (kpps)"
# Room for the second line of the tic labels above the key.
set key height 2
set style fill solid 0.6 border -1
set bars 2
stats datfile using 0 nooutput
# Bars keep their width when there are few groups: pad the range to 3 slots.
pad = STATS_records < 3 ? (4 - STATS_records) / 2.0 : 0.7
set xrange [-pad : STATS_records - 1 + pad]
# Every group at 0 pps would leave autoscale an empty range.
stats datfile using 4 name "Y" nooutput
if (Y_max > 0) { set yrange [0:*]; set offsets 0, 0, graph 0.05, 0 } else { set yrange [0:1] }
# A fixed latency range around the points: one group alone would make it empty.
if (ARG6 eq "1") {
	set y2label "p99 one-way latency (µs)"
	set logscale y2 10
	set y2tics nomirror
	set format y2 "%g"
	set border 11
	stats datfile using ($5 / 1000.0) name "P" nooutput
	set y2range [10 ** floor(log10(P_min * 0.99)) : 10 ** ceil(log10(P_max * 1.01))]
	set my2tics 10
}

host(v) = (strcol(1) eq "host" ? v : NaN)
guest(v) = (strcol(1) eq "host" ? NaN : v)
# Two-line tic labels: the kernel, then the library and the machine.
lab(k, l) = k . "\n" . l
cmd = ""
# boxerrorbars with 5 columns: x y ylow yhigh xdelta (with 4 they would be
# x y ydelta xdelta).
if (ARG4 eq "1") { cmd = cmd . "datfile using 0:(host($2 / 1000.0)):($3 / 1000.0):($4 / 1000.0):(0.3):xtic(lab(strcol(7), strcol(8))) with boxerrorbars ls 1 title 'host', " }
if (ARG5 eq "1") { cmd = cmd . "datfile using 0:(guest($2 / 1000.0)):($3 / 1000.0):($4 / 1000.0):(0.3):xtic(lab(strcol(7), strcol(8))) with boxerrorbars ls 2 title 'guest', " }
if (ARG6 eq "1") { cmd = cmd . "datfile using 0:($5 / 1000.0) axes x1y2 with points ls 4 ps 1.6 title 'p99 latency (right axis)', " }
cmd = cmd[1:strlen(cmd) - 2]

eval png_term(png_w, png_h)
set output outbase . ".png"
eval "plot " . cmd
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
