#!/usr/bin/env bash
# Usage: bump-version.sh major|minor|patch  -- prints the new version.
set -euo pipefail
kind="${1:?usage: bump-version.sh major|minor|patch}"
if [ -n "$(git status --porcelain)" ]; then
  echo "working tree not clean" >&2
  exit 1
fi
new="$(npm version "$kind" --no-git-tag-version)"
sed -i "0,/^## Unreleased/s//## ${new}/" CHANGELOG.md
echo "$new"
