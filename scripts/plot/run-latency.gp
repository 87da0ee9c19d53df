# Per run: one-way latency percentile distribution, generator TX to sink RX.
# gnuplot -c run-latency.gp DATFILE OUTBASE "TITLE"
# DATFILE rows: nines latency_ns "label" show, nines = -log10(1 - p/100)
# (p50 -> 0.3, p99 -> 2, p99.99 -> 4); max comes last, one step right; only
# rows with show=1 get a tic label and their value printed (µs below 1 ms, ms
# above, at most three significant digits).
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "run-latency.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set xlabel "percentile"
set ylabel "one-way latency (µs)"
set logscale y 10
set format y "%g"
# A run whose percentiles are all one value (one sample) still gets a y range.
stats datfile using ($2 / 1000.0) nooutput
set yrange [STATS_min / 2 : STATS_max * 2]
set xrange [0:*]
set offsets 0.2, 0.4, 0, 0
unset key
set grid xtics ytics mytics lc rgb "#e4e4e4"
val(ns) = ns < 1e4 ? sprintf("%.3g µs", ns / 1e3) : ns < 1e6 ? sprintf("%.0f µs", ns / 1e3) : \
	ns < 1e9 ? sprintf("%.3g ms", ns / 1e6) : sprintf("%.3g s", ns / 1e9)

eval png_term(png_w, png_h)
set output outbase . ".png"
plot datfile using 1:($2 / 1000.0):xtic(3) with linespoints ls 1 title "latency", \
	'' using 1:($2 / 1000.0):($4 > 0 ? val($2) : "") with labels offset 0, 1 notitle
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
