#!/usr/bin/env bash
# Copies the test fixtures into the fuzz targets' seed corpora, fuzz/corpus/<target>/, one file
# per distinct content (named seed-<fixture>-<path>): every page of every fixture for the page
# targets, the pages of the golden and search courses for the tokenizer, every book.toml for
# book_toml. Run from anywhere; files already there are kept. The result is committed.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
fixtures="$fuzz/../tests/fixtures"

# seed TARGET FILE...: copies each FILE into corpus/TARGET unless a seed with its content exists.
seed() {
    local target="$1"
    shift
    mkdir -p "$fuzz/corpus/$target"
    for file in "$@"; do
        local relative="${file#"$fixtures"/}"
        local name="seed-${relative//[\/ ]/-}"
        if ! cmp -s "$file" "$fuzz/corpus/$target/$name" &&
            ! find "$fuzz/corpus/$target" -type f -name 'seed-*' -exec cmp -s "$file" {} \; -print | grep -q .; then
            cp "$file" "$fuzz/corpus/$target/$name"
        fi
    done
}

mapfile -d '' pages < <(find "$fixtures" -name '*.md' -print0 | sort -z)
mapfile -d '' searchable < <(find "$fixtures/golden" "$fixtures/search" -name '*.md' -print0 | sort -z)
mapfile -d '' books < <(find "$fixtures" -name 'book.toml' -print0 | sort -z)
seed front_matter "${pages[@]}"
seed chapter "${pages[@]}"
seed tokenize "${searchable[@]}"
seed book_toml "${books[@]}"
for target in front_matter chapter tokenize book_toml; do
    echo "$target: $(find "$fuzz/corpus/$target" -name 'seed-*' | wc -l) seeds"
done
