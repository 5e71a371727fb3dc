#!/usr/bin/env bash
# Rebuild assistant/data/clause_features.jsonl: ingest each corpus once into a home of its own under $WORK, then
# extract the rankings of every dev set and every used blind round's sets over it (the README tables say which
# corpus each set is asked over). Two lanes (the real-world texts, the cities) run side by side; about 35 minutes
# on 2 cores with a warm embedding cache (ZHITU_EMBEDDING__CACHE).
#   scripts/clause_features_all.sh [WORK]            # all sets (the stored file)
#   PART=blind scripts/clause_features_all.sh WORK   # only the used blind rounds (appended by hand to the dev rows)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/zhitu-clause-features}; PART=${PART:-all}
PY=${PY:-.venv/bin/python}
export PYTHONPATH=$PWD HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
mkdir -p "$WORK"
REAL=(../shared/real-world/*.txt)
[ -e "${REAL[0]}" ] || REAL=(/work/shared/real-world/*.txt)
ROUNDS=(4 5 6 7 8 12 13 14 15 16 17 18 19 20 21 22 23)
CS=knowledge/corpus_sets

home() {  # home NAME CORPUS... → ingests once, prints the home
  local h=$WORK/home-$1; shift
  [ -e "$h/.done" ] || { rm -rf "$h"; ZHITU_HOME=$h $PY -m zhitu.cli ingest "$@" > "$WORK/ingest-$(basename "$h").log" 2>&1; touch "$h/.done"; }
  echo "$h"
}

real_lane() {
  local h pairs=(); h=$(home real "${REAL[@]}")
  if [ "$PART" = all ]; then for s in $CS/dev_realworld*.jsonl; do pairs+=("$h=$s"); done; fi
  for n in "${ROUNDS[@]}"; do pairs+=("$h=eval/blind/r$n/realworld.jsonl"); done
  $PY scripts/clause_features.py "$WORK/real.jsonl" "${pairs[@]}"
}

city_lane() {
  local pairs=() n c
  if [ "$PART" = all ]; then
    pairs+=("$(home sample knowledge/corpus)=$CS/dev.jsonl")
    pairs+=("$(home r1 eval/blind/r1/district/corpus)=$CS/dev_district.jsonl" "$(home r1)=$CS/dev_district_users.jsonl")
    pairs+=("$(home r3 eval/blind/r3/district/corpus)=$CS/dev_district3_g.jsonl")
    pairs+=("$(home r4 eval/blind/r4/district/corpus)=$CS/dev_district4_h.jsonl")
    for d in district5_i district6_k district7_m; do pairs+=("$(home $d $CS/$d)=$CS/dev_$d.jsonl"); done
  fi
  for n in "${ROUNDS[@]}"; do
    c=$n; [ "$n" = 5 ] && c=4; [ "$n" = 7 ] && c=6  # r5 and r7 ask over r4's and r6's city
    pairs+=("$(home r$c eval/blind/r$c/district/corpus)=eval/blind/r$n/district.jsonl")
  done
  $PY scripts/clause_features.py "$WORK/city.jsonl" "${pairs[@]}"
}

real_lane & city_lane; wait
cat "$WORK/city.jsonl" "$WORK/real.jsonl" > "$WORK/clause_features.jsonl"
[ "$PART" = all ] && cp "$WORK/clause_features.jsonl" assistant/data/clause_features.jsonl
echo "rows: $(wc -l < "$WORK/clause_features.jsonl")"
