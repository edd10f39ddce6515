"""The labelled queries: (query, rules of ``query_rules.RULES``, shop categories), written the way children type."""

from __future__ import annotations

Q = tuple[str, tuple[str, ...], tuple[str, ...]]


def q(text: str, rules: str = "", categories: str = "") -> Q:
    return text, tuple(rules.split()), tuple(categories.split())


QUERIES: tuple[Q, ...] = (
    # broth, warm
    q("국물 있는 거", "soup"), q("국물있는거 먹고싶어", "soup"), q("뜨끈한 국물 땡긴다", "soup"),
    q("따끈한 국물 요리 추천", "soup"), q("얼큰한 국물", "soup"), q("국물 요리 뭐 있어?", "soup"),
    q("국물잇는거", "soup"), q("뜨끈한 거 먹고 싶어요", "warm"), q("따뜻한 거 먹고 싶다", "warm"),
    q("추운데 몸 녹일 거", "warm"), q("속이 따뜻해지는 음식", "warm"), q("탕이나 찌개 종류", "soup"),
    q("찌개 먹고 싶어", "stew"), q("국밥 한 그릇", "gukbap"), q("순대국 먹을래", "gukbap"),
    # spicy, mild
    q("매운 거", "spicy"), q("매운 거 땡겨", "spicy"), q("매운거 먹고싶다", "spicy"), q("엄청 매운 음식", "spicy"),
    q("스트레스 풀리게 매운 거", "spicy"), q("매콤한 거 추천해줘", "spicy"), q("칼칼한 거", "spicy"),
    q("화끈하게 매운 맛", "spicy"), q("매운거 땡김", "spicy"), q("마라 먹고 싶어", "mala"),
    q("안 매운 거", "mild"), q("맵지 않은 음식", "mild"), q("매운 거 못 먹어요", "mild"), q("순한 맛으로", "mild"),
    # light, hearty
    q("가볍게 먹고 싶어", "light"), q("가벼운 거", "light"), q("간단하게 먹을 거", "light"),
    q("다이어트 중이라 가볍게", "light"), q("배 별로 안 고파", "light"), q("살짝 출출해", "light"),
    q("간단한 요기", "light"), q("가볍게 한끼", "light"),
    q("든든한 거", "hearty"), q("든든하게 먹고 싶어", "hearty"), q("배부르게 먹을 수 있는 거", "hearty"),
    q("배고파 죽겠어 많이 먹고 싶어", "hearty"), q("밥 든든하게", "hearty"), q("양 많은 거", "hearty"),
    q("한 끼 제대로 먹고 싶다", "hearty"), q("든든한거 머거야지", "hearty"),
    # sweet, cold
    q("달달한 디저트", "dessert"), q("단 거 먹고 싶어", "sweet"), q("달콤한 간식", "sweet"), q("당 떨어져", "sweet"),
    q("디저트 뭐 있어", "dessert"), q("케이크나 마카롱", "dessert"), q("달다구리", "sweet"), q("달달한거", "sweet"),
    q("시원한 거", "cold"), q("시원한 거 먹고 싶어", "cold"), q("더워서 차가운 거", "cold"),
    q("더운 날 먹기 좋은 음식", "cold"), q("얼음 들어간 음료", "cold"), q("시원한거 머고싶다", "cold"),
    q("냉면 같은 거", "soup"), q("빙수 먹고 싶다", "bingsu dessert"),
    # meat, fish
    q("고기 먹고 싶다", "meat"), q("고기 땡긴다", "meat"), q("고기 들어간 메뉴", "meat"), q("육식하고 싶어", "meat"),
    q("돼지고기 요리", "pork"), q("소고기 들어간 거", "beef"), q("고기고기한 거", "meat"),
    q("치킨 먹고 싶다", "chicken"), q("닭 요리", "chicken"), q("통닭 한 마리", "chicken"),
    q("해산물 요리", "seafood"), q("생선 먹고 싶어", "fish"), q("회나 초밥", "sushi"), q("초밥 먹으러 갈래", "sushi"),
    # noodles, rice
    q("면 요리", "noodle"), q("면 먹고 싶어", "noodle"), q("면종류 추천", "noodle"), q("후루룩 먹는 국수", "noodle"),
    q("국수 땡김", "noodle"), q("파스타 먹고 싶어", "pasta"), q("라멘 먹고 싶다", "japanese_ramen"),
    q("밥 종류", "rice"), q("밥 먹고 싶어", "rice"), q("밥이랑 먹는 거", "rice"), q("덮밥 종류", "rice_bowl"),
    q("볶음밥 먹을래", "fried_rice"), q("밥심으로 사는 사람", "rice"),
    # texture
    q("바삭한 거", "crispy"), q("바삭바삭한 튀김", "crispy"), q("튀긴 음식", "crispy"), q("겉바속촉", "crispy"),
    q("쫄깃한 거", "chewy"), q("쫀득한 식감", "chewy"), q("부드러운 음식", "soft"),
    q("이가 아파서 부드러운 거", "soft porridge"), q("새콤한 거", "sour"), q("새콤달콤한 거", "sour"),
    # drinks
    q("커피 마시고 싶어", "coffee"), q("카페인 필요해", "coffee"), q("아아 한잔", "coffee"),
    q("마실 거", "drink"), q("음료수 뭐 있어", "drink"), q("목말라", "drink"),
    # health, gentle
    q("채소 많은 거", "veggie"), q("야채 위주로", "veggie"), q("건강한 음식", "veggie porridge"),
    q("샐러드 같은 거", "veggie"), q("속 편한 거", "gentle"), q("아플 때 먹을 거", "gentle"),
    q("죽 먹고 싶어", "porridge"), q("소화 잘 되는 음식", "gentle"), q("배탈 났는데 먹을만한 거", "gentle"),
    # dishes and kinds
    q("치즈 들어간 거", "cheese"), q("치즈 듬뿍", "cheese"), q("빵 종류", "bread"), q("빵 먹고 싶다", "bread"),
    q("토스트나 샌드위치", "bread"), q("햄버거 먹고 싶어", "burger"), q("버거 세트", "burger"),
    q("피자 한 판", "pizza"), q("떡볶이 땡겨", "tteokbokki"), q("돈까스 먹고 싶어", "katsu"),
    q("학교 끝나고 간식", "snack"), q("분식 먹고 싶어", "snack", "분식"), q("길거리 음식", "snack"),
    q("혼자 먹기 좋은 거", "solo"), q("1인분만", "solo"), q("혼밥 메뉴", "solo"),
    q("친구랑 나눠 먹을 거", "sharing"), q("아침으로 먹을 거", "breakfast"), q("아침밥 간단히", "breakfast"),
    q("집밥 같은 거", "homestyle"), q("엄마가 해준 밥 같은 거", "homestyle"),
    # cuisines and shops
    q("쌀국수 먹고 싶다", "vietnamese"), q("베트남 음식", "vietnamese"), q("동남아 음식", "vietnamese thai"),
    q("인도 커리", "indian"), q("멕시코 음식", "mexican"), q("중국집 가고 싶어", "jjajang", "중식"),
    q("짜장면 짬뽕", "jjajang"), q("중국 음식", "jjajang mala", "중식"),
    q("일본 음식", "sushi katsu japanese_ramen", "일식"),
    q("한식 먹고 싶어", "homestyle gukbap", "한식"), q("카페 가서 쉬고 싶어", "coffee dessert", "카페/디저트"),
    q("편의점 도시락", "", "편의점"), q("편의점에서 대충 때우기", "", "편의점"),
)
