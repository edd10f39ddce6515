"""The recommender (seed 000 §5.2 steps 9–17): pure functions over the candidates SQL returns.

    wish.py       what the user wants (budget, food, place, head count), kept between turns and refined
    food.py       food words → shop categories and menu-name terms (중국집 = 중식, 짜장 → 짜장면)
    places.py     where to search: a named place (gazetteer), the shared position, the profile's place; radii
    pricing.py    each menu's final price after the best coupon of the wallet
    engine.py     the SQL search (hard limits, radius widening, dish → category) and the ranking
    features.py   the named scoring features, each in [0, 1]
    scoring.py    documented weights, the weighted score, MMR for diversity
    reasons.py    reason codes (BUDGET_FIT, NEARBY, POPULAR, FOODCARD_OK, HIGH_QUALITY, USER_PREFERENCE)
    cards.py      a scored shop as a ShopCard (menus with price and final price, coupon, distance, walk)
    explain.py    when nothing fits: why, in one line, and the nearest way out
    emergency.py  scenario 1: free meals at 선한영향력가게 first, then the cheapest meals within the balance
    semantic.py   the optional semantic match (handlers.semantic), absent without it
"""
