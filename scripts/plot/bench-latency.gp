# Bench: one-way latency by offered load for each forwarder: p50 solid, p99
# dashed with min-max whiskers over the runs. Both axes logarithmic.
# gnuplot -c bench-latency.gp DATADIR "FORWARDERS" OUTBASE "TITLE"
# DATADIR/latency-FWD.dat rows: offered_pps p50_ns p99_ns p99_min p99_max p999_ns
datadir = ARG1
fws = ARG2
outbase = ARG3
load ARG0[:strstrt(ARG0, "bench-latency.gp") - 1] . "common.gp"

set title ARG4 noenhanced
set xlabel "offered load (kpps)"
set ylabel "one-way latency (µs)"
set logscale xy 10
set format x "%g"
set format y "%.0f"
set grid xtics ytics mytics lc rgb "#e4e4e4"
set offsets graph 0.05, graph 0.05, 0, 0
name(f) = f eq "kernel" ? "kernel-only" : f . " UMEM"

eval png_term(png_w, png_h)
set output outbase . ".png"
plot for [i=1:words(fws)] datadir . "/latency-" . word(fws, i) . ".dat" \
	using ($1 / 1000.0):($2 / 1000.0) with linespoints ls i title name(word(fws, i)) . " p50", \
     for [i=1:words(fws)] datadir . "/latency-" . word(fws, i) . ".dat" \
	using ($1 / 1000.0):($3 / 1000.0):($4 / 1000.0):($5 / 1000.0) with yerrorlines ls i dt 2 \
	title name(word(fws, i)) . " p99"
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
