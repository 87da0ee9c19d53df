#!/usr/bin/env python3
"""Every relative link in the given Markdown files leads somewhere: the file exists
and, for a `#anchor` into a Markdown file, a heading of that file has that anchor
(GitHub's rule: lower case, punctuation dropped, spaces to hyphens). One line per
broken link, `FILE:LINE: TARGET: why`; exit 1 when there is one."""
import os
import re
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(path):
    found, fence = set(), False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                fence = not fence
            m = None if fence else re.match(r"#+ +(.*?)\s*$", line)
            if m:
                slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
                found.add(slug)
    return found


def main(files):
    bad = 0
    for md in files:
        base = os.path.dirname(md)
        fence = False
        with open(md, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("```"):
                    fence = not fence
                if fence:
                    continue
                for target in LINK.findall(line):
                    if re.match(r"[a-z]+:", target):
                        continue  # http:, https:, mailto:
                    path, _, anchor = target.partition("#")
                    full = os.path.normpath(os.path.join(base, path)) if path else md
                    why = None
                    if not os.path.exists(full):
                        why = "no such file"
                    elif anchor and full.endswith(".md") and anchor not in anchors(full):
                        why = f"no heading with anchor #{anchor} in {full}"
                    if why:
                        print(f"{md}:{n}: {target}: {why}")
                        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
