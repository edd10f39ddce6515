"""One conversation out as JSON or Markdown (seed 004 §10 ``export_conversation_json|markdown``), with what the
bot understood, the shops it recommended and its timings. Pure: it takes the timeline of
``storage.ops.conversations.conversation`` (already masked)."""

from __future__ import annotations

import json
from datetime import datetime


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _messages(conv: dict) -> list[dict]:
    messages = []
    for turn in conv["turns"]:
        base = {"session_id": conv["session_id"], "timestamp": _iso(turn["timestamp"])}
        messages.append({"message_id": f"{turn['id']}-user", "role": "user", "content": turn["input_text"], **base,
                         "nlu": {"intent": turn["intent"], "confidence": turn["confidence"],
                                 "entities": turn["entities"]}})
        messages.append({"message_id": f"{turn['id']}-assistant", "role": "assistant",
                         "content": turn["response_text"], **base,
                         "recommendations": turn.get("shops", []), "feedback_rating": turn.get("feedback"),
                         "timings_ms": {"total": turn["processing_time_ms"], "nlu": turn["nlu_time_ms"],
                                        "rag": turn["rag_time_ms"], "response": turn["response_time_ms"]}})
    return messages


def conversation_dict(conv: dict) -> dict:
    turns = conv["turns"]
    return {
        "conversation_id": conv["session_id"], "session_id": conv["session_id"],
        "title": f"{conv.get('channel') or ''} 대화 {conv['session_id'][:8]}".strip(),
        "channel": conv.get("channel"), "user_key": conv.get("user_key"),
        "created_at": _iso(turns[0]["timestamp"] if turns else conv.get("session_start")),
        "updated_at": _iso(turns[-1]["timestamp"] if turns else conv.get("last_activity_at")),
        "messages": _messages(conv),
    }


def to_json(conv: dict) -> str:
    return json.dumps(conversation_dict(conv), indent=2, ensure_ascii=False)


def to_markdown(conv: dict) -> str:
    data = conversation_dict(conv)
    lines = [f"# {data['title']}", "", f"**Date**: {data['created_at']}", "",
             f"**User**: `{data['user_key']}` · **Channel**: {data['channel']}", ""]
    for message in data["messages"]:
        lines += [f"## {message['role'].capitalize()}", "", message["content"] or "", ""]
        if message["role"] == "user":
            nlu = message["nlu"]
            entities = json.dumps(nlu["entities"], ensure_ascii=False)
            lines += [f"> NLU: `{nlu['intent']}` ({nlu['confidence']}) {entities}", ""]
        else:
            for shop in message["recommendations"]:
                lines.append(f"- {shop['rank']}. {shop['name']} — {shop['price']}원 (score {shop['score']})")
            if message["recommendations"]:
                lines.append("")
            lines += [f"> timings (ms): {json.dumps(message['timings_ms'])}", ""]
        lines += [f"*{message['timestamp']}*", ""]
    return "\n".join(lines)
