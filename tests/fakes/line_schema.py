"""What LINE checks in the ``messages`` of a reply or push request, for the kinds we send.

Source, unless another is named: LINE Messaging API reference,
https://developers.line.biz/en/reference/messaging-api/ (sections "Message objects", "Flex Message",
"Quick reply", "Action objects"). Errors are ``(property, message)`` pairs, the ``details[]`` of LINE's
``400 {"message": "The request body has N error(s)", "details": [...]}``; the messages use LINE's own
wording where the reference shows it ("must be specified", "May not be empty",
"Size must be between 1 and 5", "Length must be between 0 and 5000", "Must be one of the following
values: [...]").

Counting (https://developers.line.biz/en/docs/messaging-api/text-character-count/): texts count in
UTF-16 code units; action labels and message-action/postback texts count in grapheme clusters
(approximated here: combining marks, variation selectors, skin-tone modifiers and ZWJ sequences
do not add to the count).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

Error = tuple[str, str]

MESSAGE_TYPES = ("text", "image", "video", "audio", "location", "sticker", "template", "imagemap", "flex")
ACTION_TYPES = ("postback", "message", "uri", "datetimepicker", "camera", "cameraRoll", "location",
                "richmenuswitch", "clipboard")
QUICK_REPLY_ONLY_ACTIONS = ("camera", "cameraRoll", "location")
BUBBLE_SIZES = ("nano", "micro", "deca", "hecto", "kilo", "mega", "giga")
BOX_LAYOUTS = ("horizontal", "vertical", "baseline")
FLEX_COMPONENTS = ("box", "button", "image", "video", "icon", "text", "span", "separator", "filler")
BASELINE_CHILDREN = ("icon", "text", "filler")
LINEAR_CHILDREN = ("box", "button", "image", "text", "separator", "filler")

MAX_MESSAGES = 5            # reply and push: "Messages to send. Max: 5"
MAX_TEXT = 5000             # text message: "Max character limit: 5000"
MAX_ALT_TEXT = 1500         # flex message altText: "Max character limit: 1500"
MAX_TEMPLATE_ALT_TEXT = 400
MAX_BUBBLES = 12            # carousel: "Max: 12 bubbles"
MAX_BUBBLE_BYTES = 30 * 1024    # "The maximum size of JSON data that defines a bubble is 30 KB."
MAX_CAROUSEL_BYTES = 50 * 1024  # "... that defines a carousel is 50 KB."
MAX_QUICK_REPLY_ITEMS = 13  # quick reply: "Max: 13 quick reply buttons"
MAX_QUICK_REPLY_LABEL = 20  # action label on a quick reply button: required, max 20
MAX_FLEX_BUTTON_LABEL = 40  # action label on a Flex button: required, max 40
MAX_ACTION_LABEL = 20       # other places that take a label
MAX_ACTION_TEXT = 300       # message action text, postback data/displayText, datetimepicker data
MAX_URI = 1000              # uri action
MAX_URL = 2000              # image/icon/video URLs, quick reply imageUrl


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def grapheme_len(text: str) -> int:
    count, joined = 0, False
    for ch in text:
        code = ord(ch)
        if ch == "\u200d":
            joined = True
            continue
        if joined or unicodedata.combining(ch) or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF:
            joined = False
            continue
        count += 1
    return count


def _json_bytes(obj: Any) -> int:
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _required_str(obj: dict, key: str, prop: str, errors: list[Error], *, max_len: int | None = None,
                  measure=utf16_len, allow_empty: bool = False) -> str | None:
    value = obj.get(key)
    path = f"{prop}.{key}"
    if value is None:
        errors.append((path, "must be specified"))
        return None
    if not isinstance(value, str):
        errors.append((path, "must be a string"))
        return None
    if not value and not allow_empty:
        errors.append((path, "May not be empty"))
    _check_len(value, path, errors, max_len, measure)
    return value


def _optional_str(obj: dict, key: str, prop: str, errors: list[Error], *, max_len: int | None = None,
                  measure=utf16_len) -> None:
    value = obj.get(key)
    if value is None:
        return
    if not isinstance(value, str):
        errors.append((f"{prop}.{key}", "must be a string"))
        return
    _check_len(value, f"{prop}.{key}", errors, max_len, measure)


def _check_len(value: str, path: str, errors: list[Error], max_len: int | None, measure) -> None:
    if max_len is not None and measure(value) > max_len:
        errors.append((path, f"Length must be between 0 and {max_len}"))


def _one_of(value: Any, allowed: tuple[str, ...], path: str, errors: list[Error]) -> bool:
    if value is None:
        errors.append((path, "must be specified"))
        return False
    if value not in allowed:
        errors.append((path, f"Must be one of the following values: [{', '.join(allowed)}]"))
        return False
    return True


def _https_url(obj: dict, key: str, prop: str, errors: list[Error], *, required: bool = True) -> None:
    value = obj.get(key)
    if value is None and not required:
        return
    url = _required_str(obj, key, prop, errors, max_len=MAX_URL)
    if url and not url.startswith("https://"):
        errors.append((f"{prop}.{key}", "must be an HTTPS URL"))


def validate_messages(messages: Any, prop: str = "messages") -> list[Error]:
    if messages is None:
        return [(prop, "must be specified")]
    if not isinstance(messages, list):
        return [(prop, "must be an array")]
    errors: list[Error] = []
    if not 1 <= len(messages) <= MAX_MESSAGES:
        errors.append((prop, f"Size must be between 1 and {MAX_MESSAGES}"))
    for i, message in enumerate(messages):
        errors.extend(validate_message(message, f"{prop}[{i}]"))
    return errors


def validate_message(message: Any, prop: str) -> list[Error]:
    if not isinstance(message, dict):
        return [(prop, "must be an object")]
    errors: list[Error] = []
    kind = message.get("type")
    if _one_of(kind, MESSAGE_TYPES, f"{prop}.type", errors):
        _MESSAGE_CHECKS[kind](message, prop, errors)
    if message.get("quickReply") is not None:
        _quick_reply(message["quickReply"], f"{prop}.quickReply", errors)
    return errors


def _text(message: dict, prop: str, errors: list[Error]) -> None:
    _required_str(message, "text", prop, errors, max_len=MAX_TEXT)


def _flex(message: dict, prop: str, errors: list[Error]) -> None:
    _required_str(message, "altText", prop, errors, max_len=MAX_ALT_TEXT)
    contents = message.get("contents")
    if contents is None:
        errors.append((f"{prop}.contents", "must be specified"))
    else:
        validate_flex_container(contents, f"{prop}.contents", errors)


def _image(message: dict, prop: str, errors: list[Error]) -> None:
    _https_url(message, "originalContentUrl", prop, errors)
    _https_url(message, "previewImageUrl", prop, errors)


def _video(message: dict, prop: str, errors: list[Error]) -> None:
    _image(message, prop, errors)


def _audio(message: dict, prop: str, errors: list[Error]) -> None:
    _https_url(message, "originalContentUrl", prop, errors)
    if not isinstance(message.get("duration"), int):
        errors.append((f"{prop}.duration", "must be specified"))


def _location(message: dict, prop: str, errors: list[Error]) -> None:
    _required_str(message, "title", prop, errors, max_len=100)
    _required_str(message, "address", prop, errors, max_len=100)
    for key in ("latitude", "longitude"):
        if not isinstance(message.get(key), (int, float)) or isinstance(message.get(key), bool):
            errors.append((f"{prop}.{key}", "must be specified"))


def _sticker(message: dict, prop: str, errors: list[Error]) -> None:
    _required_str(message, "packageId", prop, errors)
    _required_str(message, "stickerId", prop, errors)


def _template(message: dict, prop: str, errors: list[Error]) -> None:
    _required_str(message, "altText", prop, errors, max_len=MAX_TEMPLATE_ALT_TEXT)
    if not isinstance(message.get("template"), dict):
        errors.append((f"{prop}.template", "must be specified"))


def _imagemap(message: dict, prop: str, errors: list[Error]) -> None:
    _https_url(message, "baseUrl", prop, errors)
    _required_str(message, "altText", prop, errors, max_len=MAX_ALT_TEXT)
    for key in ("baseSize", "actions"):
        if message.get(key) is None:
            errors.append((f"{prop}.{key}", "must be specified"))


_MESSAGE_CHECKS = {"text": _text, "flex": _flex, "image": _image, "video": _video, "audio": _audio,
                   "location": _location, "sticker": _sticker, "template": _template, "imagemap": _imagemap}


def validate_flex_container(container: Any, prop: str, errors: list[Error]) -> None:
    if not isinstance(container, dict):
        errors.append((prop, "must be an object"))
        return
    kind = container.get("type")
    if not _one_of(kind, ("bubble", "carousel"), f"{prop}.type", errors):
        return
    if kind == "bubble":
        _bubble(container, prop, errors)
        return
    bubbles = container.get("contents")
    if not isinstance(bubbles, list):
        errors.append((f"{prop}.contents", "must be specified"))
        return
    if not 1 <= len(bubbles) <= MAX_BUBBLES:
        errors.append((f"{prop}.contents", f"Size must be between 1 and {MAX_BUBBLES}"))
    for i, bubble in enumerate(bubbles):
        path = f"{prop}.contents[{i}]"
        if not isinstance(bubble, dict):
            errors.append((path, "must be an object"))
        elif _one_of(bubble.get("type"), ("bubble",), f"{path}.type", errors):
            _bubble(bubble, path, errors)
    if _json_bytes(container) > MAX_CAROUSEL_BYTES:
        errors.append((prop, "The size of the carousel must be 50KB or less"))


def _bubble(bubble: dict, prop: str, errors: list[Error]) -> None:
    if bubble.get("size") is not None:
        _one_of(bubble["size"], BUBBLE_SIZES, f"{prop}.size", errors)
    for block in ("header", "body", "footer"):
        if bubble.get(block) is not None:
            _component(bubble[block], f"{prop}.{block}", errors, allowed=("box",))
    if bubble.get("hero") is not None:
        _component(bubble["hero"], f"{prop}.hero", errors, allowed=("box", "image", "video"))
    if bubble.get("action") is not None:
        validate_action(bubble["action"], f"{prop}.action", errors)
    if _json_bytes(bubble) > MAX_BUBBLE_BYTES:
        errors.append((prop, "The size of the bubble must be 30KB or less"))


def _component(component: Any, prop: str, errors: list[Error], *, allowed: tuple[str, ...]) -> None:
    if not isinstance(component, dict):
        errors.append((prop, "must be an object"))
        return
    kind = component.get("type")
    if not _one_of(kind, allowed, f"{prop}.type", errors):
        return
    if kind == "box":
        _box(component, prop, errors)
    elif kind == "button":
        action = component.get("action")
        if action is None:
            errors.append((f"{prop}.action", "must be specified"))
        else:
            validate_action(action, f"{prop}.action", errors, label_required=True,
                            label_max=MAX_FLEX_BUTTON_LABEL)
    elif kind in ("image", "icon"):
        _https_url(component, "url", prop, errors)
    elif kind == "video":
        _https_url(component, "url", prop, errors)
        _https_url(component, "previewUrl", prop, errors)
        if component.get("altContent") is None:
            errors.append((f"{prop}.altContent", "must be specified"))
    elif kind == "text":
        _flex_text(component, prop, errors)
    elif kind == "span":
        _required_str(component, "text", prop, errors, allow_empty=True)
    if kind in ("box", "image", "text") and component.get("action") is not None:
        validate_action(component["action"], f"{prop}.action", errors)


def _box(box: dict, prop: str, errors: list[Error]) -> None:
    layout = box.get("layout")
    _one_of(layout, BOX_LAYOUTS, f"{prop}.layout", errors)
    children = box.get("contents")
    if not isinstance(children, list):
        errors.append((f"{prop}.contents", "must be specified"))
        return
    allowed = BASELINE_CHILDREN if layout == "baseline" else LINEAR_CHILDREN
    for i, child in enumerate(children):
        _component(child, f"{prop}.contents[{i}]", errors, allowed=allowed)


def _flex_text(text: dict, prop: str, errors: list[Error]) -> None:
    spans = text.get("contents")
    if spans is None:
        _required_str(text, "text", prop, errors, allow_empty=True)
        return
    if not isinstance(spans, list):
        errors.append((f"{prop}.contents", "must be an array"))
        return
    for i, span in enumerate(spans):
        _component(span, f"{prop}.contents[{i}]", errors, allowed=("span",))


def validate_action(action: Any, prop: str, errors: list[Error], *, label_required: bool = False,
                    label_max: int = MAX_ACTION_LABEL, quick_reply: bool = False) -> None:
    if not isinstance(action, dict):
        errors.append((prop, "must be an object"))
        return
    kind = action.get("type")
    allowed = ACTION_TYPES if quick_reply else tuple(a for a in ACTION_TYPES if a not in QUICK_REPLY_ONLY_ACTIONS)
    if quick_reply:
        allowed = tuple(a for a in allowed if a != "richmenuswitch")
    if not _one_of(kind, allowed, f"{prop}.type", errors):
        return
    if label_required or kind in QUICK_REPLY_ONLY_ACTIONS:
        _required_str(action, "label", prop, errors, max_len=label_max, measure=grapheme_len)
    else:
        _optional_str(action, "label", prop, errors, max_len=label_max, measure=grapheme_len)
    if kind == "message":
        _required_str(action, "text", prop, errors, max_len=MAX_ACTION_TEXT, measure=grapheme_len)
    elif kind == "postback":
        _required_str(action, "data", prop, errors, max_len=MAX_ACTION_TEXT, allow_empty=True)
        _optional_str(action, "displayText", prop, errors, max_len=MAX_ACTION_TEXT, measure=grapheme_len)
    elif kind == "uri":
        uri = _required_str(action, "uri", prop, errors, max_len=MAX_URI)
        if uri and not uri.startswith(("http://", "https://", "line://", "tel:")):
            errors.append((f"{prop}.uri", "invalid uri"))
    elif kind == "datetimepicker":
        _required_str(action, "data", prop, errors, max_len=MAX_ACTION_TEXT, allow_empty=True)
        _one_of(action.get("mode"), ("date", "time", "datetime"), f"{prop}.mode", errors)
    elif kind == "clipboard":
        _required_str(action, "clipboardText", prop, errors, max_len=1000)
    elif kind == "richmenuswitch":
        _required_str(action, "richMenuAliasId", prop, errors)
        _required_str(action, "data", prop, errors, max_len=MAX_ACTION_TEXT)


def _quick_reply(quick_reply: Any, prop: str, errors: list[Error]) -> None:
    if not isinstance(quick_reply, dict):
        errors.append((prop, "must be an object"))
        return
    items = quick_reply.get("items")
    if not isinstance(items, list):
        errors.append((f"{prop}.items", "must be specified"))
        return
    if not 1 <= len(items) <= MAX_QUICK_REPLY_ITEMS:
        errors.append((f"{prop}.items", f"Size must be between 1 and {MAX_QUICK_REPLY_ITEMS}"))
    for i, item in enumerate(items):
        path = f"{prop}.items[{i}]"
        if not isinstance(item, dict):
            errors.append((path, "must be an object"))
            continue
        _one_of(item.get("type"), ("action",), f"{path}.type", errors)
        _https_url(item, "imageUrl", path, errors, required=False)
        if item.get("action") is None:
            errors.append((f"{path}.action", "must be specified"))
        else:
            validate_action(item["action"], f"{path}.action", errors, label_required=True,
                            label_max=MAX_QUICK_REPLY_LABEL, quick_reply=True)
