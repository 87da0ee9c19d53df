#!/bin/bash
# report.html as a reader sees it: a short real run (a PASS and a BUG) with the bench
# and matrix fixtures, drawn by scripts/plots, opened in headless Chromium
# (tests/lib/browser-check.py): no console message, every plot loaded and laid out at
# its own size without overlapping another, the matrix's verdict grid there, each
# verdict word coloured, a page no wider than the window, a screenshot that is not
# blank. Negative controls: a missing plot, a script error, a blank page and shrunk
# plots each make the check fail, naming the fault.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 12
CHECK=$TOP/tests/lib/browser-check.py
R=$TMP/r

"$XSKNS" run --results "$R" --duration 1 colliding-ifindex no-netns-cookie >/dev/null 2>"$TMP/run.log"
is "$?" 1 "a PASS and an expected BUG run (exit 1: one BUG)"
cp -r "$TOP/tests/fixtures/plots/bench-fixture" "$TOP/tests/fixtures/plots/matrix-fixture" "$R/"
rm -f "$R/latest"
"$TOP/scripts/plots" --results "$R" --strict >/dev/null 2>"$TMP/plots.err"
ok $? "scripts/plots draws the report" "$(head -n 5 "$TMP/plots.err")"

"$CHECK" "$R/report.html" "$TMP/good" >"$TMP/good.out" 2>&1
status=$?
is "$status" 0 "the report passes in Chromium: no console message, plots laid out, not blank" \
	"$(head -n 20 "$TMP/good.out")" "$(grep -v dbus "$TMP/good/chromium.log" 2>/dev/null | tail -n 8)"
images=$(jq '[.images[] | select(.nw > 0)] | length' "$TMP/good/layout.json" 2>/dev/null)
[ "${images:-0}" -ge 9 ]
ok $? "Chromium drew $images plots (the matrix's 2, the bench's 4, across runs 1, the PASS run's 2)"
is "$(jq -r '[.verdicts[].word] | unique | join(" ")' "$TMP/good/layout.json")" "BUG ERROR PASS" \
	"every kind of verdict is on the page (the check above gave each a box and a colour)"
[ -s "$TMP/good/screenshot.png" ] && [ ! -s "$TMP/good/console.txt" ]
ok $? "a screenshot ($(cat "$TMP/good/screenshot.txt" 2>/dev/null)) and an empty console" \
	"$(cat "$TMP/good/console.txt" 2>/dev/null)"

# Negative controls, each on a copy of the folder with one fault.
broken() { # broken NAME: a copy of the results folder to break
	cp -r "$R" "$TMP/$1"
	echo "$TMP/$1"
}
fails() { # fails NAME REGEX DESCRIPTION: the check exits 1 and names the fault
	"$CHECK" "$TMP/$1/report.html" "$TMP/$1.out" >"$TMP/$1.txt" 2>&1
	local st=$?
	[ "$st" -eq 1 ] && grep -qE -- "$2" "$TMP/$1.txt"
	ok $? "negative control: $3" "status $st" "$(head -n 5 "$TMP/$1.txt")"
}

d=$(broken missing)
rm "$d/matrix-fixture/plots/verdicts.png"
fails missing 'image matrix-fixture/plots/verdicts.png did not load' "a missing plot is named"
grep -q "verdict grid (verdicts.png) is not on the page" "$TMP/missing.txt"
ok $? "negative control: and the missing verdict grid is named" "$(cat "$TMP/missing.txt")"

d=$(broken script)
sed -i 's|</body>|<script>no_such_function();</script></body>|' "$d/report.html"
fails script 'console: .*no_such_function is not defined' "a script error in the page is caught"

d=$(broken blank)
sed -i 's|</style>|body { visibility: hidden; }</style>|' "$d/report.html"
fails blank 'screenshot is almost blank' "a page that shows nothing is caught"

d=$(broken shrunk)
sed -i 's|</style>|img { width: 40%; }</style>|' "$d/report.html"
fails shrunk 'image .* drawn at [0-9]+x[0-9]+, its PNG is 620x' "plots shrunk by CSS are caught"

d=$(broken overlap)
sed -i 's|</style>|img { margin-top: -300px; }</style>|' "$d/report.html"
fails overlap 'images .* overlap' "plots drawn over each other are caught"
