#!/usr/bin/env bash
# Builds the given projects in Release, quietly; when a build fails it prints that build's output and fails, so a
# benchmark never stops without saying why. Usage (from the repository root): bench/build.sh PROJECT...
set -euo pipefail
for project in "$@"; do
  if ! output=$(dotnet build "$project" -c Release -v q -nologo 2>&1); then
    echo "bench/build.sh: building $project failed:" >&2
    echo "$output" >&2
    exit 1
  fi
done
