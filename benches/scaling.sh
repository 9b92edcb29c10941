#!/usr/bin/env bash
# Measures what ten times the course costs, the small and the large course built in turn so
# that both see the same hour of a noisy machine: each round builds the small course three
# times and the large one once, and prints the round's ratio of CPU time (user + system) and of
# wall time against the small course's median; then the median ratio over the rounds.
#
#   bash benches/scaling.sh SMALL_COURSE LARGE_COURSE [ROUNDS]
#   e.g. bash benches/scaling.sh target/bench-corpus/600:6:60:25/coursebook \
#                                target/bench-corpus/6000:60:600:25/coursebook 5
#
# The courses are folders with a book.toml (made by benches/compare.sh, or by
# benches/third_course.py or benches/other_course.py); each is left with its site in book/.
# COURSEBOOK names the binary (default: the release build, brought up to date first, in
# CARGO_TARGET_DIR or target/). Timings use GNU time, to a hundredth of a second: a course of
# 0.2 s reads to ±5 % a build, which the medians (of three builds a round, then of the rounds)
# narrow; give ratios to one decimal.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  echo "usage: bash benches/scaling.sh SMALL_COURSE LARGE_COURSE [ROUNDS]" >&2
  exit 2
fi
SMALL=$(realpath "$1")
LARGE=$(realpath "$2")
ROUNDS=${3:-5}
if [ -z "${COURSEBOOK:-}" ]; then
  cargo build --release --quiet
  COURSEBOOK=${CARGO_TARGET_DIR:-target}/release/coursebook
fi
COURSEBOOK=$(realpath "$COURSEBOOK")
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT

for _ in $(seq "$ROUNDS"); do
  for _ in 1 2 3; do
    (cd "$SMALL" && /usr/bin/time -f "small %e %U %S" -a -o "$TIMES" "$COURSEBOOK" build -q >/dev/null)
  done
  (cd "$LARGE" && /usr/bin/time -f "large %e %U %S" -a -o "$TIMES" "$COURSEBOOK" build -q >/dev/null)
done

python3 - "$TIMES" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.startswith(("small", "large"))]
small = [(float(r[1]), float(r[2]) + float(r[3])) for r in rows if r[0] == "small"]
large = [(float(r[1]), float(r[2]) + float(r[3])) for r in rows if r[0] == "large"]
cpu, wall = [], []
for i, (large_wall, large_cpu) in enumerate(large):
    round_small = small[3 * i:3 * i + 3]
    cpu.append(large_cpu / statistics.median(s[1] for s in round_small))
    wall.append(large_wall / statistics.median(s[0] for s in round_small))
print("CPU ratio per round:  " + " ".join(f"{r:.1f}" for r in cpu) + f"   median {statistics.median(cpu):.1f}")
print("wall ratio per round: " + " ".join(f"{r:.1f}" for r in wall) + f"   median {statistics.median(wall):.1f}")
print(f"small course: CPU {statistics.median(s[1] for s in small):.2f} s, wall {statistics.median(s[0] for s in small):.2f} s;"
      f" large course: CPU {statistics.median(l[1] for l in large):.2f} s, wall {statistics.median(l[0] for l in large):.2f} s")
PY
