# Bench: forwarder throughput per frame size, shared vs separate UMEM vs the
# kernel-only XDP redirect chain; bars are medians, whiskers min and max, and
# the AF_XDP bars carry their ratio to kernel-only. A point without a PASS run
# has no bar but the words "no PASS run" where the bar would stand.
# gnuplot -c bench-throughput.gp DATFILE OUTBASE "TITLE" RATIOS(0|1)
# DATFILE rows: size shared_med min max separate_med min max kernel_med min max
#               ratio_shared ratio_separate ratio_kernel   (pps; NaN when missing)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "bench-throughput.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set ylabel "forwarded, fwd tx (kpps)"
set xlabel "frame size"
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set style data histograms
set style histogram errorbars gap 1 lw 1.5
set style fill solid 0.75 border -1
set bars 1.5
# Bar j of 3 in cluster i sits at i + (j - 1) / (3 + gap).
bx(i, j) = i + (j - 1) / 4.0
# A NaN in the data makes any expression that reads the column undefined: test
# the text instead.
ratio(c) = strcol(c) eq "NaN" ? "" : sprintf("%.2f×", column(c))
missing(c) = strcol(c) eq "NaN" ? "no PASS run" : ""

cmd = "datfile using ($2 / 1000.0):($3 / 1000.0):($4 / 1000.0):xtic(1) ls 1 title 'shared UMEM (AF_XDP)', " . \
      "'' using ($5 / 1000.0):($6 / 1000.0):($7 / 1000.0) ls 2 title 'separate UMEM (AF_XDP)', " . \
      "'' using ($8 / 1000.0):($9 / 1000.0):($10 / 1000.0) ls 3 title 'kernel-only XDP redirect'"
do for [j=1:3] {
	cmd = cmd . sprintf(", '' using (bx($0, %d)):(0):(missing(%d)) with labels rotate by 90 left offset 0, 0.5 tc rgb '#a35a00' notitle", j - 1, 3 * j - 1)
}
if (ARG4 eq "1") {
	cmd = cmd . ", '' using (bx($0, 0)):(strcol(4) eq 'NaN' ? 0 : $4 / 1000.0):(ratio(11)) with labels offset 0, 0.8 notitle" . \
	            ", '' using (bx($0, 1)):(strcol(7) eq 'NaN' ? 0 : $7 / 1000.0):(ratio(12)) with labels offset 0, 0.8 notitle"
}

eval png_term(png_w, png_h)
set output outbase . ".png"
eval "plot " . cmd
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
