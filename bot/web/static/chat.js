// The chat page: the same pipeline as POST /api/v1/chat, the same cards and quick replies as Kakao and LINE.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const chips = document.getElementById("chips");
  const input = document.getElementById("message");
  const status = document.getElementById("status");
  const key = "naviyam-web-user";
  const userId = localStorage.getItem(key) || "web-" + Math.random().toString(36).slice(2, 12);
  localStorage.setItem(key, userId);
  const sessionId = "page-" + Date.now().toString(36);
  let location = null;

  function bubble(text, who) {
    const div = document.createElement("div");
    div.className = "bubble " + who;
    div.textContent = text;
    log.appendChild(div);
    return div;
  }

  function card(shop) {
    const box = document.createElement("article");
    box.className = "card";
    const title = document.createElement("h3");
    title.textContent = shop.title;
    const list = document.createElement("ul");
    shop.lines.slice(0, -1).forEach(function (line) {
      const item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    const facts = document.createElement("div");
    facts.className = "facts";
    facts.textContent = shop.facts.join(" · ");
    const actions = document.createElement("div");
    actions.className = "actions";
    const pick = document.createElement("button");
    pick.type = "button";
    pick.textContent = "여기 갈래요";
    pick.addEventListener("click", function () { send(shop.shop_name + " 갈래요"); });
    actions.appendChild(pick);
    if (shop.map_url) {
      const map = document.createElement("a");
      map.href = shop.map_url;
      map.target = "_blank";
      map.rel = "noopener";
      map.textContent = "지도 보기";
      actions.appendChild(map);
    }
    box.append(title, list, facts, actions);
    return box;
  }

  function show(answer) {
    bubble(answer.response, "bot");
    if (answer.recommendations.length) {
      const row = document.createElement("div");
      row.className = "cards";
      answer.recommendations.forEach(function (shop) { row.appendChild(card(shop)); });
      log.appendChild(row);
    }
    chips.replaceChildren();
    answer.quick_replies.forEach(function (chip) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = chip.label;
      button.addEventListener("click", function () { send(chip.text); });
      chips.appendChild(button);
    });
    log.scrollTop = log.scrollHeight;
    window.scrollTo(0, document.body.scrollHeight);
  }

  async function send(text) {
    bubble(text, "me");
    status.textContent = "찾는 중이에요…";
    const body = { user_id: userId, message: text, session_id: sessionId };
    if (location) { body.location = location; }
    try {
      const response = await fetch("/api/v1/chat", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      show(await response.json());
      status.textContent = "";
    } catch (error) {
      status.textContent = "앗, 연결이 잠깐 끊겼어요. 다시 보내 줄래요?";
    }
  }

  document.getElementById("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });

  document.getElementById("locate").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = "이 브라우저는 위치를 보낼 수 없어요."; return; }
    status.textContent = "위치 확인 중…";
    navigator.geolocation.getCurrentPosition(function (position) {
      location = { latitude: position.coords.latitude, longitude: position.coords.longitude };
      status.textContent = "📍 위치를 받았어요. 가까운 곳부터 찾아 줄게요!";
    }, function () {
      status.textContent = "위치를 못 받았어요. 동네 이름(예: 건대입구)을 말해 줘도 돼요.";
    }, { timeout: 8000 });
  });

  bubble("안녕! 나는 나비얌이야 🍚 예산이나 먹고 싶은 걸 말해 줘요.", "bot");
  ["5천원으로 점심 뭐 먹지?", "만원으로 저녁 추천해줘", "카드 잔액 얼마야?"].forEach(function (text) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", function () { send(text); });
    chips.appendChild(button);
  });
}());
