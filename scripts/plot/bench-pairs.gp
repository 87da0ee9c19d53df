# Bench: shared-UMEM forwarder throughput by the number of namespace pairs on
# one UMEM (median, whiskers min-max).
# gnuplot -c bench-pairs.gp DATFILE OUTBASE "TITLE"
# DATFILE rows: pairs fwd_tx_median fwd_tx_min fwd_tx_max   (pps)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "bench-pairs.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set xlabel "namespace pairs on one UMEM"
set ylabel "forwarded, fwd tx (kpps)"
set logscale x 2
set format x "%g"
set xrange [0.7:48]
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
unset key

eval png_term(png_w, png_h)
set output outbase . ".png"
plot datfile using 1:($2 / 1000.0):($3 / 1000.0):($4 / 1000.0) with yerrorlines ls 1 title "shared UMEM", \
	'' using 1:($2 / 1000.0):(sprintf("%.0f", $2 / 1000.0)) with labels offset 0, 1.2 notitle
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
