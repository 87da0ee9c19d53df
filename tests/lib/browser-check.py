#!/usr/bin/env python3
"""Open a results report (report.html) in headless Chromium and check what a reader sees.

    tests/lib/browser-check.py REPORT.html OUTDIR

Two passes of Debian's chromium, with nothing but the standard library here:
1. --dump-dom of a copy of the report with a small script appended, which, once the
   page and its images have loaded, writes each image's and each verdict's box, the
   page size and the body's text length into the DOM as JSON (OUTDIR/layout.json).
2. --screenshot of the report itself, the whole page (OUTDIR/screenshot.png).
Both passes log the page's console to stderr (--enable-logging=stderr; all of it in
OUTDIR/chromium.log); the report has no script of its own, so any console message
from the page is a fault (OUTDIR/console.txt).

Problems, one line each on stdout: a console message; an image that did not load,
is drawn at another size than its PNG's, sticks out of the page or overlaps another;
a verdict word with no box or no colour; the matrix's verdict grid missing; a page
wider than the window; no text; a screenshot that is almost one colour.
Exit 0 when there is none, 1 when there are, 2 when chromium cannot be run.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

WIDTH = 1280  # the window; the report's body is at most 1280 px wide
MAX_HEIGHT = 12000
OUT = "."  # where chromium's own log goes (OUTDIR/chromium.log)

PROBE = """
<script>
window.addEventListener('load', () => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; };
  const out = {
    width: innerWidth,
    scroll_width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    text: document.body.innerText.trim().length,
    images: [...document.images].map((i) => Object.assign(box(i), {
      src: i.getAttribute('src'), alt: i.alt, complete: i.complete,
      cw: i.clientWidth, ch: i.clientHeight, nw: i.naturalWidth, nh: i.naturalHeight})),
    verdicts: [...document.querySelectorAll('.v')].map((v) => Object.assign(box(v), {
      word: v.textContent, bg: getComputedStyle(v).backgroundColor})),
  };
  const pre = document.createElement('pre');
  pre.id = 'xskns-layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def chromium(args, profile):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("browser-check: chromium missing (Debian package chromium: run 'make deps')", file=sys.stderr)
        sys.exit(2)
    cmd = [exe, "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}",
           "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw"]
    if os.geteuid() == 0:
        cmd.append("--no-sandbox")  # chromium refuses root otherwise
    try:
        p = subprocess.run(cmd + args, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        print("browser-check: chromium took more than 180 s", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(OUT, "chromium.log"), "a") as f:
        f.write(f"$ {' '.join(cmd + args)}\n{p.stderr}exit {p.returncode}\n")
    if p.returncode != 0:
        tail = p.stderr.strip().splitlines()[-1:] or ["no message"]
        print(f"chromium exited {p.returncode}: {tail[0]}")
        sys.exit(2)
    # the page's own messages (source: the file), not the browser's about itself
    console = [line for line in p.stderr.splitlines() if ":CONSOLE" in line and "source: file://" in line]
    return p, console


def png_pixels(path):
    """Width, height and the rows (bytes, RGB or RGBA) of an 8-bit PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"PNG depth {depth} colour type {ctype} interlace {interlace}")
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    raw = zlib.decompress(b"".join(idat))
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    prev, rows = bytearray(stride), []
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 255
        elif f == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, prev))
        elif f == 3:
            for i in range(stride):
                row[i] = (row[i] + ((row[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif f == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(row)
        prev = row
    return w, h, bpp, rows


def blankness(path):
    """Standard deviation of the grey level and the share of pixels far from the
    most common one, over every 4th pixel of every 4th row."""
    w, h, bpp, rows = png_pixels(path)
    grey, counts = [], {}
    for row in rows[::4]:
        for x in range(0, w * bpp, 4 * bpp):
            g = (row[x] * 299 + row[x + 1] * 587 + row[x + 2] * 114) // 1000
            grey.append(g)
            counts[g] = counts.get(g, 0) + 1
    mean = sum(grey) / len(grey)
    sd = (sum((g - mean) ** 2 for g in grey) / len(grey)) ** 0.5
    common = max(counts, key=counts.get)
    far = sum(1 for g in grey if abs(g - common) > 32) / len(grey)
    return sd, far


def overlap(a, b):
    return a["x"] < b["x"] + b["w"] - 1 and b["x"] < a["x"] + a["w"] - 1 and \
        a["y"] < b["y"] + b["h"] - 1 and b["y"] < a["y"] + a["h"] - 1


def main(report, out):
    global OUT
    OUT = out
    os.makedirs(out, exist_ok=True)
    if os.path.exists(os.path.join(out, "chromium.log")):
        os.unlink(os.path.join(out, "chromium.log"))
    problems = []
    report = os.path.abspath(report)
    html = open(report, encoding="utf-8").read()
    probe = os.path.join(os.path.dirname(report), ".browser-check-probe.html")
    with tempfile.TemporaryDirectory(prefix="xskns-chromium.") as profile:
        try:  # beside the report, so its relative image paths hold
            with open(probe, "w", encoding="utf-8") as f:
                f.write(html.replace("</body>", PROBE + "</body>") if "</body>" in html else html + PROBE)
            p, console1 = chromium([f"--window-size={WIDTH},1000", "--dump-dom", "file://" + probe], profile)
        finally:
            os.unlink(probe)
        m = re.search(r'<pre id="xskns-layout">(.*?)</pre>', p.stdout, re.S)
        if not m:
            problems.append("the page never finished loading (no layout from the probe)")
            layout = None
        else:
            layout = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<")
                                .replace("&gt;", ">").replace("&amp;", "&"))
            with open(os.path.join(out, "layout.json"), "w") as f:
                json.dump(layout, f, indent=1)
        height = min(max(layout["height"] if layout else 1000, 200), MAX_HEIGHT)
        shot = os.path.join(out, "screenshot.png")
        if os.path.exists(shot):
            os.unlink(shot)
        for _ in range(2):  # a loaded machine can make chromium skip the capture: once more
            p, console2 = chromium([f"--window-size={WIDTH},{height}", f"--screenshot={shot}",
                                    "file://" + report], profile)
            if os.path.exists(shot):
                break
    console = console1 + console2
    with open(os.path.join(out, "console.txt"), "w") as f:
        f.write("\n".join(console) + ("\n" if console else ""))
    for line in console:
        problems.append("console: " + re.sub(r"^\[[^]]*\] ", "", line))

    if layout:
        if layout["text"] < 100:
            problems.append(f"the page has almost no text ({layout['text']} characters)")
        if layout["scroll_width"] > layout["width"]:
            problems.append(f"the page is wider than the window ({layout['scroll_width']} > {layout['width']} px)")
        imgs = layout["images"]
        for i in imgs:
            name = i["src"]
            if not i["complete"] or i["nw"] == 0:
                problems.append(f"image {name} did not load")
                continue
            if i["cw"] != i["nw"] or i["ch"] != i["nh"]:
                problems.append(f"image {name} drawn at {i['cw']}x{i['ch']}, its PNG is {i['nw']}x{i['nh']}")
            if i["x"] < 0 or i["x"] + i["w"] > layout["width"] + 0.5:
                problems.append(f"image {name} sticks out of the page (x {i['x']:.0f} to {i['x'] + i['w']:.0f})")
        loaded = [i for i in imgs if i["nw"] > 0 and i["w"] > 0]
        for n, a in enumerate(loaded):
            for b in loaded[n + 1:]:
                if overlap(a, b):
                    problems.append(f"images {a['src']} and {b['src']} overlap")
        if not imgs:
            problems.append("no image on the page")
        if "<h2>Matrix " in html and not any(i["alt"] == "verdict per kernel and scenario" and i["nw"] > 0
                                             for i in imgs):
            problems.append("the matrix's verdict grid (verdicts.png) is not on the page")
        for v in layout["verdicts"]:
            if v["w"] < 10 or v["h"] < 8:
                problems.append(f"verdict {v['word']} has no room ({v['w']:.0f}x{v['h']:.0f} px)")
            if v["bg"] in ("", "transparent", "rgba(0, 0, 0, 0)"):
                problems.append(f"verdict {v['word']} has no colour")

    if not os.path.exists(shot):
        problems.append("chromium wrote no screenshot")
    else:
        sd, far = blankness(shot)
        with open(os.path.join(out, "screenshot.txt"), "w") as f:
            f.write(f"grey sd {sd:.1f}, {far * 100:.1f} % of pixels away from the background\n")
        if sd < 8 or far < 0.01:
            problems.append(f"the screenshot is almost blank (grey sd {sd:.1f}, {far * 100:.2f} % of pixels "
                            "away from the background)")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
