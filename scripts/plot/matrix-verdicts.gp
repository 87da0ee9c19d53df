# A kernel x scenario matrix: one coloured cell per kernel and scenario with its verdict
# in words; a cell that missed its scenario's expectation says what was expected.
# gnuplot -c matrix-verdicts.gp DATFILE OUTBASE "TITLE" KERNELS SCENARIOS WIDTH HEIGHT
# DATFILE rows: column row colour(0xRRGGBB) "text" "kernel" "release" "scenario"
# (column = scenario index, row = kernel index, both from 0; kernel 0 on top)
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "matrix-verdicts.gp") - 1] . "common.gp"
nk = int(ARG4)
ns = int(ARG5)
png_w = int(ARG6)
png_h = int(ARG7)

set title ARG3 noenhanced
unset key
unset grid
set border 0
set tics scale 0
set xrange [-0.5 : ns - 0.5]
set yrange [nk - 0.5 : -0.5]
set x2tics
set xtics format ""
set ytics format ""
set style fill solid 1.0 border rgb "#ffffff"
lab(k, r) = k . "\n" . r

eval png_term(png_w, png_h)
set output outbase . ".png"
plot datfile using 1:2:(0.5):(0.5):3:x2tic(strcol(7)):ytic(lab(strcol(5), strcol(6))) \
		with boxxyerror lc rgb variable, \
	datfile using 1:2:4 with labels tc rgb "#ffffff"
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
