#!/bin/bash
# The judge's tests can fail: every curated mutant of the judge (tests/mutants/judge.tsv)
# is killed, and every killer holds on the unmutated tree (tests/mutate).
exec "$(dirname "$0")/mutate"
