#!/usr/bin/env bash
# Mutation testing of the derived numbers (coverage_map/figures/derived.py, pairing.py) and the number reader
# (coverage_map/language/numbers.py) with mutmut, configured in setup.cfg [mutmut]: each mutant is run
# against the fast unit tests of those modules only. Prints how many mutants were killed and
# survived and the share killed. Arguments pass through to `mutmut run` (a name glob such as
# "coverage_map.language.numbers.x_check*" reruns those mutants only).
# MUTMUT_CHILDREN: parallel workers
# (default 2). Results are kept in mutants/ (unchanged mutants are not rerun).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/mutmut ]; then
  echo "mutation: mutmut is missing; run: .venv/bin/python -m pip install -r requirements-dev.txt" >&2
  exit 1
fi
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "$@"
echo
.venv/bin/mutmut results --all true | .venv/bin/python -c '
import collections, sys
status = collections.Counter(line.rsplit(":", 1)[1].strip() for line in sys.stdin if ":" in line)
total = sum(status.values())
killed, survived = status.pop("killed", 0), status.pop("survived", 0)
others = "".join(f", {n} {s}" for s, n in sorted(status.items()))
print(f"mutmut: {killed} killed, {survived} survived{others}; {total} mutants")
print(f"mutmut: {100 * killed / max(total, 1):.1f} % killed")
if survived:
    print("mutmut: see a survivor with .venv/bin/mutmut show <name>, all with .venv/bin/mutmut results")
'
