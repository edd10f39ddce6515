"""The Kakao i Open Builder skill payload, validated with pydantic; fields we do not read are ignored."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class KakaoUser(_Lenient):
    id: str = Field(min_length=1, max_length=200)
    type: str | None = None
    properties: dict = Field(default_factory=dict)


class KakaoUserRequest(_Lenient):
    utterance: str = Field(default="", max_length=20_000)
    user: KakaoUser
    callbackUrl: str | None = None
    timezone: str | None = None
    params: dict = Field(default_factory=dict)


class KakaoAction(_Lenient):
    name: str | None = None
    params: dict = Field(default_factory=dict)
    clientExtra: dict | None = None
    detailParams: dict = Field(default_factory=dict)


class SkillPayload(_Lenient):
    userRequest: KakaoUserRequest
    action: KakaoAction = Field(default_factory=KakaoAction)
    bot: dict | None = None
