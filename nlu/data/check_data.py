"""Validate the NLU data set (train.jsonl, test.jsonl). Standard library only.

    python check_data.py            # validate, print counts; exit 1 on any error
    python check_data.py --audit    # also print where a naive money/head-count reader disagrees
                                    # with the labels (for a human to look at; never an error)

Checks: well-formed JSON objects with exactly text/intent/entities; intent among the 12; entity keys,
types and values as in CONTRACTS §6; no duplicate texts (after NFKC, case folding, removing spaces
and punctuation) anywhere; no near-copies across train/test; per-intent minimum counts; a few
labelling rules from GUIDELINES.md (e.g. FOOD_REQUEST never has a budget).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"train": HERE / "train.jsonl", "test": HERE / "test.jsonl"}

INTENTS = (
    "BUDGET_INQUIRY", "FOOD_REQUEST", "EMERGENCY_FOOD", "GROUP_DINING", "BALANCE_CHECK",
    "BALANCE_CHARGE", "COUPON_INQUIRY", "TIME_INQUIRY", "LOCATION_INQUIRY", "MENU_OPTION",
    "GENERAL_CHAT", "UNKNOWN",
)
BIG_INTENTS = ("BUDGET_INQUIRY", "FOOD_REQUEST", "EMERGENCY_FOOD", "GROUP_DINING")
MIN_PER_INTENT, MIN_BIG, MIN_TOTAL = 80, 180, 1500
TIMES = ("아침", "점심", "저녁", "야식")
URGENCY = ("high", "normal", "low")
GROUP_WORDS = ("단체", "회식", "모임", "뒷풀이", "파티", "여럿", "여러명", "인원 많", "사람 많",
               "대인원", "다같이", "다 같이", "반 전체", "party")


# ----------------------------------------------------------------------------------------------
# record validation
# ----------------------------------------------------------------------------------------------
def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _str_list(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, str) and x.strip() for x in v)


def validate_record(rec) -> list[str]:
    """Problems with one record (empty list when fine)."""
    if not isinstance(rec, dict):
        return ["not a JSON object"]
    errs = []
    if set(rec) != {"text", "intent", "entities"}:
        errs.append(f"keys must be text/intent/entities, got {sorted(rec)}")
    text, intent, ents = rec.get("text"), rec.get("intent"), rec.get("entities")
    if not isinstance(text, str) or not text.strip():
        errs.append("text must be a non-empty string")
    elif text != " ".join(text.split()):
        errs.append("text has leading/trailing/double spaces or newlines")
    if intent not in INTENTS:
        errs.append(f"unknown intent {intent!r}")
    if not isinstance(ents, dict):
        return [*errs, "entities must be an object"]
    checks = {
        "budget": lambda v: _is_int(v) and 0 <= v <= 100000,
        "companion_count": lambda v: _is_int(v) and 1 <= v <= 100,
        "companions": _str_list,
        "food_type": lambda v: isinstance(v, str) and bool(v.strip()),
        "time_preference": lambda v: v in TIMES,
        "location": lambda v: isinstance(v, str) and bool(v.strip()),
        "menu_options": _str_list,
        "urgency": lambda v: v in URGENCY,
    }
    for key, value in ents.items():
        if key not in checks:
            errs.append(f"entity key {key!r} not allowed")
        elif not checks[key](value):
            errs.append(f"bad value for {key}: {value!r}")
    errs += rule_problems(text if isinstance(text, str) else "", intent, ents)
    return errs


def rule_problems(text: str, intent: str, ents: dict) -> list[str]:
    """Labelling rules of GUIDELINES.md that can be checked mechanically."""
    errs = []
    count = ents.get("companion_count")
    if intent == "FOOD_REQUEST" and "budget" in ents:
        errs.append("FOOD_REQUEST with a budget: should be BUDGET_INQUIRY (or no budget)")
    if intent in ("FOOD_REQUEST", "BUDGET_INQUIRY") and _is_int(count) and count >= 4:
        errs.append("4+ people must be GROUP_DINING")
    if intent == "GROUP_DINING" and _is_int(count) and count < 4:
        errs.append("GROUP_DINING with fewer than 4 people")
    if intent == "GROUP_DINING" and count is None and not any(w in text for w in GROUP_WORDS):
        errs.append("GROUP_DINING without a head count needs a group word")
    if intent == "EMERGENCY_FOOD" and ents.get("urgency") != "high":
        errs.append("EMERGENCY_FOOD must carry urgency high")
    return errs


# ----------------------------------------------------------------------------------------------
# duplicates and near-copies
# ----------------------------------------------------------------------------------------------
def _drop(text: str, categories: tuple[str, ...]) -> str:
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(categories))


def dup_key(text: str) -> str:
    """Text without spaces and punctuation (NFKC, case-folded); punctuation-only texts stay raw."""
    t = unicodedata.normalize("NFKC", text).casefold()
    key = _drop(t, ("Z", "P"))
    return key or "".join(t.split())


def near_key(text: str) -> str:
    """dup_key, also without laughter/crying jamo (ㅋㅎㅠㅜ) and symbols such as emoji."""
    key = _drop(dup_key(text), ("S",))
    key = re.sub("[ㅋㅎㅠㅜ\u110f\u1112\u1172\u116e]+", "", key)  # NFKC turns ㅋ into U+110F etc.
    return key or dup_key(text)


def _levenshtein(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def near_copy(a: str, b: str) -> bool:
    """Two near_keys that differ only by a typo or two (spacing, ㅋㅋ, 뭐/머, 요 ...)."""
    if a == b:
        return True
    longest = max(len(a), len(b))
    if longest <= 3:  # "1번"/"2번", "잔액"/"잔고" differ; "잔액"/"잔액ㅇ", "위치"/"위치좀" do not
        return abs(len(a) - len(b)) == 1 and (a in b or b in a)
    limit = 1 if longest <= 5 else 2 if longest <= 12 else 3
    return _levenshtein(a, b, limit) <= limit


# ----------------------------------------------------------------------------------------------
# audit: a naive reader of amounts and head counts, to find labelling slips
# ----------------------------------------------------------------------------------------------
_KDIGIT = dict(zip("일이삼사오육칠팔구", range(1, 10), strict=True))
_UNITS = {"십": 10, "백": 100, "천": 1000}
_TOK = r"(?:\d[\d,]*(?:\.\d+)?|[일이삼사오육칠팔구]?[십백천만])"
_MONEY = re.compile(rf"(?<![가-힣\d])({_TOK}(?:\s?{_TOK})*)\s?(원|won|냥|k(?![a-z]))?")
_AFTER_BARE = ("으로", "이하", "이면", "정도", "짜리", "쯤", "선", "대", "까지", "밖에", "있", "내", "안",
               "미만", "씩", "이상", "원")
_COUNT_WORDS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6}


def korean_number(span: str) -> float | None:
    s = span.replace(",", "").replace(" ", "")
    total, section, current = 0.0, 0.0, None
    i = 0
    while i < len(s):
        m = re.match(r"\d+(?:\.\d+)?", s[i:])
        if m:
            current = float(m.group())
            i += m.end()
            continue
        ch = s[i]
        if ch in _KDIGIT:
            current = _KDIGIT[ch]
        elif ch in _UNITS:
            section += (1 if current is None else current) * _UNITS[ch]
            current = None
        elif ch == "만":
            total += (section + (0 if current is None else current) or 1) * 10000
            section, current = 0.0, None
        else:
            return None
        i += 1
    return total + section + (current or 0)


def amounts(text: str) -> list[int]:
    found = []
    for m in _MONEY.finditer(text):
        span, unit = m.group(1).strip(), m.group(2)
        tail = text[m.end():m.end() + 8]
        if text[max(m.start() - 1, 0)] == "₩":
            unit = "원"
        bare_ok = span.endswith(("만", "천")) or (span.endswith("백") and re.search("[천만]", span))
        if unit is None and (not bare_ok or span in ("만", "천")
                             or (re.match(r"[가-힣]", tail) and not tail.startswith(_AFTER_BARE))):
            continue
        if unit is None and tail.startswith(("명", "시", "분", "번", "층")):
            continue
        value = korean_number(span)
        if value is None or value <= 0:
            continue
        if unit == "k":
            value *= 1000
        many = re.match(r"\s?(?:짜리)?\s?(한|두|세|네|다섯|여섯|\d+)\s?장", tail)
        if many:
            word = many.group(1)
            value *= int(word) if word.isdigit() else _COUNT_WORDS[word]
        found.append(round(value))
    return found


_HEAD = re.compile(r"혼밥|혼자|둘이|셋이|넷이|다섯|여섯|일곱|여덟|아홉|열\s?명|스무|서른|\d+\s?명|\d+인|"
                   r"[가-힣]+(?:랑|이랑|하고)\b|나까지|포함|우리 [가-힣]+ [넷다여]")


def audit(rows: list[tuple[str, dict]]) -> int:
    flagged = 0
    for where, rec in rows:
        text, ents = rec["text"], rec["entities"]
        found = amounts(text)
        budget = ents.get("budget")
        if (budget is None and found) or (budget is not None and budget not in found):
            flagged += 1
            print(f"  budget? {where} {text!r} label={budget} reader={found} [{rec['intent']}]")
        head = _HEAD.search(text)
        if "companion_count" not in ents and head and not head.group().endswith(("랑", "하고")):
            flagged += 1
            print(f"  count?  {where} {text!r} label=None [{rec['intent']}]")
    print(f"audit: {flagged} lines to look at")
    return flagged


# ----------------------------------------------------------------------------------------------
def load() -> tuple[dict[str, list[dict]], list[str]]:
    data, errors = {}, []
    for split, path in FILES.items():
        rows = []
        if not path.exists():
            errors.append(f"{path.name}: missing")
        else:
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(f"{path.name}:{n}: invalid JSON ({exc})")
                    continue
                for problem in validate_record(rec):
                    errors.append(f"{path.name}:{n}: {problem} :: {line}")
                rows.append(rec)
        data[split] = rows
    return data, errors


def check_duplicates(data: dict[str, list[dict]]) -> list[str]:
    errors, seen = [], {}
    for split, rows in data.items():
        for n, rec in enumerate(rows, 1):
            key = dup_key(str(rec.get("text", "")))
            if key in seen:
                errors.append(f"duplicate text {rec.get('text')!r} ({split}:{n} and {seen[key]})")
            else:
                seen[key] = f"{split}:{n}"
    train_keys = [(near_key(r["text"]), r["text"]) for r in data["train"]]
    for rec in data["test"]:
        key = near_key(rec["text"])
        for other_key, other in train_keys:
            if near_copy(key, other_key):
                errors.append(f"near-copy across splits: test {rec['text']!r} ~ train {other!r}")
    return errors


def report(data: dict[str, list[dict]]) -> list[str]:
    errors = []
    counts = {s: Counter(r.get("intent") for r in rows) for s, rows in data.items()}
    total = sum(len(rows) for rows in data.values())
    print(f"{'intent':<18}{'train':>7}{'test':>7}{'total':>7}")
    for intent in INTENTS:
        tr, te = counts["train"][intent], counts["test"][intent]
        print(f"{intent:<18}{tr:>7}{te:>7}{tr + te:>7}")
        need = MIN_BIG if intent in BIG_INTENTS else MIN_PER_INTENT
        if tr + te < need:
            errors.append(f"{intent}: {tr + te} examples, need at least {need}")
        if te == 0:
            errors.append(f"{intent}: no test examples")
    n_train, n_test = len(data["train"]), len(data["test"])
    print(f"{'TOTAL':<18}{n_train:>7}{n_test:>7}{total:>7}   test share {n_test / max(total, 1):.1%}")
    if total < MIN_TOTAL:
        errors.append(f"only {total} utterances, need {MIN_TOTAL}")
    if total and not 0.15 <= n_test / total <= 0.25:
        errors.append("test share outside 15-25 %")
    ents = Counter(k for rows in data.values() for r in rows for k in r.get("entities", {}))
    print("entity keys:", dict(ents.most_common()))
    return errors


def main(argv: list[str]) -> int:
    data, errors = load()
    if all(p.exists() for p in FILES.values()):
        errors += check_duplicates(data)
        errors += report(data)
        if "--audit" in argv:
            audit([(f"{s}:{n}", r) for s, rows in data.items() for n, r in enumerate(rows, 1)])
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"FAILED: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
