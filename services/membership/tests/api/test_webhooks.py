"""Webhooks through the API and a real receiver: every delivery verifies with the `standardwebhooks` reference
library, a failing receiver gets every event in order once it recovers, a rotated secret verifies, an endpoint
failing long enough is disabled and resumes where it stopped; subscriptions are scoped and targets checked."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
FAST = {
    "webhook_allowed_hosts": ["127.0.0.1"],
    "webhook_retry_base_seconds": 0.05,
    "webhook_retry_cap_seconds": 0.2,
    "webhook_poll_seconds": 0.1,
}
MEMBERS = ["vn.party.membership.member"]


@dataclass
class Receiver:
    """An HTTP endpoint on loopback that records what it is sent, and answers 500 while ``failing``."""

    url: str = ""
    failing: bool = False
    received: list[tuple[dict[str, str], bytes, int]] = field(default_factory=list)

    def delivered(self) -> list[tuple[dict[str, str], bytes]]:
        return [(h, b) for h, b, status in self.received if status == 204]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            status = 500 if state.failing else 204
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


async def subscribe(m: Any, org_id: str, url: str, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    r = await m.client.post("/api/v1/webhooks", headers=headers, json={"org_id": org_id, "url": url, "types": MEMBERS})
    assert r.status_code == 201, r.text
    return dict(r.json())


def verified(secret: str, deliveries: list[tuple[dict[str, str], bytes]]) -> list[dict[str, Any]]:
    """Each delivery checked by the reference library (raises on a bad signature), as the event it carried."""
    events = [Webhook(secret).verify(body, headers) for headers, body in deliveries]
    assert events == [json.loads(body) for _, body in deliveries]
    return events


async def test_every_delivery_verifies_with_the_reference_library_and_only_the_subtrees_events_are_sent(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    async with services.run("membership", **FAST) as m:
        t = await tree_builder(m.client)
        hook = await subscribe(m, t.district, receiver.url, auth(t.province, "integration"))
        assert hook["secret"].startswith("whsec_")
        inside = [await member_factory(m.client, b) for b in (t.branch, t.branch2)]
        await member_factory(m.client, t.other_branch)

        async def two_delivered() -> list[Any] | None:
            got = receiver.delivered()
            return got if len(got) >= 2 else None

        events = verified(hook["secret"], await eventually(two_delivered, "two deliveries"))
        assert [e["data"]["member_id"] for e in events] == [x["id"] for x in inside]
        assert all(h["webhook-id"] == e["id"] for (h, _), e in zip(receiver.delivered(), events, strict=True))

        async def logged() -> list[Any] | None:  # the log is written just after the endpoint answered
            items = (await m.client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=ADMIN)).json()["items"]
            return items if len(items) >= 2 else None

        log = await eventually(logged, "the delivery log")
        assert [(d["succeeded"], d["status_code"]) for d in log] == [(True, 204), (True, 204)]
        assert [d["event_id"] for d in log] == [e["id"] for e in reversed(events)]  # newest first


async def test_a_rotated_secret_verifies_and_the_old_one_still_does_during_the_overlap(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    async with services.run("membership", **FAST) as m:
        t = await tree_builder(m.client)
        hook = await subscribe(m, t.branch, receiver.url)
        rotated = await m.client.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret", headers=ADMIN)
        new_secret = rotated.json()["secret"]
        assert new_secret != hook["secret"]
        member = await member_factory(m.client, t.branch)
        delivery = await eventually(lambda: _first(receiver.delivered()), "a delivery")
        for secret in (new_secret, hook["secret"]):
            assert verified(secret, [delivery])[0]["data"]["member_id"] == member["id"]


async def _first(items: list[Any]) -> Any:
    return items[0] if items else None


async def test_a_receiver_that_fails_for_a_while_gets_every_event_once_in_commit_order_when_it_recovers(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    async with services.run("membership", **FAST) as m:
        t = await tree_builder(m.client)
        hook = await subscribe(m, t.commune, receiver.url)
        receiver.failing = True
        members = [await member_factory(m.client, b) for b in (t.branch, t.branch2, t.branch)]
        exempt = {"effective_date": "2025-01-10"}
        for action in ("exempt", "end-exemption"):
            r = await m.client.post(f"/api/v1/members/{members[0]['id']}/{action}", headers=ADMIN, json=exempt)
            assert r.status_code == 200, r.text

        async def retried() -> bool:
            return len(receiver.received) >= 3

        await eventually(retried, "the failing receiver to be retried")
        receiver.failing = False
        feed = await m.client.get("/api/v1/changes", headers=ADMIN, params={"types": MEMBERS[0], "limit": 1000})
        expected = [e["id"] for e in feed.json()]

        async def all_delivered() -> list[Any] | None:
            got = receiver.delivered()
            return got if len(got) >= len(expected) else None

        events = verified(hook["secret"], await eventually(all_delivered, "every event after recovery"))
        assert [e["id"] for e in events] == expected  # each once, in commit order

        async def recovered() -> dict[str, Any] | None:  # recorded just after the last delivery was answered
            state = (await m.client.get(f"/api/v1/webhooks/{hook['id']}", headers=ADMIN)).json()
            return state if state["failures"] == 0 else None

        assert (await eventually(recovered, "the failures to be forgotten"))["enabled"] is True


async def test_an_endpoint_failing_long_enough_is_disabled_and_resumes_where_it_stopped_when_re_enabled(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    async with services.run("membership", **FAST, webhook_disable_after_seconds=0.5) as m:
        t = await tree_builder(m.client)
        hook = await subscribe(m, t.branch, receiver.url)
        receiver.failing = True
        member = await member_factory(m.client, t.branch)

        async def disabled() -> dict[str, Any] | None:
            body = (await m.client.get(f"/api/v1/webhooks/{hook['id']}", headers=ADMIN)).json()
            return body if not body["enabled"] else None

        state = await eventually(disabled, "the endpoint to be disabled")
        assert "answered 500" in state["disabled_reason"]
        receiver.failing = False
        etag = (await m.client.get(f"/api/v1/webhooks/{hook['id']}", headers=ADMIN)).headers["ETag"]
        again = await m.client.patch(
            f"/api/v1/webhooks/{hook['id']}", headers={**ADMIN, "If-Match": etag}, json={"enabled": True}
        )
        assert again.status_code == 200, again.text
        delivery = await eventually(lambda: _first(receiver.delivered()), "the delivery after re-enabling")
        assert verified(hook["secret"], [delivery])[0]["data"]["member_id"] == member["id"]


async def test_redelivery_sends_an_event_again_from_the_delivery_log(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    async with services.run("membership", **FAST) as m:
        t = await tree_builder(m.client)
        hook = await subscribe(m, t.branch, receiver.url)
        await member_factory(m.client, t.branch)
        first = await eventually(lambda: _first(receiver.delivered()), "the first delivery")
        again = await m.client.post(
            f"/api/v1/webhooks/{hook['id']}/redeliver", headers=ADMIN, json={"from_event_id": first[0]["webhook-id"]}
        )
        assert again.status_code == 200, again.text

        async def twice() -> bool:
            return len(receiver.delivered()) >= 2

        await eventually(twice, "the redelivery")
        assert [h["webhook-id"] for h, _ in receiver.delivered()] == [first[0]["webhook-id"]] * 2


async def test_subscriptions_are_scoped_to_the_subtree_and_refuse_roles_and_internal_targets(
    services: ServiceFactory, tree_builder: Any, receiver: Receiver
) -> None:
    async with services.run("membership", webhook_allowed_hosts=["127.0.0.1"]) as m:
        t = await tree_builder(m.client)
        body = {"org_id": t.branch, "url": receiver.url}
        for role in ("organiser", "viewer", "secretary"):
            r = await m.client.post("/api/v1/webhooks", headers=auth(t.branch, role), json=body)
            assert r.status_code == 403, role
        outsider = auth(t.other_province, "integration")
        assert (await m.client.post("/api/v1/webhooks", headers=outsider, json=body)).status_code == 404
        hook = await subscribe(m, t.branch, receiver.url, auth(t.district, "integration"))
        assert (await m.client.get(f"/api/v1/webhooks/{hook['id']}", headers=outsider)).status_code == 404
        assert (await m.client.get("/api/v1/webhooks", headers=outsider)).json()["items"] == []
        assert (await m.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=outsider)).status_code == 404
        for url, rule in (
            ("http://198.51.100.7/hook", "webhook.https_required"),
            ("https://10.0.0.8/hook", "webhook.target_not_public"),
            ("https://[::1]:8443/hook", "webhook.target_not_public"),
        ):
            r = await m.client.post("/api/v1/webhooks", headers=ADMIN, json={"org_id": t.branch, "url": url})
            assert (r.status_code, r.json()["rule"]) == (422, rule), url
        assert (await m.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=ADMIN)).status_code == 204


async def test_a_subscription_created_or_re_enabled_while_none_is_enabled_gets_its_deliveries(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, receiver: Receiver
) -> None:
    """The dispatcher skips its rounds while no subscription is enabled, reading that at most once per poll
    interval: here far longer than the wait below, so only this process's create and change make it look again."""
    async with services.run("membership", **{**FAST, "webhook_poll_seconds": 600}) as m:
        t = await tree_builder(m.client)
        await member_factory(m.client, t.branch)  # a commit while nothing is subscribed: the dispatcher learns so
        hook = await subscribe(m, t.branch, receiver.url)
        first = await member_factory(m.client, t.branch)
        delivered = await eventually(lambda: _first(receiver.delivered()), "the first delivery")
        assert verified(hook["secret"], [delivered])[0]["data"]["member_id"] == first["id"]

        async def patch(enabled: bool) -> None:
            etag = (await m.client.get(f"/api/v1/webhooks/{hook['id']}", headers=ADMIN)).headers["ETag"]
            r = await m.client.patch(
                f"/api/v1/webhooks/{hook['id']}", headers={**ADMIN, "If-Match": etag}, json={"enabled": enabled}
            )
            assert r.status_code == 200, r.text

        await patch(False)
        later = [await member_factory(m.client, t.branch)]
        await patch(True)
        later.append(await member_factory(m.client, t.branch))

        async def three() -> list[Any] | None:
            got = receiver.delivered()
            return got if len(got) >= 3 else None

        events = verified(hook["secret"], (await eventually(three, "the deliveries after re-enabling"))[1:])
        assert [e["data"]["member_id"] for e in events] == [x["id"] for x in later]
