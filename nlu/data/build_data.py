"""Build train.jsonl / test.jsonl from the hand-written sources in src/*.txt (stdlib only).

Source format (one utterance per line, UTF-8):

    @INTENT                      switch the current intent (one of the 12)
    %% comment                   ignored; empty lines are ignored too
    text || b=5000;n=2;c=친구,동생;f=치킨;t=점심;l=건대입구;o=곱빼기,덜 맵게;u=h

Entity short keys: b=budget (int won), n=companion_count (int), c=companions (comma list),
f=food_type, t=time_preference, l=location, o=menu_options (comma list), u=urgency (h=high).
The part after `||` may be empty.

Split: near-copies (same text after removing spaces, punctuation, ㅋㅎㅠㅜ and emoji, or within a
small edit distance) are grouped into clusters; whole clusters are assigned to train or test with a
fixed seed so that every intent gets ~20 % test.  Run:  python build_data.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_data import INTENTS, near_copy, near_key, validate_record  # noqa: E402

SRC_ORDER = [
    "budget", "food", "emergency", "group", "balance_check", "balance_charge",
    "coupon", "time", "location", "menu_option", "general", "unknown", "followup",
]
KEYS = {"b": "budget", "n": "companion_count", "c": "companions", "f": "food_type",
        "t": "time_preference", "l": "location", "o": "menu_options", "u": "urgency"}
ORDER = ["budget", "companion_count", "companions", "food_type", "time_preference",
         "location", "menu_options", "urgency"]
TEST_SHARE = 0.20
SEED = 20240601


def parse_entities(spec: str, where: str) -> dict:
    ents: dict = {}
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in KEYS or not value:
            raise ValueError(f"{where}: bad entity {part!r}")
        name = KEYS[key]
        if name in ents:
            raise ValueError(f"{where}: entity {name} given twice")
        if name in ("budget", "companion_count"):
            ents[name] = int(value)
        elif name in ("companions", "menu_options"):
            ents[name] = [v.strip() for v in value.split(",") if v.strip()]
        elif name == "urgency":
            ents[name] = {"h": "high", "n": "normal", "l": "low"}[value]
        else:
            ents[name] = value
    return {k: ents[k] for k in ORDER if k in ents}


def read_sources() -> list[dict]:
    records = []
    for stem in SRC_ORDER:
        path = HERE / "src" / f"{stem}.txt"
        intent = None
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            where = f"{path.name}:{lineno}"
            if not line or line.startswith("%%"):
                continue
            if line.startswith("@") and "||" not in line:
                intent = line[1:].strip()
                if intent not in INTENTS:
                    raise ValueError(f"{where}: unknown intent {intent}")
                continue
            if intent is None or "||" not in line:
                raise ValueError(f"{where}: no intent set or no '||' in {line!r}")
            text, _, spec = line.partition("||")
            text = " ".join(text.split())
            rec = {"text": text, "intent": intent, "entities": parse_entities(spec, where)}
            problems = validate_record(rec)
            if problems:
                raise ValueError(f"{where}: {problems}")
            records.append({**rec, "_src": stem})
    return records


def clusters_of(records: list[dict]) -> list[list[int]]:
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [near_key(r["text"]) for r in records]
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            if near_copy(keys[i], keys[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[find(i)].append(i)
    return list(groups.values())


def split(records: list[dict]) -> tuple[list[dict], list[dict]]:
    groups = clusters_of(records)
    rng = random.Random(SEED)
    rng.shuffle(groups)
    totals = Counter(r["intent"] for r in records)
    target = {k: round(v * TEST_SHARE) for k, v in totals.items()}
    in_test: Counter = Counter()
    test_idx: set[int] = set()
    for group in groups:
        need = Counter(records[i]["intent"] for i in group)
        if len(group) > 6:  # big families of near-copies stay in train
            continue
        if all(in_test[k] + c <= target[k] for k, c in need.items()):
            in_test.update(need)
            test_idx.update(group)
    train = [r for i, r in enumerate(records) if i not in test_idx]
    test = [r for i, r in enumerate(records) if i in test_idx]
    return train, test


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"text": r["text"], "intent": r["intent"],
                                 "entities": r["entities"]}, ensure_ascii=False) + "\n")


def main() -> int:
    records = read_sources()
    train, test = split(records)
    write(HERE / "train.jsonl", train)
    write(HERE / "test.jsonl", test)
    big = sorted((len(g) for g in clusters_of(records)), reverse=True)[:5]
    print(f"{len(records)} utterances -> train {len(train)}, test {len(test)}; largest clusters {big}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
