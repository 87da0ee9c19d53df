# Shared look of every plot: loaded first by each script in this folder.
# Sizes are chosen so that the PNG reads on a laptop screen and in report.html.
set encoding utf8
set termoption enhanced
set grid ytics lc rgb "#dddddd" lw 1 lt 1
set border 3 lc rgb "#444444"
set tics nomirror out
set key outside right top vertical Left reverse noenhanced samplen 2 spacing 1.2 box lc rgb "#cccccc"
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#ff7f0e" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.9
set style line 4 lc rgb "#d62728" lw 2 pt 11 ps 0.9
set style line 5 lc rgb "#9467bd" lw 2 pt 13 ps 0.9
set style line 6 lc rgb "#8c564b" lw 2 pt 15 ps 0.9
# Rates are drawn in thousands (kpps): columns are divided by 1000 in `using`,
# so tics read 250, not gnuplot's "%.1s%c" 250.0k.

# Every script plots once to PNG (pngcairo), then replots to SVG.
png_size = "960,540"
svg_size = "960,540"
