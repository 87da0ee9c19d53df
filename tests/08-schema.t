#!/bin/bash
# shellcheck disable=SC2016 # backquotes and $ in single quotes are sed's, not the shell's
# results/result.schema.json is a valid JSON Schema, the documentation in
# results/README.md is generated from it and up to date, its example validates, and
# the schema rejects what it must (so the check in tests/lib/tap.sh can fail). The
# matrix and bisect summary schemas are valid, closed (additionalProperties false
# everywhere) and their README tables are theirs too (the files they describe are
# checked by the tests that write them: 42, 50, 51).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 12
cd "$TOP" || exit 1
schema=results/result.schema.json
validate() { tests/lib/validate-results.py "$schema" "$@"; }

# The README's example and field table.
sed -n '/^## `result.json`/,/^<!-- schema-doc begin -->/p' results/README.md |
	sed -n '/^```json$/,/^```$/p' | sed '1d;$d' >"$TMP/example.json"
out=$(validate "$TMP/example.json" 2>&1)
ok $? "the README's result.json example is valid JSON and matches the schema" "$out"
sed -n '/^<!-- schema-doc begin -->$/,/^<!-- schema-doc end -->$/p' results/README.md | sed '1d;$d' \
	>"$TMP/doc.md"
scripts/schema-doc "$schema" >"$TMP/gen.md"
diff -u "$TMP/doc.md" "$TMP/gen.md" >"$TMP/diff"
ok $? "results/README.md's field table is the schema's (scripts/schema-doc)" "$(head -20 "$TMP/diff")"

# A real run validates; broken copies of it do not. Not root (make check): no run,
# the README's example is what gets broken.
if [ "$(id -u)" -eq 0 ]; then
	"$XSKNS" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>&1
	r=$TMP/r/latest/result.json
	out=$(validate "$r" 2>&1)
	ok $? "a real run's result.json matches" "$out"
else
	skip "a real run's result.json matches" "not root"
	r=$TMP/example.json
fi
mkdir -p "$TMP/fixtures"
n=0
broken() { # broken WHAT JQ_FILTER: a copy of the valid one, changed
	local status=jq-failed
	n=$((n + 1))
	if jq "$2" "$r" >"$TMP/fixtures/$n.json" 2>"$TMP/fixtures/$n.out"; then
		validate "$TMP/fixtures/$n.json" >"$TMP/fixtures/$n.out" 2>&1
		status=$?
	fi
	[ "$status" = 1 ]
	ok $? "negative control: $1 is rejected" "status $status" "$(cat "$TMP/fixtures/$n.out")"
}
broken "an undocumented key" '.env.surprise = 1'
broken "a missing key" 'del(.drops.unexplained)'
broken "a verdict outside PASS/BUG/ERROR" '.verdict = "MAYBE"'
broken "a negative counter" '.stages.sink.lost = -1'
printf '{"schema": 1, "description": "caf\xe9"}' >"$TMP/fixtures/latin1.json"
validate "$TMP/fixtures/latin1.json" >/dev/null 2>&1
is "$?" 1 "negative control: a file that is not UTF-8 is rejected"

# matrix.json and the bisect summary.json
for name in matrix bisect; do
	sed -n "/^<!-- schema-doc $name begin -->\$/,/^<!-- schema-doc $name end -->\$/p" results/README.md |
		sed '1d;$d' >"$TMP/doc-$name.md"
	scripts/schema-doc "results/$name.schema.json" >"$TMP/gen-$name.md"
	diff -u "$TMP/doc-$name.md" "$TMP/gen-$name.md" >"$TMP/diff-$name"
	ok $? "results/README.md's table for results/$name.schema.json is generated from it" "$(head -20 "$TMP/diff-$name")"
	out=$(python3 - "results/$name.schema.json" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
problems = []
if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
    problems.append("$schema is not draft 2020-12")
def walk(node, path):
    if isinstance(node, dict):
        t = node.get("type")
        if (t == "object" or (isinstance(t, list) and "object" in t)) and node.get("additionalProperties") is not False:
            problems.append(f"{path or '(top)'}: additionalProperties is not false")
        for k, v in node.items():
            walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{path}/{i}")
walk(schema, "")
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
	)
	ok $? "results/$name.schema.json: a valid draft 2020-12 schema, every object closed" "$out"
done
