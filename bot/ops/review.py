"""Review queue: unsure and 👎 turns; an operator confirms or corrects intent and entities in two clicks, and the
reviewed examples download as JSON lines for ``python -m nlu train --extra FILE``."""

from __future__ import annotations

import json

from aiohttp import web

from bot.ops import pages
from storage import review

routes = web.RouteTableDef()


@routes.get("/review", name="review")
async def review_page(request: web.Request) -> web.Response:
    async with pages.pool(request).acquire() as conn:
        await review.collect_thumbs_down(conn)
        rows = await review.pending(conn)
        total = await review.pending_count(conn)
        reviewed = len(await review.reviewed_examples(conn))
        queue = await review.training_queue(conn)
    for row in rows:
        row["entities_json"] = json.dumps(row["predicted_entities"], ensure_ascii=False)
    return pages.render(request, "review.html", {"rows": rows, "total": total, "reviewed": reviewed,
                                                 "queue": queue, "done": request.query.get("done")})


def _entities(text: str | None) -> dict | None:
    """The entities the operator typed (a JSON object), None when left as they were; 400 when unreadable."""
    if text is None or not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise web.HTTPBadRequest(text="엔티티는 JSON 객체여야 합니다. 예: {\"budget\": 5000}") from exc
    if not isinstance(value, dict):
        raise web.HTTPBadRequest(text="엔티티는 JSON 객체여야 합니다. 예: {\"budget\": 5000}")
    return value


@routes.post(r"/review/{row_id:\d+}", name="review_decide")
async def decide(request: web.Request) -> web.Response:
    form = await request.post()
    action = str(form.get("action") or "")
    intent = str(form.get("intent") or "") or None
    if action not in review.ACTIONS or (intent is not None and intent not in pages.INTENTS):
        raise web.HTTPBadRequest(text="알 수 없는 검토 요청입니다.")
    entities = _entities(form.get("entities")) if action == "correct" else None
    row_id = int(request.match_info["row_id"])
    async with pages.pool(request).acquire() as conn:
        decided = await review.apply_review(conn, row_id, action, pages.operator(request),
                                            intent=intent if action == "correct" else None, entities=entities)
    if decided is None:
        raise web.HTTPNotFound(text="그런 검토 항목이 없습니다.")
    await pages.record(request, f"review.{decided['status']}", str(row_id), decided)
    raise web.HTTPSeeOther(f"/ops/review?done={decided['status']}#queue")


@routes.get("/review/export.jsonl", name="review_export")
async def export_reviewed(request: web.Request) -> web.Response:
    async with pages.pool(request).acquire() as conn:
        examples = await review.reviewed_examples(conn)
    await pages.record(request, "review.export", None, {"examples": len(examples)})
    return web.Response(text=review.to_jsonl(examples), content_type="application/x-ndjson", charset="utf-8",
                        headers={"Content-Disposition": 'attachment; filename="naviyam-reviewed.jsonl"'})
