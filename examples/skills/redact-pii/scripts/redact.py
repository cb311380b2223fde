#!/usr/bin/env python3
"""Prints a file with personal and customer-identifying data replaced by numbered placeholders."""
import re
import sys

PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("ip", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b", re.I)),
    ("account", re.compile(r"\bacct_[a-z0-9]{4,12}\b", re.I)),
    ("db", re.compile(r"\b[\w-]+\.db\.acme\.example\b")),
    ("bucket", re.compile(r"(?<=storage\.acme\.example/)[\w.-]+")),
    ("phone", re.compile(r"\+?\d[\d\s().-]{7,}\d")),
]


def redact(text: str) -> str:
    for kind, pattern in PATTERNS:
        seen: dict[str, str] = {}

        def placeholder(match: re.Match[str], kind: str = kind, seen: dict[str, str] = seen) -> str:
            value = match.group(0)
            if value not in seen:
                seen[value] = f"<{kind}-{len(seen) + 1}>"
            return seen[value]

        text = pattern.sub(placeholder, text)
    return text


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: redact.py <file>")
    with open(sys.argv[1], encoding="utf-8") as handle:
        sys.stdout.write(redact(handle.read()))
