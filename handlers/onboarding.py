"""Scenario 2 (seed 000 §5.3): a new user gets a greeting, three preference questions that can each be skipped
(food, budget, spice), a profile, and the welcome coupon queued once.

Flow: a first message that is a greeting (or a LINE follow) starts the questions at once; a first message that
asks for something real is answered first, with a one-line welcome and a "내 입맛 알려주기" quick reply that
starts them later (food before questions; an emergency gets no greeting at all). While the questions run, an
answer that does not fit but is clearly another request ends them (what was answered is kept) and is handled
as usual. "그만"/"나중에" ends them, "건너뛰기" skips one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handlers import jobs, texts
from handlers.common import last_follow_up, text_reply
from handlers.recommender.food import CATEGORIES, CATEGORY_WORDS, food_wish
from handlers.reply import QuickReply, Reply
from handlers.turn import HandlerDeps, Turn
from nlu.types import Intent
from storage.coupons import issued_since
from storage.users import Profile, ensure_profile, save_profile

STEPS = ("food", "budget", "spicy")
WELCOME_COUPON = "WELCOME3000"
SKIP_ONE = re.compile(r"건너|스킵|skip|패스|넘어가|몰라|글쎄|상관\s?없|아무거나")
SKIP_ALL = re.compile(r"그만|나중에|다음에\s?할|안\s?할래|됐어")
SPICY = ((re.compile(r"못\s?먹|싫|안\s?매운|안\s?맵|약해|별로"), 0.1), (re.compile(r"조금|약간|적당|살짝|보통"), 0.5),
         (re.compile(r"좋아|잘\s?먹|완전|최고|맵부심|좋"), 0.9))


def parse_answer(step: str, turn: Turn) -> object | None:
    """The answer to ``step`` in this turn: a category, an amount, a spice level (0–1); None when absent."""
    if step == "food":
        wish = food_wish(turn.entities.get("food_type"))
        if wish and wish.categories:
            return wish.categories[0]
        return next((CATEGORY_WORDS[w] for w in CATEGORY_WORDS if w in turn.text), None)
    if step == "budget":
        budget = turn.entities.get("budget")
        return int(budget) if isinstance(budget, int | float) and budget > 0 else None
    return next((level for pattern, level in SPICY if pattern.search(turn.text)), None)


def profile_from(base: Profile | None, user_id: int, answers: dict) -> Profile:
    """The profile with the onboarding answers in (pure)."""
    profile = base or Profile(user_id=user_id)
    food = answers.get("food")
    categories = ((food,) if food in CATEGORIES else ()) + tuple(c for c in profile.preferred_categories if c != food)
    taste = dict(profile.taste_preferences or {})
    if answers.get("spicy") is not None:
        taste["매운맛"] = answers["spicy"]
    answered = sum(answers.get(step) is not None for step in STEPS)
    return replace(profile, preferred_categories=categories[:5], taste_preferences=taste,
                   average_budget=answers.get("budget") or profile.average_budget,
                   data_completeness=max(profile.data_completeness, round(0.2 * answered, 2)))


def question(step: str, answers: dict, lead: str = "") -> Reply:
    choices = (*(QuickReply(label, text) for label, text in texts.ONBOARD_CHOICES[step]), texts.ONBOARD_SKIP)
    follow_up = {"topic": "onboarding", "onboarding": {"step": step, "answers": answers}}
    return Reply(text=(lead + "\n" if lead else "") + texts.ONBOARD_QUESTIONS[step], quick_replies=choices,
                 follow_up=follow_up)


async def welcome_perks(turn: Turn, deps: HandlerDeps) -> str:
    """A profile row, and the welcome coupon queued once; the line that says the coupon is coming ("" if not)."""
    if turn.user is None:
        return ""
    await ensure_profile(deps.pool, turn.user.user_id)
    if await issued_since(deps.pool, turn.user.user_id, WELCOME_COUPON):
        return ""
    return texts.WELCOME_COUPON if await jobs.enqueue_welcome_coupon(deps, turn.user.user_id) == "queued" else ""


async def start(turn: Turn, deps: HandlerDeps, lead: str = texts.WELCOME) -> Reply:
    return question(STEPS[0], {}, lead + await welcome_perks(turn, deps))


async def welcome_new(turn: Turn, deps: HandlerDeps, reply: Reply) -> Reply:
    """A new user's first real request, answered: one welcome line, the coupon, the questions offered."""
    coupon = await welcome_perks(turn, deps)
    if turn.nlu.intent == Intent.EMERGENCY_FOOD:
        return reply
    quick = (*reply.quick_replies[:9], texts.QR_TELL_TASTE)
    return replace(reply, text=f"{texts.WELCOME_LINE.strip()}{coupon}\n{reply.text}", quick_replies=quick)


async def save(turn: Turn, deps: HandlerDeps, answers: dict) -> None:
    if turn.user is None:
        return
    await save_profile(deps.pool, profile_from(turn.profile, turn.user.user_id, answers))
    await jobs.forget_cached_profile(deps, turn.user.user_key)


async def answer(turn: Turn, deps: HandlerDeps) -> Reply | None:
    """The next question or the end; None when this turn is another request (the intent handler takes it)."""
    state = last_follow_up(turn).get("onboarding") or {}
    step, answers = state.get("step", STEPS[0]), dict(state.get("answers") or {})
    value = parse_answer(step, turn)
    if value is None and SKIP_ALL.search(turn.text):
        await save(turn, deps, answers)
        return text_reply(texts.ONBOARD_SKIPPED)
    chatting = turn.nlu.intent in (Intent.GENERAL_CHAT, Intent.UNKNOWN)
    if value is None and not SKIP_ONE.search(turn.text) and not chatting:
        await save(turn, deps, answers)
        return None
    answers[step] = value
    following = STEPS[STEPS.index(step) + 1:] if step in STEPS else ()
    if following:
        return question(following[0], answers)
    await save(turn, deps, answers)
    return text_reply(texts.ONBOARD_DONE if any(v is not None for v in answers.values()) else texts.ONBOARD_SKIPPED)
