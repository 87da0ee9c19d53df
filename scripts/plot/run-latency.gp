# Per run: one-way latency percentile distribution, generator TX to sink RX.
# gnuplot -c run-latency.gp DATFILE OUTBASE "TITLE"
# DATFILE rows: nines latency_ns "label" show, nines = -log10(1 - p/100)
# (p50 -> 0.3, p99 -> 2, p99.99 -> 4); max comes last, one step right; only
# rows with show=1 get a tic label and their value printed.
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "run-latency.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set xlabel "percentile"
set ylabel "one-way latency (µs)"
set logscale y 10
set format y "%g"
set xrange [0:*]
set offsets 0.2, 0.4, 0, 0
unset key
set grid xtics ytics mytics lc rgb "#e4e4e4"

set terminal pngcairo size @png_size font "sans,11" noenhanced
set output outbase . ".png"
plot datfile using 1:($2 / 1000.0):xtic(3) with linespoints ls 1 title "latency", \
	'' using 1:($2 / 1000.0):($4 > 0 ? sprintf($2 < 100000 ? "%.1f" : "%.0f", $2 / 1000.0) : "") \
	with labels offset 0, 1 font ",9" notitle
set terminal svg size @svg_size dynamic font "sans,11" noenhanced
set output outbase . ".svg"
replot
unset output
