# Bench: what a many-namespaces run costs by the number of namespace pairs on
# one UMEM. Top: memory, measured (fall of MemAvailable, median with min-max;
# growth of Slab) against the model's estimate (harness/tools/memest.h) and the part
# of it that is the kernel's per-chunk pool state. Bottom: topology setup and
# teardown time (median, min-max).
# gnuplot -c bench-scale.gp DATFILE OUTBASE "TITLE"
# DATFILE rows (scripts/bench): pairs sockets mem_med mem_min mem_max slab model pool
#   setup_med setup_min setup_max teardown_med teardown_min teardown_max fwd_kpps tools_rss
#   (memory in MiB, time in s, NaN where a run gave nothing)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "bench-scale.gp") - 1] . "common.gp"

do for [fmt in "png svg"] {
	if (fmt eq "png") {
		eval png_term(png_w, 2 * png_h)
	} else {
		eval svg_term(png_w, 2 * png_h)
	}
	set output outbase . "." . fmt
	set multiplot layout 2, 1 title ARG3 noenhanced
	set logscale x 2
	set format x "%g"
	set xrange [0.7:724]
	set xlabel "namespace pairs on one UMEM (forwarder sockets: twice as many)"

	set logscale y 10
	set format y "%g"
	set ylabel "memory (MiB)"
	plot datfile using 1:7 with lines ls 4 title "model: estimate", \
		'' using 1:8 with lines ls 4 dt 2 title "model: pool state", \
		'' using 1:3:4:5 with yerrorbars ls 1 title "measured: MemAvailable fall", \
		'' using 1:6 with points ls 3 title "measured: Slab growth"

	unset logscale y
	set yrange [0:*]
	set ylabel "time (s)"
	plot datfile using 1:9:10:11 with yerrorlines ls 1 title "topology setup", \
		'' using 1:12:13:14 with yerrorlines ls 2 title "teardown"
	unset multiplot
	unset yrange
}
unset output
