# A kernel x scenario matrix: packets per second the forwarder sent on (fwd tx), per
# kernel, one bar per scenario that carried traffic or found a BUG. Guests under TCG run on
# an emulated CPU: the title says so, and those numbers compare kernels with each other
# only. A BUG found before any traffic has no rate: its place says "BUG (no rate)".
# gnuplot -c matrix-pps.gp DATFILE OUTBASE "TITLE" NSCENARIOS WIDTH BUGFILE YMIN YMAX
# (the SVG has one series more than there are scenarios: the tic labels'; and one more for
# the BUG labels when BUGFILE is not "")
# DATFILE: a header line "kernel" "release" "scenario (forwarder)"..., then one row per
# kernel: "kernel" "release (accel)" pps_scenario1 pps_scenario2 ... (NaN: none)
# BUGFILE rows: x "label", where a bar would be; YMIN YMAX: the smallest and largest
# rate drawn, in kpps (a column may have none, which gnuplot's stats cannot take)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "matrix-pps.gp") - 1] . "common.gp"
ns = int(ARG4)
png_w = int(ARG5)

set title ARG3 noenhanced
set ylabel "forwarded, fwd tx (kpps)"
# Room for the second line of the tic labels above the key.
set key height 2
set style fill solid 0.7 border -1
# every line but the header is a kernel
stats datfile using 0 nooutput
nk = STATS_records - 1
set key autotitle columnheader
set xrange [-0.6 : nk - 0.4]
# Host and TCG guest rates differ a hundredfold: a log scale then, so both are readable.
bugfile = ARG6
ymin = real(ARG7)
ymax = real(ARG8)
if (ymax > 20 * ymin) {
	set logscale y 10
	set format y "%g"
	set yrange [10 ** floor(log10(ymin)) : 10 ** ceil(log10(ymax * 1.05))]
	set ylabel "forwarded, fwd tx (kpps, log scale)"
	# the BUG labels stand just above the axis
	ybug = 10 ** floor(log10(ymin)) * 1.6
} else {
	set yrange [0:*]
	set offsets 0, 0, graph 0.08, 0
	ybug = ymax * 0.06
}
bw = 0.8 / ns
lab(k, r) = k . "\n" . r

eval png_term(png_w, png_h)
set output outbase . ".png"
# the kernels' tic labels come from a series without points, at the group's centre
cmd = "datfile using 0:(NaN):xtic(lab(strcol(1), strcol(2))) notitle, " . \
	"for [i=1:ns] datfile using ($0 - 0.4 + bw * (i - 0.5)):(column(i + 2) / 1000.0):(bw * 0.9) " . \
	"with boxes ls i title columnheader(i + 2)"
if (bugfile ne "") {
	cmd = cmd . ", bugfile using 1:(ybug):2 with labels rotate by 90 left tc rgb '#c0282d' " . \
		"font ',10' title 'BUG: no rate (found before traffic)'"
}
eval "plot " . cmd
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
