# Bench: where the tools run and how they wait. Clusters are placements (the
# CPU of generator, forwarder and sink), bars the idle policies, by what the
# sink received: medians of the runs, whiskers min and max, each labelled with
# its ratio to the default (g1 f0 s0, poll).
# gnuplot -c bench-placement.gp DATFILE OUTBASE "TITLE" "MODES"
# DATFILE rows: "placement" then per mode (poll, spin, busy-poll) median min max
#               ratio (pps; NaN missing); MODES: the modes present, in that order
datfile = ARG1
outbase = ARG2
load ARG0[:strstrt(ARG0, "bench-placement.gp") - 1] . "common.gp"

set title ARG3 noenhanced
set ylabel "delivered, sink (kpps)"
set xlabel "CPU of generator, forwarder, sink"
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set style data histograms
set style histogram errorbars gap 1 lw 1.5
set style fill solid 0.75 border -1
set bars 1.5
modes = ARG4
n = words(modes)
col(m) = m eq "poll" ? 2 : m eq "spin" ? 6 : 10
bx(i, j) = i + (j - (n - 1) / 2.0) / (n + 1.0)
ratio(c) = strcol(c) eq "NaN" ? "" : sprintf("%.2f", column(c))

cmd = ""
do for [j=1:n] {
	c = col(word(modes, j))
	cmd = cmd . (j > 1 ? ", " : "") . sprintf("datfile using ($%d / 1000.0):($%d / 1000.0):($%d / 1000.0)%s ls %d title '%s'", c, c + 1, c + 2, j == 1 ? ":xtic(1)" : "", j, word(modes, j))
}
do for [j=1:n] {
	c = col(word(modes, j))
	cmd = cmd . sprintf(", '' using (bx($0, %d)):(strcol(%d) eq 'NaN' ? 0 : $%d / 1000.0):(ratio(%d)) with labels offset 0, 0.7 notitle", j - 1, c + 2, c + 2, c + 3)
}

eval png_term(png_w, png_h)
set output outbase . ".png"
eval "plot " . cmd
eval svg_term(png_w, png_h)
set output outbase . ".svg"
replot
unset output
