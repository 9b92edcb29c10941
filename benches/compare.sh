#!/usr/bin/env bash
# Builds the same synthetic course with coursebook, mdBook and (when installed) Hugo, and prints
# the median wall time and peak memory of each, and the ratios. Reproduce the README's figures:
#
#   bash benches/compare.sh            # the shapes below, 5 runs each
#   SHAPES="600:6:60:25" RUNS=3 bash benches/compare.sh
#   TOOLS=coursebook bash benches/compare.sh   # coursebook alone (mdBook takes minutes at 6,000)
#   GENERATOR=third SHAPES="6000:3:6000:22" TOOLS="coursebook hugo" bash benches/compare.sh
#
# GENERATOR=third generates the courses with benches/third_course.py (another prose, term
# names and chapter sizes; its DENSITY is term uses per chapter) and builds Hugo on a copy of
# the same Markdown (a module's index.md renamed _index.md, Hugo's name for a section's page);
# mdBook needs its own SUMMARY.md and is left out there.
#
# A shape is CHAPTERS:MODULES:TERMS:DENSITY (DENSITY: term uses per thousand word slots; see
# examples/gen_corpus.rs). The defaults cover small and large courses, many small and a few
# huge modules, few and many terms, terms used lightly and on every line.
#
# mdBook is installed with `cargo install mdbook --locked` when missing; Hugo with
# `apt-get install hugo` when apt-get is available (root). Timings use GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SHAPES=${SHAPES:-"600:6:60:25 6000:60:600:25 6000:6:6000:250 6000:600:6000:25 600:6:600:250"}
TOOLS=${TOOLS:-"coursebook mdbook hugo"}
WORK=${WORK:-target/bench-corpus}
GENERATOR=${GENERATOR:-gen_corpus}
if [[ $GENERATOR == third ]]; then
  TOOLS=${TOOLS//mdbook/}
fi

if [[ $TOOLS == *mdbook* ]] && ! command -v mdbook >/dev/null 2>&1; then
  cargo install mdbook --locked --version 0.5.4
fi
if ! command -v hugo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq hugo >/dev/null 2>&1 || true
fi
if [ ! -x /usr/bin/time ]; then
  apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
COURSEBOOK=$PWD/target/release/coursebook

# A minimal Hugo site around the generated content: one template per page kind, no search.
hugo_layout() {
  local dir=$1
  cat > "$dir/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "synthetic"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = true
TOML
  mkdir -p "$dir/layouts/_default"
  cat > "$dir/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
HTML
  cat > "$dir/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
HTML
}

# A Hugo site in DIR from the coursebook course in COURSE: the same Markdown and files, each
# module's index.md as the section's _index.md (Hugo reads a folder's index.md as a single page
# whose other files are its resources).
hugo_from_course() {
  local course=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r "$course/content" "$dir/content"
  find "$dir/content" -name index.md -execdir mv index.md _index.md \;
  hugo_layout "$dir"
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure NAME DIR COMMAND...: runs the command RUNS times (after one warm-up) in DIR and
# prints "median_seconds median_peak_MB"
measure() {
  local dir=$1; shift
  (cd "$dir" && "$@" >/dev/null 2>&1) || { echo "command failed: $*" >&2; return 1; }
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$(cd "$dir" && /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1)
    times+=("${out% *}")
    mems+=("${out#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  echo "$t $(awk -v k="$m" 'BEGIN {printf "%.0f", k/1024}')"
}

printf '%-20s %-10s %10s %10s %12s\n' shape tool "median s" "peak MB" "vs coursebook"
for shape in $SHAPES; do
  IFS=: read -r n modules terms density <<<"$shape"
  corpus=$WORK/$shape
  if [[ $GENERATOR == third ]]; then
    corpus=$WORK/third-$shape
    python3 benches/third_course.py "$corpus/coursebook" --chapters "$n" --modules "$modules" --terms "$terms" \
      --density "$density" --exercises 1 >/dev/null
    hugo_from_course "$corpus/coursebook" "$corpus/hugo"
  else
    ./target/release/examples/gen_corpus "$corpus" "$n" "$modules" "$terms" "$density" 2>/dev/null
    hugo_layout "$corpus/hugo"
  fi
  read -r cb_t cb_m < <(measure "$corpus/coursebook" "$COURSEBOOK" build -q)
  printf '%-20s %-10s %10s %10s %12s\n' "$shape" coursebook "$cb_t" "$cb_m" "1.0"
  if [[ $TOOLS == *mdbook* ]]; then
    read -r md_t md_m < <(measure "$corpus/mdbook" mdbook build)
    printf '%-20s %-10s %10s %10s %11.1fx\n' "$shape" mdbook "$md_t" "$md_m" "$(awk -v a="$md_t" -v b="$cb_t" 'BEGIN {print a/b}')"
  fi
  if [[ $TOOLS == *hugo* ]] && command -v hugo >/dev/null 2>&1; then
    read -r hu_t hu_m < <(measure "$corpus/hugo" hugo --quiet)
    printf '%-20s %-10s %10s %10s %11.1fx\n' "$shape" hugo "$hu_t" "$hu_m" "$(awk -v a="$hu_t" -v b="$cb_t" 'BEGIN {print a/b}')"
  fi
  markdown=$(find "$corpus/coursebook/content" -name '*.md' -print0 | xargs -0 cat | wc -c)
  index=$(cat "$corpus"/coursebook/book/search/*.js | wc -c)
  largest=$(find "$corpus/coursebook/book" -name '*.html' ! -name 'print*' -printf '%s %P\n' | sort -n | tail -n 1)
  echo "           coursebook: Markdown $((markdown / 1024)) KB, search index $((index / 1024)) KB, largest page but print: ${largest}"
done
