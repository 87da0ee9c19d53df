#!/bin/bash
# The CI workflows: valid YAML with triggers, jobs and steps, and every script, test
# file and make target they name exists (a renamed test must not silently drop out
# of CI). A broken copy must be caught, so the check can fail.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 4
cd "$TOP" || exit 1
mapfile -t flows < <(ls .github/workflows/*.yml)
out=$(tests/lib/check-workflows.py "${flows[@]}" 2>&1)
ok $? "${#flows[@]} workflows parse and name only what exists" "$out"

grep -q 'pull_request' .github/workflows/ci.yml
ok $? "a workflow runs on pull requests"

sed 's|tests/10-unit.t|tests/10-no-such.t|; s|make check-scenarios|make no-such-target|' \
	.github/workflows/ci.yml >"$TMP/broken.yml"
out=$(tests/lib/check-workflows.py "$TMP/broken.yml" 2>&1)
like "$out" "tests/10-no-such.t does not exist" "negative control: a missing test file is caught"
printf 'on: [push]\njobs:\n  x: {steps: [\n' >"$TMP/bad.yml"
tests/lib/check-workflows.py "$TMP/bad.yml" >/dev/null 2>&1
is "$?" 1 "negative control: invalid YAML is caught"
