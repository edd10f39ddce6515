"""Checks a Kakao i Open Builder skill response (``{"version": "2.0", …}``) against Kakao's limits.

Used by the fake callback receiver and by the Kakao webhook tests on our synchronous answers:
``assert validate_skill_response(answer) == []``. Each error reads ``"<path>: <what is wrong>"``.

Source: 스킬 개발 가이드 > 응답 타입별 JSON 포맷,
https://kakaobusiness.gitbook.io/main/tool/chatbot/skill_guide/answer_json_format (SkillResponse,
SkillTemplate, SimpleText, SimpleImage, TextCard, BasicCard, CommerceCard, ListCard, ItemCard,
Carousel, Thumbnail, Button, buttonLayout, QuickReplies, ContextControl) and the AI chatbot callback
guide, https://kakaobusiness.gitbook.io/main/tool/chatbot/skill_guide/ai_chatbot_callback_guide
(``useCallback: true`` with no template). One rule is ours, not Kakao's: quick reply labels ≤ 14
characters like button labels (docs/CONTRACTS.md §4; Kakao's page gives no number for them).
Not checked: limits Kakao states in lines or pixels (carousel titles "max 2 lines", image ratios),
and "8 characters per button in a horizontal pair", which Kakao's own buttonLayout example exceeds
(a display truncation, not a rejection).
"""

from __future__ import annotations

from typing import Any

MAX_OUTPUTS = 3
MAX_QUICK_REPLIES = 10
MAX_SIMPLE_TEXT = 1000
MAX_ALT_TEXT = 50
MAX_BUTTON_LABEL = 14
MAX_QUICK_REPLY_LABEL = 14  # project rule (CONTRACTS §4)
MAX_BUTTONS = {"vertical": 3, "horizontal": 2}
MAX_CAROUSEL_ITEMS = 10
MAX_CAROUSEL_LIST_CARDS = 5
BUTTON_ACTIONS = ("webLink", "message", "phone", "block", "share", "operator")
CAROUSEL_TYPES = ("basicCard", "commerceCard", "listCard", "itemCard", "textCard")
COMPONENTS = ("simpleText", "simpleImage", "textCard", "basicCard", "commerceCard", "listCard", "itemCard",
              "carousel")


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def obj(self, value: Any, path: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, "must be an object")
            return False
        return True

    def text(self, parent: dict, key: str, path: str, *, required: bool = False, max_len: int | None = None,
             non_empty: bool = False) -> str | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return None
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "must be a string")
            return None
        if non_empty and not value.strip():
            self.add(f"{path}.{key}", "must not be empty")
        if max_len is not None and len(value) > max_len:
            self.add(f"{path}.{key}", f"{len(value)} characters, the limit is {max_len}")
        return value

    def url(self, parent: dict, key: str, path: str, *, required: bool = False) -> None:
        value = self.text(parent, key, path, required=required)
        if value is not None and not value.startswith(("http://", "https://")):
            self.add(f"{path}.{key}", "must be an http(s) URL")

    def array(self, parent: dict, key: str, path: str, *, required: bool, low: int, high: int) -> list:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return []
        if not isinstance(value, list):
            self.add(f"{path}.{key}", "must be an array")
            return []
        if not low <= len(value) <= high:
            self.add(f"{path}.{key}", f"{len(value)} items, allowed {low}..{high}")
        return value


def validate_skill_response(payload: Any, *, require_template: bool = True,
                            allow_use_callback: bool = True) -> list[str]:
    """Errors of a skill response; ``[]`` when Kakao would render it.

    ``require_template``: a block whose answer is "스킬데이터 사용" needs ``template`` (True for every
    answer our bot gives; False accepts e.g. a context-only response).
    ``allow_use_callback``: False for a POST to a callback URL, which must carry the final answer.
    """
    check = _Checker()
    if not check.obj(payload, "$"):
        return check.errors
    if payload.get("version") != "2.0":
        check.add("version", 'must be "2.0" (without it Kakao treats the answer as the old format)')
    use_callback = payload.get("useCallback")
    if use_callback is not None and not isinstance(use_callback, bool):
        check.add("useCallback", "must be a boolean")
    if use_callback is True:
        if not allow_use_callback:
            check.add("useCallback", "a callback answer must carry the answer itself, not ask for another callback")
    elif payload.get("template") is not None:
        _template(check, payload["template"])
    elif require_template:
        check.add("template", "is required")
    if payload.get("context") is not None:
        _context(check, payload["context"])
    if payload.get("data") is not None and not isinstance(payload["data"], dict):
        check.add("data", "must be an object")
    return check.errors


def _template(check: _Checker, template: Any) -> None:
    if not check.obj(template, "template"):
        return
    for i, output in enumerate(check.array(template, "outputs", "template", required=True, low=1, high=MAX_OUTPUTS)):
        _output(check, output, f"template.outputs[{i}]")
    replies = check.array(template, "quickReplies", "template", required=False, low=0, high=MAX_QUICK_REPLIES)
    for i, reply in enumerate(replies):
        _quick_reply(check, reply, f"template.quickReplies[{i}]")


def _output(check: _Checker, output: Any, path: str) -> None:
    if not check.obj(output, path):
        return
    kinds = [k for k in output if k in COMPONENTS]
    unknown = [k for k in output if k not in COMPONENTS]
    if unknown:
        check.add(path, f"unknown output type(s) {unknown}")
    if len(kinds) != 1:
        check.add(path, f"must hold exactly one of {list(COMPONENTS)}, found {kinds}")
        return
    kind = kinds[0]
    if kind == "carousel":
        _carousel(check, output[kind], f"{path}.carousel")
    elif check.obj(output[kind], f"{path}.{kind}"):
        _CARDS[kind](check, output[kind], f"{path}.{kind}", False)


def _simple_text(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    check.text(card, "text", path, required=True, non_empty=True, max_len=MAX_SIMPLE_TEXT)


def _simple_image(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    check.url(card, "imageUrl", path, required=True)
    check.text(card, "altText", path, max_len=MAX_ALT_TEXT)


def _text_card(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    title = check.text(card, "title", path, max_len=50)
    description = check.text(card, "description", path, max_len=128 if carousel else 400)
    if not title and not description:
        check.add(path, "needs a title or a description")
    if not carousel and title and description and len(title) + len(description) > 400:
        check.add(path, "title and description together exceed 400 characters")
    _buttons(check, card, path)


def _basic_card(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    check.text(card, "title", path, max_len=50)
    check.text(card, "description", path, max_len=230)
    if card.get("thumbnail") is None:
        check.add(f"{path}.thumbnail", "is required")
    else:
        _thumbnail(check, card["thumbnail"], f"{path}.thumbnail")
    _buttons(check, card, path)


def _commerce_card(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    check.text(card, "title", path, max_len=30)
    check.text(card, "description", path, max_len=40)
    for key, required in (("price", True), ("discount", False), ("discountRate", False), ("discountedPrice", False)):
        value = card.get(key)
        if value is None:
            if required:
                check.add(f"{path}.{key}", "is required")
        elif not isinstance(value, int) or isinstance(value, bool):
            check.add(f"{path}.{key}", "must be an integer")
    if card.get("currency") not in (None, "won"):
        check.add(f"{path}.currency", 'only "won" is supported')
    for i, thumb in enumerate(check.array(card, "thumbnails", path, required=True, low=1, high=1)):
        _thumbnail(check, thumb, f"{path}.thumbnails[{i}]")
    if card.get("profile") is not None and check.obj(card["profile"], f"{path}.profile"):
        check.text(card["profile"], "nickname", f"{path}.profile", required=True)
    _buttons(check, card, path)


def _list_card(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    header = card.get("header")
    if header is None:
        check.add(f"{path}.header", "is required")
    elif check.obj(header, f"{path}.header"):
        check.text(header, "title", f"{path}.header", required=True, non_empty=True)
    items = check.array(card, "items", path, required=True, low=1, high=4 if carousel else 5)
    for i, item in enumerate(items):
        item_path = f"{path}.items[{i}]"
        if not check.obj(item, item_path):
            continue
        check.text(item, "title", item_path, required=True, non_empty=True)
        check.text(item, "description", item_path)
        check.url(item, "imageUrl", item_path)
        action = item.get("action")
        if action is not None and action not in ("block", "message"):
            check.add(f"{item_path}.action", 'must be "block" or "message"')
        if action == "block":
            check.text(item, "blockId", item_path, required=True)
        if action == "message":
            check.text(item, "messageText", item_path, required=True)
    _buttons(check, card, path)


def _item_card(check: _Checker, card: dict, path: str, carousel: bool) -> None:
    if card.get("thumbnail") is not None:
        _thumbnail(check, card["thumbnail"], f"{path}.thumbnail")
    if card.get("head") is not None and card.get("profile") is not None:
        check.add(path, "head and profile cannot be used together")
    if card.get("profile") is not None and check.obj(card["profile"], f"{path}.profile"):
        check.text(card["profile"], "title", f"{path}.profile", required=True, max_len=15)
    items = check.array(card, "itemList", path, required=True, low=1, high=5 if carousel else 10)
    for i, item in enumerate(items):
        if check.obj(item, f"{path}.itemList[{i}]"):
            check.text(item, "title", f"{path}.itemList[{i}]", required=True, max_len=6)
            check.text(item, "description", f"{path}.itemList[{i}]", required=True)
    if card.get("itemListAlignment") not in (None, "left", "right"):
        check.add(f"{path}.itemListAlignment", 'must be "left" or "right"')
    summary = card.get("itemListSummary")
    if summary is not None and check.obj(summary, f"{path}.itemListSummary"):
        check.text(summary, "title", f"{path}.itemListSummary", required=True, max_len=6)
        check.text(summary, "description", f"{path}.itemListSummary", required=True, max_len=14)
    title = check.text(card, "title", path) or ""
    description = check.text(card, "description", path) or ""
    if description and not title:
        check.add(f"{path}.title", "is required when a description is given")
    limit = 100 if carousel else 200
    if len(title) + len(description) > limit:
        check.add(path, f"title and description together exceed {limit} characters")
    _buttons(check, card, path)


_CARDS = {"simpleText": _simple_text, "simpleImage": _simple_image, "textCard": _text_card,
          "basicCard": _basic_card, "commerceCard": _commerce_card, "listCard": _list_card,
          "itemCard": _item_card}


def _carousel(check: _Checker, carousel: Any, path: str) -> None:
    if not check.obj(carousel, path):
        return
    kind = carousel.get("type")
    if kind not in CAROUSEL_TYPES:
        check.add(f"{path}.type", f"must be one of {list(CAROUSEL_TYPES)}")
        return
    high = MAX_CAROUSEL_LIST_CARDS if kind == "listCard" else MAX_CAROUSEL_ITEMS
    for i, item in enumerate(check.array(carousel, "items", path, required=True, low=1, high=high)):
        if check.obj(item, f"{path}.items[{i}]"):
            _CARDS[kind](check, item, f"{path}.items[{i}]", True)
    header = carousel.get("header")
    if header is not None:
        if kind in ("textCard", "listCard"):
            check.add(f"{path}.header", f"a {kind} carousel cannot have a header")
        elif check.obj(header, f"{path}.header"):
            check.text(header, "title", f"{path}.header", required=True)
            check.text(header, "description", f"{path}.header", required=True)
            if header.get("thumbnail") is None:
                check.add(f"{path}.header.thumbnail", "is required")
            else:
                _thumbnail(check, header["thumbnail"], f"{path}.header.thumbnail")


def _thumbnail(check: _Checker, thumb: Any, path: str) -> None:
    if not check.obj(thumb, path):
        return
    check.url(thumb, "imageUrl", path, required=True)
    check.text(thumb, "altText", path, max_len=MAX_ALT_TEXT)
    if thumb.get("fixedRatio") is not None and not isinstance(thumb["fixedRatio"], bool):
        check.add(f"{path}.fixedRatio", "must be a boolean")
    if thumb.get("link") is not None and check.obj(thumb["link"], f"{path}.link"):
        for key in ("pc", "mobile", "web"):
            check.url(thumb["link"], key, f"{path}.link")


def _buttons(check: _Checker, card: dict, path: str) -> None:
    layout = card.get("buttonLayout")
    if layout is None:
        fixed = isinstance(card.get("thumbnail"), dict) and card["thumbnail"].get("fixedRatio") is True
        layout = "horizontal" if fixed else "vertical"
    elif layout not in MAX_BUTTONS:
        check.add(f"{path}.buttonLayout", 'must be "vertical" or "horizontal"')
        layout = "vertical"
    buttons = check.array(card, "buttons", path, required=False, low=0, high=MAX_BUTTONS[layout])
    for i, button in enumerate(buttons):
        _button(check, button, f"{path}.buttons[{i}]")


def _button(check: _Checker, button: Any, path: str) -> None:
    if not check.obj(button, path):
        return
    check.text(button, "label", path, required=True, non_empty=True, max_len=MAX_BUTTON_LABEL)
    action = button.get("action")
    if action not in BUTTON_ACTIONS:
        check.add(f"{path}.action", f"must be one of {list(BUTTON_ACTIONS)}")
    elif action == "webLink":
        check.url(button, "webLinkUrl", path, required=True)
    elif action == "phone":
        check.text(button, "phoneNumber", path, required=True, non_empty=True)
    elif action == "block":
        check.text(button, "blockId", path, required=True, non_empty=True)
    elif action == "message":
        check.text(button, "messageText", path, required=True, non_empty=True)


def _quick_reply(check: _Checker, reply: Any, path: str) -> None:
    if not check.obj(reply, path):
        return
    check.text(reply, "label", path, required=True, non_empty=True, max_len=MAX_QUICK_REPLY_LABEL)
    action = reply.get("action")
    kind = action.lower() if isinstance(action, str) else None
    if kind not in ("message", "block"):
        check.add(f"{path}.action", 'must be "message" or "block"')
    elif kind == "message":
        check.text(reply, "messageText", path, required=True, non_empty=True)
    else:
        check.text(reply, "blockId", path, required=True, non_empty=True)


def _context(check: _Checker, context: Any) -> None:
    if not check.obj(context, "context"):
        return
    for i, value in enumerate(check.array(context, "values", "context", required=True, low=0, high=10**6)):
        path = f"context.values[{i}]"
        if not check.obj(value, path):
            continue
        check.text(value, "name", path, required=True, non_empty=True)
        life = value.get("lifeSpan")
        if not isinstance(life, int) or isinstance(life, bool) or life < 0:
            check.add(f"{path}.lifeSpan", "is required, an integer >= 0 (0 deletes the context)")
        params = value.get("params")
        if params is not None and not (isinstance(params, dict) and all(isinstance(v, str) for v in params.values())):
            check.add(f"{path}.params", "must map names to strings")
