#!/usr/bin/python3
"""Check GitHub Actions workflow files without a network: each must parse as YAML,
have a trigger and jobs with runs-on and steps, and every project path, test file or
make target a step names must exist. Prints one line per problem; exit 1 if any."""
import re
import subprocess
import sys

import yaml

problems = []


def make_targets():
    out = subprocess.run(["make", "-pnq", "-f", "Makefile", "_no_such_target_"],
                         capture_output=True, text=True).stdout
    return set(re.findall(r"^([a-zA-Z][\w.-]*):", out, re.M))


targets = make_targets()
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        problems.append(f"{path}: {e}")
        continue
    # YAML 1.1 reads the key `on` as the boolean True
    if not isinstance(doc, dict) or not (doc.get("on") or doc.get(True)):
        problems.append(f"{path}: no trigger ('on:')")
        continue
    for name, job in (doc.get("jobs") or {}).items():
        if "runs-on" not in job or not job.get("steps"):
            problems.append(f"{path}: job {name} needs runs-on and steps")
        for step in job.get("steps") or []:
            run = step.get("run") or ""
            for ref in re.findall(r"\b((?:scripts|tests|vm)/[\w./-]+)", run):
                try:
                    open(ref).close()
                except OSError:
                    problems.append(f"{path}: job {name}: {ref} does not exist")
            for t in re.findall(r"(?:^|[;&|]\s*|\n\s*)make ((?:[a-z][\w-]* ?)+)", run):
                for target in t.split():
                    if target not in targets:
                        problems.append(f"{path}: job {name}: no make target '{target}'")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
