"""The demo data set: fictional but realistic shops, menus, coupons and users in 건대입구, 신림 and 강남역.

- ``build_demo_dataset(seed)`` (pure) → ``DemoDataset`` of frozen records;
- ``load.load_demo_dataset(conn, dataset)`` writes it idempotently (``python -m storage seed-demo``);
- ``load.upsert_demo_user(conn, platform, external_id, balance)`` (``python -m storage demo-user``);
- ``places`` is the small gazetteer of the three neighbourhoods.
"""

from storage.demo.generate import DEFAULT_SEED, build_demo_dataset
from storage.demo.model import CouponRecord, DemoCard, DemoDataset, DemoUser

__all__ = ["DEFAULT_SEED", "CouponRecord", "DemoCard", "DemoDataset", "DemoUser", "build_demo_dataset"]
