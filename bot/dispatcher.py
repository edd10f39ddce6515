"""One turn, end to end: who is asking → session context → NLU → the intent's handler → Reply → save context →
enqueue the turn log. Every channel calls :meth:`Dispatcher.handle`; none decides what to say.

Failure policy: a Redis outage only loses caches (the turn log is then written straight to PostgreSQL); a
PostgreSQL outage gets a friendly "try again soon" while the turn log waits in the queue; nothing raises.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg
import structlog

from bot.incoming import POSTBACK, TEXT, IncomingMessage
from bot.metrics import observe_turn
from bot.nlu_service import NluService
from bot.turn_logger import TurnLogger
from handlers import texts
from handlers.common import text_reply
from handlers.registry import NON_TEXT_HANDLER, handler_for
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn
from nlu.types import Intent, NluResult
from storage import users
from storage.errors import StorageError, StorageUnavailable
from storage.geo import GeoPoint
from storage.privacy_ops import delete_user
from storage.session_store import (
    PROFILE_TTL_S,
    SESSION_TTL_S,
    USER_SESSION_IDLE_S,
    CacheStore,
    append_turn,
    profile_key,
    session_key,
    user_session_key,
)
from storage.turn_log import TurnLog

log = structlog.get_logger(__name__)

SESSION_NAMESPACE = uuid.UUID("5b1f2c1e-9f8a-4c55-9a43-6e6176696a61")


@dataclass(frozen=True)
class Asker:
    user: users.UserRecord | None
    card: users.MealCard | None
    profile: users.Profile | None


@dataclass(frozen=True)
class Outcome:
    """What one turn produced: the reply, what was understood, and where in the conversation we are."""

    reply: Reply
    nlu: NluResult
    conversation_turn: int
    session_id: str


@dataclass
class Dispatcher:
    pool: asyncpg.Pool
    cache: CacheStore
    nlu: NluService
    turn_logger: TurnLogger
    deps: HandlerDeps
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    handler_timeout_s: float = 3.0

    async def handle(self, msg: IncomingMessage) -> Reply:
        """Answer one message; never raises."""
        return (await self.handle_turn(msg)).reply

    async def handle_turn(self, msg: IncomingMessage) -> Outcome:
        """Answer one message and tell what was understood; never raises."""
        started = time.perf_counter()
        now = self.clock()
        try:
            asker = await self._asker(msg)
            session_id = await self._session_id(msg)
            context = await self.cache.get_json(session_key(session_id)) or {}
            nlu_started = time.perf_counter()
            # read with no suspension point before the NLU picks its model: the version that really answered
            model_version = self.nlu.model_version
            nlu_result = await self._understand(msg)
            nlu_ms = (time.perf_counter() - nlu_started) * 1000
            turn = self._turn(msg, nlu_result, asker, context, session_id, now)
            reply, error = await self._answer(turn)
            if reply.follow_up.get("erase_user"):  # 탈퇴 confirmed: nothing of this turn is kept either
                await self._erase(msg)
                return Outcome(reply, nlu_result, 0, session_id)
            await self._remember(turn, reply)
        except Exception:  # the last line of defence: a child waiting must still get an answer
            log.exception("dispatch_failed", channel=msg.channel, user_key=msg.user_key)
            unknown = NluResult(text="", intent=Intent.UNKNOWN, confidence=0.0)
            return Outcome(text_reply(texts.SOMETHING_WENT_WRONG), unknown, 0, msg.session_id or "")
        timings = {"total": (time.perf_counter() - started) * 1000, "nlu": nlu_ms}
        await self.turn_logger.submit(self._turn_log(msg, turn, reply, asker, timings, error, model_version))
        observe_turn(msg.channel, nlu_result.intent.value, timings["total"] / 1000)
        log.info("turn", channel=msg.channel, user_key=msg.user_key, intent=nlu_result.intent.value,
                 confidence=nlu_result.confidence, latency_ms=round(timings["total"], 2), error=error)
        return Outcome(reply, nlu_result, int(turn.context.get("turn_count", 0)) + 1, session_id)

    async def _erase(self, msg: IncomingMessage) -> None:
        async with self.pool.acquire(timeout=2.0) as conn:
            await delete_user(conn, self.cache.client, msg.user_key, actor="user:self")
        log.info("user_withdrew", channel=msg.channel, user_key=msg.user_key)

    async def _asker(self, msg: IncomingMessage) -> Asker:
        cached = await self.cache.get_json(profile_key(msg.user_key))
        if isinstance(cached, dict):
            return _asker_from_json(cached)
        try:
            async with self.pool.acquire(timeout=1.0) as conn:
                user = await users.get_or_create_user(conn, msg.platform, msg.external_user_id, msg.user_key)
                card = await users.get_meal_card(conn, user.user_id)
                profile = await users.get_profile(conn, user.user_id)
        except (TimeoutError, StorageError, OSError, asyncpg.PostgresError) as exc:
            log.warning("asker_unavailable", error=type(exc).__name__)
            return Asker(None, None, None)
        asker = Asker(user, card, profile)
        if not user.is_new:  # a new user's first answer is the onboarding; cache from the next turn on
            await self.cache.set_json(profile_key(msg.user_key), _asker_to_json(asker), PROFILE_TTL_S)
        return asker

    async def _session_id(self, msg: IncomingMessage) -> str:
        if msg.session_id:
            return str(uuid.uuid5(SESSION_NAMESPACE, f"{msg.user_key}:{msg.session_id}"))
        key = user_session_key(msg.user_key)
        current = await self.cache.get_json(key)
        if not isinstance(current, str):
            current = await self.cache.claim_json(key, str(uuid.uuid4()), USER_SESSION_IDLE_S)
        session_id = current if isinstance(current, str) else str(uuid.uuid4())
        await self.cache.set_json(key, session_id, USER_SESSION_IDLE_S)  # an active chat keeps its session
        return session_id

    async def _understand(self, msg: IncomingMessage) -> NluResult:
        text = _text_of(msg)
        if msg.kind not in (TEXT, POSTBACK) or text is None:
            return NluResult(text="", intent=Intent.UNKNOWN, confidence=1.0)
        return await self.nlu.analyze(text)

    def _turn(self, msg, nlu_result, asker: Asker, context: dict, session_id: str, now: datetime) -> Turn:
        position = msg.location or _position_from(context)
        return Turn(
            text=_text_of(msg) or "", nlu=nlu_result, user=asker.user, card=asker.card, profile=asker.profile,
            context=context, position=position, now=now, channel=msg.channel, event_id=msg.event_id,
            postback=msg.postback_data, kind=msg.kind, session_id=session_id,
        )

    async def _answer(self, turn: Turn) -> tuple[Reply, str | None]:
        is_text = turn.kind == TEXT or (turn.kind == POSTBACK and turn.text)
        handler = handler_for(turn.nlu.intent) if is_text else NON_TEXT_HANDLER
        try:
            return await asyncio.wait_for(handler(turn, self.deps), self.handler_timeout_s), None
        except (TimeoutError, StorageUnavailable, OSError, asyncpg.PostgresError) as exc:
            log.warning("handler_degraded", intent=turn.nlu.intent.value, error=type(exc).__name__)
            return text_reply(texts.TEMPORARILY_UNAVAILABLE), type(exc).__name__
        except Exception as exc:
            log.exception("handler_failed", intent=turn.nlu.intent.value)
            return text_reply(texts.SOMETHING_WENT_WRONG), type(exc).__name__

    async def _remember(self, turn: Turn, reply: Reply) -> None:
        entry = {"text": turn.text, "intent": turn.nlu.intent.value, "entities": dict(turn.nlu.entities),
                 "reply": reply.text[:200], "follow_up": reply.follow_up, "at": turn.now.isoformat()}
        context = append_turn(turn.context, entry)
        if turn.position:
            context["position"] = [turn.position.latitude, turn.position.longitude]
        await self.cache.set_json(session_key(turn.session_id), context, SESSION_TTL_S)

    def _turn_log(self, msg: IncomingMessage, turn: Turn, reply: Reply, asker: Asker, timings: dict,
                  error: str | None, model_version: str) -> TurnLog:
        return TurnLog(
            event_id=turn.event_id, session_id=turn.session_id, channel=turn.channel, platform=turn.channel,
            external_user_id=msg.external_user_id, user_key=msg.user_key,
            timestamp=(msg.timestamp or turn.now).isoformat(),
            input_text=turn.text or f"[{turn.kind}]", response_text=reply.text, intent=turn.nlu.intent.value,
            confidence=turn.nlu.confidence, entities=dict(turn.nlu.entities),
            conversation_turn=int(turn.context.get("turn_count", 0)) + 1,
            previous_intent=turn.last_turn.get("intent"), user_id=asker.user.user_id if asker.user else None,
            recommendations=[_card_log(i, c) for i, c in enumerate(reply.cards, 1)],
            recommendation_method=reply.recommendation_method, total_candidates=reply.total_candidates,
            user_latitude=turn.position.latitude if turn.position else None,
            user_longitude=turn.position.longitude if turn.position else None,
            timings_ms=timings, model_version=model_version or None, error_type=error,
            request_id=msg.request_id,
        )


def _text_of(msg: IncomingMessage) -> str | None:
    """The words of a message: its text, or a quick reply's text carried in a postback (``msg=...``)."""
    if msg.kind == TEXT:
        return msg.text
    if msg.kind == POSTBACK and msg.postback_data and msg.postback_data.startswith("msg="):
        return msg.postback_data[4:]
    return None


def _position_from(context: dict) -> GeoPoint | None:
    value = context.get("position")
    if isinstance(value, list) and len(value) == 2:
        try:
            return GeoPoint(float(value[0]), float(value[1]))
        except (TypeError, ValueError):
            return None
    return None


def _card_log(rank: int, card) -> dict:
    """One recommendation as seed 000 §4.3 describes it."""
    return {
        "shop_id": card.shop_id, "shop_name": card.name, "score": round(max(0.0, min(1.0, card.score)), 3),
        "ranking": rank, "distance_meters": card.distance_m, "reason_codes": list(card.reason_codes),
        "menus": [{"menu_id": m.menu_id, "name": m.name, "price": m.price, "final_price": m.final_price,
                   "is_available": True} for m in card.menus],
        "final_price": card.cheapest_final_price, "foodcard_usable": card.food_card in ("Y", "P"),
    }


def _asker_to_json(asker: Asker) -> dict:
    from dataclasses import asdict

    return {
        "user": asdict(asker.user) if asker.user else None,
        "card": asdict(asker.card) if asker.card else None,
        "profile": asdict(asker.profile) if asker.profile else None,
    }


def _asker_from_json(data: dict) -> Asker:
    user = data.get("user")
    card = data.get("card")
    profile = data.get("profile")
    return Asker(
        users.UserRecord(**{**user, "created_at": datetime.fromisoformat(user["created_at"]), "is_new": False})
        if user else None,
        users.MealCard(**{**card, "last_sync_at": datetime.fromisoformat(card["last_sync_at"])
                          if card.get("last_sync_at") else None}) if card else None,
        users.Profile(**{k: tuple(v) if isinstance(v, list) else v for k, v in profile.items()}) if profile else None,
    )
