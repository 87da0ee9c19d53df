# Bench: every forwarder compared (ours, kernel-only, commands given with
# --forwarders cmd:'...'), by what the sink received: bars are medians of the
# runs, whiskers min and max, each labelled with its ratio to kernel-only and
# to our shared-UMEM forwarder at the same frame size.
# gnuplot -c bench-forwarders.gp DATFILE OUTBASE "TITLE"
# DATFILE rows: "label" sink_med sink_min sink_max ratio_kernel ratio_ours  (pps; NaN missing)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "bench-forwarders.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set ylabel "delivered, sink (kpps)"
set yrange [0:*]
set offsets 0.5, 0.5, graph 0.15, 0
set boxwidth 0.6
set style fill solid 0.75 border -1
set xtics noenhanced
unset key
rk(c) = strcol(c) eq "NaN" ? "" : sprintf("%.2f× kernel", column(c))
ro(c) = strcol(c) eq "NaN" ? "" : sprintf("%.2f× ours", column(c))

eval png_term(png_w, png_h)
set output outbase . ".png"
plot datfile using 0:($2 / 1000.0):xtic(1) with boxes ls 1 notitle, \
	'' using 0:($2 / 1000.0):($3 / 1000.0):($4 / 1000.0) with yerrorbars lc rgb '#222222' lw 1.5 pt 0 notitle, \
	'' using 0:($4 / 1000.0):(rk(5) . "\n" . ro(6)) with labels offset 0, 1.5 notitle
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
