# Shared look of every plot: loaded first by each script in this folder.
# PNGs are drawn at the size report.html shows them (it never scales them down):
# 10-point text, value labels included, is about 13 px on screen. Two plots of
# the default width sit side by side on the report's 1280 px page.
set encoding utf8
set termoption enhanced
set grid ytics lc rgb "#dddddd" lw 1 lt 1
set border 3 lc rgb "#444444"
set tics nomirror out
set key below center horizontal Left reverse noenhanced samplen 2 height 0.5 nobox
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#ff7f0e" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.9
set style line 4 lc rgb "#d62728" lw 2 pt 11 ps 0.9
set style line 5 lc rgb "#9467bd" lw 2 pt 13 ps 0.9
set style line 6 lc rgb "#8c564b" lw 2 pt 15 ps 0.9
# Rates are drawn in thousands (kpps): columns are divided by 1000 in `using`,
# so tics read 250, not gnuplot's "%.1s%c" 250.0k.

# Every script plots once to PNG (pngcairo), then replots to SVG of the same
# layout: `eval png_term(png_w, png_h)`, plot, `eval svg_term(png_w, png_h)`, replot.
# The SVG font is given in pixels, pngcairo's in points (4/3 px): 13 matches 10.
png_w = 620
png_h = 380
font_main = "sans,10"
font_svg = "sans,13"
png_term(w, h) = sprintf("set terminal pngcairo size %d,%d font '%s' noenhanced", w, h, font_main)
svg_term(w, h) = sprintf("set terminal svg size %d,%d dynamic font '%s' noenhanced", w, h, font_svg)
