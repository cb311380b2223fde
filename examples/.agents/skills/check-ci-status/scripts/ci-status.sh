#!/usr/bin/env bash
# Usage: ci-status.sh <branch|pr-number>  -- one line per check run: name, conclusion, url.
set -euo pipefail
ref="${1:?usage: ci-status.sh <branch|pr-number>}"
gh pr checks "$ref" --json name,state,link --jq '.[] | "\(.name)\t\(.state)\t\(.link)"'
