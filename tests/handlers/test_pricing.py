"""Coupon final prices (pure): where a coupon applies, what it takes off, the best one per menu."""

from handlers.recommender.pricing import applies, best_price, discount, fitting_menus, price_allowance
from tests.handlers.factories import coupon, menu, shop


def test_fixed_amount_never_makes_a_price_negative():
    assert discount(coupon(amount=5000), 3500) == 3500
    assert discount(coupon(amount=1000), 3500) == 1000


def test_percentage_is_capped():
    assert discount(coupon(kind="PERCENTAGE", rate=0.1, cap=1500), 30000) == 1500
    assert discount(coupon(kind="PERCENTAGE", rate=0.1, cap=1500), 9000) == 900


def test_freebie_and_bogo_do_not_lower_one_meal():
    assert discount(coupon(kind="FREEBIE", amount=2000), 9000) == 0
    assert discount(coupon(kind="BOGO", rate=0.5, cap=10000), 9000) == 0


def test_where_coupons_apply():
    bunsik, chicken = shop(1, category="분식"), shop(2, category="치킨", food_card="N")
    assert applies(coupon(usage="CATEGORY", categories=("분식",)), bunsik, 5000, False)
    assert not applies(coupon(usage="CATEGORY", categories=("분식",)), chicken, 5000, False)
    assert applies(coupon(usage="SHOP", shops=(2,)), chicken, 5000, False)
    assert not applies(coupon(usage="SHOP", shops=(2,)), bunsik, 5000, False)
    assert applies(coupon(usage="FOODCARD"), bunsik, 5000, True)
    assert not applies(coupon(usage="FOODCARD"), bunsik, 5000, False)  # no card, no card coupon
    assert not applies(coupon(usage="FOODCARD"), chicken, 5000, True)  # the shop does not take the card
    assert not applies(coupon(minimum=6000), bunsik, 5000, False)


def test_the_best_coupon_wins_per_menu():
    wallet = [coupon("A", amount=1000, wallet_id=1), coupon("B", amount=2000, minimum=8000, wallet_id=2)]
    cheap, dear = menu(1, 5000), menu(2, 9000)
    target = shop(1)
    assert best_price(cheap, target, wallet, False).final_price == 4000
    assert best_price(dear, target, wallet, False).coupon.coupon_id == "B"
    assert best_price(dear, target, wallet, False).final_price == 7000
    assert best_price(dear, target, [], False).coupon is None


def test_fitting_menus_use_the_final_price_and_sort_cheapest_first():
    target = shop(1, 6000, 4000, 9000)
    wallet = [coupon(amount=2000)]
    fitting = fitting_menus(target, 5000, wallet, False)
    assert [p.final_price for p in fitting] == [2000, 4000]
    assert fitting_menus(target, None, [], False)[0].final_price == 4000
    assert fitting_menus(target, 1000, [], False) == ()


def test_allowance_widens_sql_enough_for_every_coupon():
    assert price_allowance([], 5000) == 0
    assert price_allowance([coupon(amount=3000)], 5000) == 3000
    assert price_allowance([coupon(amount=3000)], None) == 0
    allowance = price_allowance([coupon(kind="PERCENTAGE", rate=0.5, cap=None)], 5000)
    assert 5000 + allowance >= 10000  # a 10,000 menu at half price fits 5,000
