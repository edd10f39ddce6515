"""``python -m bot.ops hash NAME``: one operator account for ``OPERATOR_TOKEN`` (the token is read without echo).

Prints ``NAME=pbkdf2_sha256$…``; join several with ``;`` in ``OPERATOR_TOKEN`` to give each operator their own
token (the audit log then names who did what, and one token can be withdrawn alone).
"""

from __future__ import annotations

import getpass
import sys

from bot.ops.security import hash_secret, valid_name


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "hash" or not valid_name(argv[1]):
        print("usage: python -m bot.ops hash NAME  (letters, digits, Korean, . _ - @; up to 40)", file=sys.stderr)
        return 2
    token = getpass.getpass("operator token: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(token) < 12:
        print("the token must be at least 12 characters", file=sys.stderr)
        return 2
    print(f"{argv[1]}={hash_secret(token)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
