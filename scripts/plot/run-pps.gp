# Per run: packets per second of each stage over time.
# gnuplot -c run-pps.gp DATADIR "STAGES" OUTBASE "TITLE"
# DATADIR holds pps-STAGE.dat files: "t_s pps" rows; scripts/plots draws this
# only when some stage has a rate above zero.
datadir = ARG1
stages = ARG2
outbase = ARG3
load ARG0[:strstrt(ARG0, "run-pps.gp") - 1] . "common.gp"

set title ARG4 noenhanced
set xlabel "time since start (s)"
set ylabel "thousand packets per second (kpps)"
set yrange [0:*]
set xrange [0:*]
set mxtics 2
set offsets 0, 0, graph 0.05, 0

eval png_term(png_w, png_h)
set output outbase . ".png"
plot for [i=1:words(stages)] datadir . "/pps-" . word(stages, i) . ".dat" \
	using 1:($2 / 1000.0) with linespoints ls i title word(stages, i)
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
