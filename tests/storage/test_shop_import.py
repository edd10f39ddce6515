"""Shop import (seed 000 §7): one row at a time, grouping rows into shops, reading files, writing to PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from openpyxl import Workbook

from storage.shop_grouping import group_rows
from storage.shop_import import format_report, import_shops_file, read_csv, read_shop_file, validate_records
from storage.shop_validation import RowError, ShopRow, validate_row

SAMPLE = Path(__file__).parent / "data" / "shops_sample.csv"
GOOD = {"shop_name": "테스트분식", "address_name": "서울 광진구 화양동 1-1", "category": "분식",
        "latitude": "37.5404", "longitude": "127.0692", "menu_name": "김밥", "menu_price": "3500"}  # fmt: skip
# line → words the reason must contain (the sample's deliberately bad rows)
SAMPLE_ERRORS = {
    7: "category", 8: "latitude", 9: "menu_price", 10: "shop_name", 11: "is_food_card_shop", 12: "daily_open",
    13: "line 8", 15: "line 2", 16: "swapped", 17: "menu_price", 19: "South Korea",
}  # fmt: skip


def check(**changes) -> ShopRow | RowError:
    return validate_row(5, {**GOOD, **changes})


def test_a_good_row_becomes_a_shop_with_its_menu():
    row = check(is_good_influence_shop="예", seat_count="40", daily_open="9:00", daily_close="02:00", closed_days="월")
    assert isinstance(row, ShopRow) and row.key == (GOOD["shop_name"], GOOD["address_name"])
    assert row.shop.is_good_influence_shop is True and row.shop.is_food_card_shop == "U" and row.shop.seat_count == 40
    hours = row.shop.business_hours_json()
    assert hours["monday"] == {"closed": True} and hours["tuesday"] == {"open": "09:00", "close": "02:00"}
    assert (row.menu.menu_name, row.menu.price) == ("김밥", 3500)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"shop_name": " "}, "shop_name is required"),
        ({"address_name": None}, "address_name is required"),
        ({"category": "중국집"}, "category '중국집' is not one of"),
        ({"category": None}, "category is required"),
        ({"latitude": "91"}, "latitude 91.0 is out of range"),
        ({"longitude": "abc"}, "longitude 'abc' is not a number"),
        ({"latitude": None}, "latitude and longitude are required"),
        ({"latitude": "127.07", "longitude": "37.54"}, "look swapped"),
        ({"latitude": "40.71", "longitude": "-74.0"}, "not in South Korea"),
        ({"menu_price": "-1"}, "menu_price -1 is outside 0..1,000,000"),
        ({"menu_price": "1000001"}, "outside 0..1,000,000"),
        ({"menu_price": 4500.5}, "not a whole number"),
        ({"menu_price": None}, "has no menu_price"),
        ({"menu_name": None}, "menu_price given without menu_name"),
        ({"is_food_card_shop": "maybe"}, "must be Y, N, P or U"),
        ({"is_good_influence_shop": "글쎄"}, "is not yes/no"),
        ({"daily_open": "25:00", "daily_close": "22:00"}, "daily_open '25:00' is not a time"),
        ({"daily_open": "24:00", "daily_close": "22:00"}, "daily_open '24:00'"),
        ({"monday_open": "09:00"}, "monday: opening time without closing time"),
        ({"daily_open": "9:00", "daily_close": "21:00", "daily_break_start": "15:00"}, "break_start without"),
        ({"daily_open": "9:00", "daily_close": "21:00", "daily_break_start": "17:00", "daily_break_end": "15:00"},
         "is not before"),
        ({"closed_days": "월,휴일"}, "is not a weekday"),
        ({"seat_count": "많음"}, "seat_count"),
        ({"phone": "call me"}, "is not a phone number"),
        ({"menu_category": "메인요리"}, "menu_category"),
        ({"menu_options": "{not json"}, "not valid JSON"),
        ({"menu_options": '{"size": [{"name": "곱빼기", "price": -1000}]}'}, "price of '곱빼기'"),
        ({"menu_options": '["곱빼기"]'}, "must be a JSON object"),
        ({"category": None, "latitude": None, "longitude": None, "menu_name": None, "menu_price": None},
         "category, latitude and longitude are required"),
    ],
)  # fmt: skip
def test_bad_rows_say_why(changes, reason):
    result = check(**changes)
    assert isinstance(result, RowError) and result.line_no == 5
    assert reason in result.reason


@pytest.mark.parametrize("word", ["Y", "y", "yes", "예", "네", "true", "TRUE", "1", "O", True, 1])
def test_yes_spellings(word):
    assert check(has_private_room=word).shop.has_private_room is True


@pytest.mark.parametrize("word", ["N", "no", "아니오", "아니요", "false", "0", "X", False, 0])
def test_no_spellings(word):
    assert check(has_private_room=word).shop.has_private_room is False


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"menu_price": "4,500원"}, "price", 4500),
        ({"menu_price": 4500.0}, "price", 4500),
        ({"menu_price": "0"}, "price", 0),
        ({"category": "카페"}, "category", "카페/디저트"),
        ({"is_food_card_shop": "가능"}, "is_food_card_shop", "Y"),
        ({"is_food_card_shop": "p"}, "is_food_card_shop", "P"),
        ({"latitude": 37.5404123456789}, "latitude", 37.54041235),
        ({"daily_open": dt.time(9, 30), "daily_close": "24:00"}, "business_hours", {"open": "09:30", "close": "24:00"}),
    ],
)  # fmt: skip
def test_values_are_normalised(changes, field, expected):
    row = check(**changes)
    value = getattr(row.menu if field == "price" else row.shop, field)
    if field == "business_hours":
        value = value.to_json()["friday"]
    assert value == expected


def test_a_row_without_shop_details_only_adds_a_menu():
    row = check(category=None, latitude=None, longitude=None, menu_name="라면", menu_price="4500")
    assert isinstance(row, ShopRow) and row.shop is None and row.menu.menu_name == "라면"


def test_the_sample_file_reports_each_bad_row_and_keeps_the_good_ones():
    shops, errors, rows_ok = group_rows(validate_records(read_shop_file(SAMPLE))[0])
    assert {error.line_no: error.reason for error in errors}.keys() == SAMPLE_ERRORS.keys()
    for error in errors:
        assert SAMPLE_ERRORS[error.line_no] in error.reason, error
    assert rows_ok == 8
    menus = {shop.shop_name: [menu.menu_name for menu in shop.menus] for shop in shops}
    assert menus == {
        "샘플분식": ["김밥", "라면", "떡볶이"],
        "샘플반점": ["짜장면", "짬뽕"],
        "샘플치킨": ["후라이드치킨"],
        "샘플편의점": ["삼각김밥"],
        "샘플카페": [],
    }


def test_conflicting_details_for_one_shop_are_reported():
    rows = [validate_row(2, GOOD), validate_row(3, {**GOOD, "menu_name": "라면", "category": "한식"})]
    shops, errors, rows_ok = group_rows(rows)
    assert [(e.line_no, "differ from line 2" in e.reason) for e in errors] == [(3, True)]
    assert rows_ok == 1 and [m.menu_name for m in shops[0].menus] == ["김밥"]


def test_csv_encodings_headers_and_line_numbers():
    text = (
        "가게명,주소,업종,위도,경도,메뉴명,가격,메뉴 설명\n"
        '"줄바꿈\n가게",주소 1,분식,37.5,127.0,김밥,3000,x\n'
        ",,,,,,,\n"
        "가게2,주소 2,분식,1,2,김밥,1,x\n"
    )
    for encoding in ("utf-8", "utf-8-sig", "cp949"):
        records = list(read_csv(text.encode(encoding)))
        results, ignored = validate_records(records)
        assert [r.line_no for r in results] == [2, 5], encoding  # a record on lines 2-3; blank line 4 skipped
        assert isinstance(results[0], ShopRow) and results[0].shop.shop_name == "줄바꿈\n가게"
        assert "South Korea" in results[1].reason
        assert ignored == ("메뉴_설명",)


def test_a_file_without_the_key_columns_is_refused():
    results, _ = validate_records(list(read_csv(b"name,price\nA,1\n")))
    assert [(r.line_no, r.reason) for r in results] == [(1, "missing column(s): shop_name, address_name")]


# ---- files and PostgreSQL -----------------------------------------------------------------------------


def unique_sample(tmp_path: Path) -> tuple[Path, str]:
    """The sample with shop names no other test uses (the test database is shared by the session)."""
    prefix = f"샘플{uuid.uuid4().hex[:8]}"
    path = tmp_path / "shops.csv"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("샘플", prefix), encoding="utf-8")
    return path, prefix


def typed(cell: str) -> object:
    """How Excel would hold the cell: numbers as numbers, valid times as times."""
    if re.fullmatch(r"-?\d+", cell):
        return int(cell)
    if re.fullmatch(r"-?\d+\.\d+", cell):
        return float(cell)
    if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", cell):
        return dt.time(int(cell[:2]), int(cell[3:]))
    return cell or None


def as_xlsx(csv_path: Path) -> Path:
    book = Workbook()
    book.active.title = "설명"
    book.active.append(["이 시트는 무시됩니다"])
    sheet = book.create_sheet("shops")
    for _, cells in read_csv(csv_path.read_bytes()):
        sheet.append([typed(str(cell)) for cell in cells])
    path = csv_path.with_suffix(".xlsx")
    book.save(path)
    return path


async def _stored(conn, prefix: str) -> dict[str, list[str]]:
    rows = await conn.fetch(
        "SELECT s.shop_name, m.menu_name FROM chatbot.shops s LEFT JOIN chatbot.menus m ON m.shop_id = s.id"
        " WHERE s.shop_name LIKE $1 || '%' ORDER BY s.shop_name, m.id",
        prefix,
    )
    stored: dict[str, list[str]] = {}
    for row in rows:
        stored.setdefault(row["shop_name"].removeprefix(prefix), []).extend(
            [row["menu_name"]] if row["menu_name"] else []
        )
    return stored


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
async def test_import_keeps_good_rows_and_reports_bad_ones_by_line(pg_pool, tmp_path, kind):
    path, prefix = unique_sample(tmp_path)
    path = as_xlsx(path) if kind == "xlsx" else path
    async with pg_pool.acquire() as conn:
        report = await import_shops_file(conn, path)
        again = await import_shops_file(conn, path)
        stored = await _stored(conn, prefix)
        hours = await conn.fetchval("SELECT business_hours FROM chatbot.shops WHERE shop_name = $1", f"{prefix}반점")
    assert {error.line_no for error in report.errors} == SAMPLE_ERRORS.keys()
    assert "line 8: latitude 137.5 is out of range" in format_report(report)
    assert (report.written.shops_inserted, report.written.menus_inserted) == (5, 7)
    assert stored == {"분식": ["김밥", "라면", "떡볶이"], "반점": ["짜장면", "짬뽕"], "치킨": ["후라이드치킨"],
                      "편의점": ["삼각김밥"], "카페": []}  # fmt: skip
    assert hours["monday"] == {"closed": True} and hours["tuesday"]["break_start"] == "15:00"
    assert again.written == type(again.written)()  # nothing new, nothing changed


async def test_a_blank_cell_keeps_what_the_database_has(pg_pool, tmp_path):
    name = f"테스트{uuid.uuid4().hex[:8]}"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    head = "shop_name,address_name,category,latitude,longitude,seat_count,phone,menu_name,menu_price,menu_is_popular"
    first.write_text(f"{head}\n{name},주소 1,한식,37.54,127.06,40,02-0000-1111,백반,8000,Y\n", encoding="utf-8")
    second.write_text(f"{head}\n{name},주소 1,한식,37.54,127.06,,02-0000-2222,백반,8500,\n", encoding="utf-8")
    async with pg_pool.acquire() as conn:
        await import_shops_file(conn, first)
        report = await import_shops_file(conn, second)
        row = await conn.fetchrow(
            "SELECT s.seat_count, s.phone, m.price, m.is_popular FROM chatbot.shops s"
            " JOIN chatbot.menus m ON m.shop_id = s.id WHERE s.shop_name = $1",
            name,
        )
    assert (report.written.shops_updated, report.written.menus_updated) == (1, 1)
    assert tuple(row) == (40, "02-0000-2222", 8500, True)


async def test_an_unreadable_file_is_one_error(pg_pool, tmp_path):
    path = tmp_path / "shops.json"
    path.write_text("{}", encoding="utf-8")
    async with pg_pool.acquire() as conn:
        report = await import_shops_file(conn, path)
    assert report.rows_ok == 0 and "only .csv and .xlsx" in report.errors[0].reason
