#!/usr/bin/env python3
"""Lists the open tickets of one account, newest first, from the Linear export the MCP server caches."""
import argparse
import json
import pathlib
import sys

CACHE = pathlib.Path(".cache/linear/issues.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--account", required=True, help="account id, e.g. acct_9f2c")
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args()
    if not CACHE.exists():
        print("no cached issues; ask the Linear MCP server instead", file=sys.stderr)
        return 1
    issues = json.loads(CACHE.read_text())
    mine = [i for i in issues if i.get("account") == args.account and i.get("state") != "done"]
    mine.sort(key=lambda i: i.get("createdAt", ""), reverse=True)
    for issue in mine[: args.limit]:
        print(f'{issue["identifier"]}\t{issue["state"]}\t{issue["title"]}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
