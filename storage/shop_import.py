"""Bulk import of shops and menus from CSV or XLSX (``python -m storage import-shops FILE``), seed 000 §7.

One row is a shop with at most one menu. Rows with the same ``shop_name`` + ``address_name`` are one shop:
give the shop's details on one row and leave category/latitude/longitude blank on the others (they only add
menus), or repeat identical details. Bad rows are reported by line number (the header is line 1) and skipped;
good rows are written. A blank optional cell keeps what the database already has.

| column | required | format |
|---|---|---|
| shop_name (가게명, 상호명) | yes | text, ≤ 200 characters |
| address_name (주소, 지번주소) | yes | text; with shop_name, identifies the shop |
| category (카테고리, 업종) | on the shop's row | one of the 13 of ``SHOP_CATEGORIES`` (카페, 도시락, 죽 accepted) |
| latitude (위도), longitude (경도) | on the shop's row | decimal degrees in South Korea (33–38.7 N, 124.5–132 E) |
| road_address_name (도로명주소) | no | text |
| neighbourhood (동네) | no | e.g. 건대입구, ≤ 50 characters |
| is_food_card_shop (급식카드) | no | Y, N, P (partly) or U (unknown; the default); 가능/불가/부분/미확인 |
| is_good_influence_shop (선한영향력, 착한가게) | no | yes/no, default no |
| phone (전화번호), owner_message (사장님메시지) | no | text |
| seat_count (좌석수) | no | whole number 0–10,000 |
| accepts_group_reservation (단체예약), has_private_room (룸) | no | yes/no |
| daily_open, daily_close, daily_break_start, daily_break_end | no | HH:MM, every day; close 24:00 or 02:00 ok |
| monday_open … sunday_close, <day>_break_start, <day>_break_end | no | HH:MM, overrides daily_* for that day |
| <day>_closed, closed_days (휴무일), holiday_closed (공휴일휴무) | no | yes/no; closed_days: 월,일 / monday,sunday |
| menu_name (메뉴명), menu_price (가격) | together | text; whole won 0–1,000,000 (4,500 and 4500원 accepted) |
| menu_category (메뉴분류) | no | 메인메뉴 세트메뉴 사이드메뉴 음료 디저트 기타 |
| menu_description, menu_dietary_info, menu_is_popular, menu_is_available | no | text / yes-no |
| menu_options | no | JSON: {"size": [{"name": "곱빼기", "price": 1000}], "spicy": [...], "extras": [...]} |

Yes/no cells accept Y/N, 예/아니오, 네/아니요, true/false, 1/0, O/X. Column names are case-insensitive.
CSV is read as UTF-8 (with or without BOM), else CP949; XLSX from the sheet ``shops`` or else the first one.

How the CLI calls it::

    report = await import_shops_file(conn, Path(argv[0]))
    print(format_report(report))          # exit status 1 when report.errors
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from storage.business_hours import WEEKDAYS
from storage.shop_grouping import group_rows
from storage.shop_validation import RowError, ShopRow, validate_row
from storage.shop_writer import WriteCounts, upsert_shops

ALIASES = {
    "가게명": "shop_name",
    "상호명": "shop_name",
    "상호": "shop_name",
    "주소": "address_name",
    "지번주소": "address_name",
    "카테고리": "category",
    "업종": "category",
    "위도": "latitude",
    "경도": "longitude",
    "도로명주소": "road_address_name",
    "동네": "neighbourhood",
    "neighborhood": "neighbourhood",
    "급식카드": "is_food_card_shop",
    "선한영향력": "is_good_influence_shop",
    "착한가게": "is_good_influence_shop",
    "전화번호": "phone",
    "사장님메시지": "owner_message",
    "좌석수": "seat_count",
    "단체예약": "accepts_group_reservation",
    "룸": "has_private_room",
    "휴무일": "closed_days",
    "공휴일휴무": "holiday_closed",
    "메뉴명": "menu_name",
    "가격": "menu_price",
    "메뉴가격": "menu_price",
    "메뉴분류": "menu_category",
    "price": "menu_price",
}
_DAY_FIELDS = ("open", "close", "break_start", "break_end")
KNOWN_COLUMNS = frozenset(
    {
        "shop_name",
        "address_name",
        "category",
        "latitude",
        "longitude",
        "road_address_name",
        "neighbourhood",
        "is_food_card_shop",
        "is_good_influence_shop",
        "phone",
        "owner_message",
        "seat_count",
        "accepts_group_reservation",
        "has_private_room",
        "closed_days",
        "holiday_closed",
        "menu_name",
        "menu_price",
        "menu_category",
        "menu_description",
        "menu_options",
        "menu_dietary_info",
        "menu_is_popular",
        "menu_is_available",
    }
    | {f"daily_{f}" for f in _DAY_FIELDS}
    | {f"{day}_{f}" for day in WEEKDAYS for f in (*_DAY_FIELDS, "closed")}
)
REQUIRED_COLUMNS = ("shop_name", "address_name")


@dataclass(frozen=True)
class ImportReport:
    rows_read: int
    rows_ok: int
    shops: int  # distinct shops among the good rows
    menus: int
    errors: tuple[RowError, ...]
    written: WriteCounts = field(default_factory=WriteCounts)
    ignored_columns: tuple[str, ...] = ()


def canonical_column(header: object) -> str:
    name = str(header or "").strip().lstrip("\ufeff")
    key = name.lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name.replace(" ", ""), ALIASES.get(key, key))


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("the CSV file is neither UTF-8 nor CP949")


def read_csv(data: bytes) -> Iterator[tuple[int, list[object]]]:
    """(line number where the record starts, cells); the header is the first record."""
    reader = csv.reader(io.StringIO(_csv_text(data), newline=""))
    previous = 0
    for cells in reader:
        yield previous + 1, list(cells)
        previous = reader.line_num


def read_xlsx(path: Path) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook  # imported here: only the import command needs it

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook["shops"] if "shops" in workbook.sheetnames else workbook.worksheets[0]
        for line_no, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line_no, list(cells)
    finally:
        workbook.close()


def read_shop_file(path: Path) -> list[tuple[int, list[object]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return list(read_xlsx(path))
    if path.suffix.lower() in (".csv", ".txt"):
        return list(read_csv(path.read_bytes()))
    raise ValueError(f"{path.name}: only .csv and .xlsx files can be imported")


def _blank(cells: Iterable[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def validate_records(records: list[tuple[int, list[object]]]) -> tuple[list[ShopRow | RowError], tuple[str, ...]]:
    """Validate every non-blank data row; also returns the header columns that were not understood."""
    if not records:
        return [RowError(1, "the file is empty")], ()
    header = [canonical_column(cell) for cell in records[0][1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return [RowError(records[0][0], f"missing column(s): {', '.join(missing)}")], ()
    ignored = tuple(column for column in header if column and column not in KNOWN_COLUMNS)
    results: list[ShopRow | RowError] = []
    for line_no, cells in records[1:]:
        if not _blank(cells):
            results.append(validate_row(line_no, dict(zip(header, cells, strict=False))))
    return results, ignored


async def import_shops_file(conn: asyncpg.Connection, path: Path) -> ImportReport:
    """Read, validate and write ``path``; every good row is written even when others are bad."""
    try:
        records = read_shop_file(path)
    except (ValueError, OSError) as problem:
        return ImportReport(0, 0, 0, 0, (RowError(0, str(problem)),))
    results, ignored = validate_records(records)
    shops, errors, rows_ok = group_rows(results)
    written = await upsert_shops(conn, shops, data_source="manual") if shops else WriteCounts()
    menus = sum(len(shop.menus) for shop in shops)
    return ImportReport(max(len(records) - 1, 0), rows_ok, len(shops), menus, errors, written, ignored)


def format_report(report: ImportReport) -> str:
    w = report.written
    lines = [
        f"{report.rows_read} rows read: {report.rows_ok} good, {len(report.errors)} rejected",
        f"shops: {report.shops} in file, {w.shops_inserted} new, {w.shops_updated} updated; "
        f"menus: {report.menus} in file, {w.menus_inserted} new, {w.menus_updated} updated",
    ]
    if report.ignored_columns:
        lines.append(f"ignored columns: {', '.join(report.ignored_columns)}")
    lines += [f"line {error.line_no}: {error.reason}" for error in report.errors]
    return "\n".join(lines)
