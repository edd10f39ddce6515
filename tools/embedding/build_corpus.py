"""Build the Korean food/shop training text of the shipped embedding model, deterministically.

    .venv/bin/python -m tools.embedding.build_corpus            # writes var/embedding/corpus.tsv

Each line is ``kind<TAB>text``: ``p`` for a document (what the index embeds: demo shop and menu documents made by
``handlers.semantic.documents``, menu names, categories) and ``q`` for a query-like phrase (a wish, a food, a
wish with a food, slang, spacing dropped the way children type) or a general Korean word (``lexicon_lines``).
The teacher embeds ``p`` lines as passages and ``q`` lines as queries; the student learns to reproduce both.

The labelled benchmark queries (tests/handlers/data/semantic_queries.jsonl) are held out: a generated phrase equal
to one of them, spaces ignored, is dropped, so the benchmark measures phrases the model never saw.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable
from pathlib import Path

from tools.embedding import corpus_words as words

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "var" / "embedding" / "corpus.tsv"
QUERIES_FILE = ROOT / "tests" / "handlers" / "data" / "semantic_queries.jsonl"
SEED = 20261123
DEMO_SEEDS = (20261123, 1, 2)
LEXICON_NOUNS = 4000  # the demo set and two more draws of the same catalog (other shop names)


def squash(text: str) -> str:
    return "".join(text.split())


def held_out_queries(path: Path = QUERIES_FILE) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {squash(json.loads(line)["query"]) for line in lines if line.strip()}


def document_lines() -> list[str]:
    """Shop and menu documents of the demo catalog, menu names, descriptions and categories."""
    from handlers.semantic.documents import category_words, documents_of, texts_from_records
    from storage.demo.generate import build_demo_dataset
    from storage.shop_rows import MENU_CATEGORIES, SHOP_CATEGORIES

    lines: list[str] = [*SHOP_CATEGORIES, *(category_words(c) for c in SHOP_CATEGORIES), *MENU_CATEGORIES]
    for seed in DEMO_SEEDS:
        shops, menus = texts_from_records(build_demo_dataset(seed).shops)
        shop_docs, menu_docs = documents_of(shops, menus)
        lines += shop_docs + menu_docs
        lines += [shop.name for shop in shops]
        lines += [menu.name for menu in menus]
        lines += [f"{menu.name} {menu.description}" for menu in menus if menu.description]
    return lines


def lexicon_lines(nouns: int = LEXICON_NOUNS) -> list[str]:
    """General Korean words, so the model knows words the food text never uses ("야채", "동남아", "다이어트"):
    the most frequent common nouns and every adjective (as "맵다", "시원하다") of the Open Korean Text
    dictionaries that ship inside KoNLPy (a runtime dependency already; read from its jar, nothing downloaded)."""
    import gzip
    import zipfile

    import konlpy

    jar = Path(konlpy.__file__).parent / "java" / "open-korean-text-2.1.0.jar"
    base = "org/openkoreantext/processor/util/"
    with zipfile.ZipFile(jar) as archive:
        common = set(archive.read(base + "noun/nouns.txt").decode("utf-8").split())
        ranked = gzip.decompress(archive.read(base + "freq/entity-freq.txt.gz")).decode("utf-8").splitlines()
        adjectives = archive.read(base + "adjective/adjective.txt").decode("utf-8").split()
    frequent = [word for word in (line.split("\t", 1)[0] for line in ranked) if word in common]
    return frequent[:nouns] + [f"{stem}다" for stem in adjectives]


def menu_names() -> list[str]:
    from storage.demo.generate import build_demo_dataset

    return sorted({menu.menu_name for shop in build_demo_dataset().shops for menu in shop.menus})


def phrase_lines(rng: random.Random, menus: list[str]) -> list[str]:
    """Query-like phrases: every wish and food with every ending, then random mixtures of the three."""
    out = [ending.format(x=x) for x in (*words.WISHES, *words.FOODS) for ending in words.ENDINGS]
    out += [ending.format(x=name) for name in menus for ending in rng.sample(words.ENDINGS, 8)]
    out += [ending.format(x=x) for x in (*menus, *words.FOODS) for ending in rng.sample(words.SHOP_ENDINGS, 2)]
    out += [ending.format(x=slang) for slang in words.SLANG for ending in rng.sample(words.ENDINGS, 8)]
    for _ in range(5000):
        wish, food, ending = rng.choice(words.WISHES), rng.choice(words.FOODS), rng.choice(words.ENDINGS)
        out.append(ending.format(x=f"{wish} {food}"))
    for _ in range(2500):
        template = rng.choice(words.TEMPLATES_DESCRIBE)
        food = rng.choice(words.FOODS)
        out.append(template.format(menu=rng.choice(menus), wish=rng.choice(words.WISHES), food=food))
    for _ in range(1500):
        first, second = rng.sample(words.WISHES, 2)
        out.append(rng.choice(words.ENDINGS).format(x=f"{first} {second}"))
    return out


def with_spacing_dropped(rng: random.Random, phrases: Iterable[str], share: float = 0.12) -> list[str]:
    """The phrases plus, for a share of them, the same phrase typed without spaces ("매운거 먹고싶어")."""
    out = []
    for phrase in phrases:
        out.append(phrase)
        if " " in phrase and rng.random() < share:
            out.append(squash(phrase) if rng.random() < 0.5 else phrase.replace(" 거", "거").replace("고 싶", "고싶"))
    return out


def unique(lines: Iterable[str], drop: set[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for line in lines:
        text = " ".join(line.split())
        if text and text not in seen and squash(text) not in drop:
            seen.add(text)
            out.append(text)
    return out


def build_corpus(seed: int = SEED) -> list[tuple[str, str]]:
    """(kind, text) pairs, documents first; the same seed always gives the same list."""
    rng = random.Random(seed)
    drop = held_out_queries()
    documents = unique(document_lines(), drop)
    phrases = unique(with_spacing_dropped(rng, phrase_lines(rng, menu_names())), drop | set(documents))
    phrases += unique(lexicon_lines(), drop | set(documents) | set(phrases))
    return [("p", text) for text in documents] + [("q", text) for text in phrases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    corpus = build_corpus()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(f"{kind}\t{text}\n" for kind, text in corpus), encoding="utf-8")
    documents = sum(1 for kind, _ in corpus if kind == "p")
    print(f"{len(corpus)} lines ({documents} documents, {len(corpus) - documents} phrases) -> {args.output}")


if __name__ == "__main__":
    main()
