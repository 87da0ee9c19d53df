#!/usr/bin/python3
"""validate-results.py SCHEMA FILE...: check JSON files against a JSON Schema.
Prints one line per problem (file, path in the document, message); exit 1 if any."""
import json
import sys

import jsonschema

with open(sys.argv[1]) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}")
        bad += 1
        continue
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in err.path) or "(top)"
        print(f"{path}: {where}: {err.message}")
        bad += 1
sys.exit(1 if bad else 0)
