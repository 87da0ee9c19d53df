# Across runs of one scenario: delivered pps (median, whiskers min-max) per
# kernel / AF_XDP library / host-or-guest group, and the median p99 latency.
# gnuplot -c across-runs.gp DATFILE OUTBASE "TITLE" HAS_HOST HAS_GUEST HAS_P99
# DATFILE rows: machine pps_median pps_min pps_max p99_ns|NaN runs "label"
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "across-runs.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set ylabel "delivered, sink (kpps)"
set yrange [0:*]
set style fill solid 0.6 border -1
set boxwidth 0.6
set bars 2
stats datfile using 0 nooutput
if (STATS_records > 3) { set xtics rotate by -20 left }
# Bars keep their width when there are few groups: pad the range to 3 slots.
pad = STATS_records < 3 ? (4 - STATS_records) / 2.0 : 0.7
set xrange [-pad : STATS_records - 1 + pad]
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
cmd = ""
if (ARG4 eq "1") { cmd = cmd . "datfile using 0:(host($2 / 1000.0)):($3 / 1000.0):($4 / 1000.0):xtic(7) with boxerrorbars ls 1 title 'host', " }
if (ARG5 eq "1") { cmd = cmd . "datfile using 0:(guest($2 / 1000.0)):($3 / 1000.0):($4 / 1000.0):xtic(7) with boxerrorbars ls 2 title 'guest', " }
if (ARG6 eq "1") { cmd = cmd . "datfile using 0:($5 / 1000.0) axes x1y2 with points ls 4 ps 1.6 title 'p99 latency (right axis)', " }
cmd = cmd[1:strlen(cmd) - 2]

set terminal pngcairo size @png_size font "sans,11" noenhanced
set output outbase . ".png"
eval "plot " . cmd
set terminal svg size @svg_size dynamic font "sans,11" noenhanced
set output outbase . ".svg"
replot
unset output
