"""verify_webhook against signatures made by other implementations."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import io
import time
import unittest

from loopdesk import WebhookVerificationError, verify_webhook

# From the Standard Webhooks specification's own test suite (made with its libraries).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
SPEC_BODY = '{"test": 2432232314}'

BODY_ONLY = "loopdesk-signature"

# Made by the desk's own signing code (lib/webhooks/signature.ts), for a generated `whsec_` secret
# and for a secret an admin chose; the body has non-ASCII text, signed as UTF-8.
DESK_BODY = '{"id":4711,"event":"ticket.created","timestamp":"2025-08-23T12:30:00Z","data":{"ticket":{"id":78902,"subject":"Café ☕ printer"}}}'
GENERATED_SECRET = "whsec_b7jm+is2VrKquMgahEdn47pCNrXIz7Li"
CHOSEN_SECRET = "a-secret-an-admin-chose-of-40-characters"
DESK_SIGNATURES = {
    GENERATED_SECRET: (
        "sha256=9686ffe26ea1cb6878f7d7686d3d78934e8fd037779c976d29a75ef91784e0a2",
        "v1,UUPm27DJf45wUGB5JdCb/QdxVdgtLDrkoRxqOGpkhV0=",
    ),
    CHOSEN_SECRET: (
        "sha256=32064f8a26c12ad87eea8bb3059f114237f8a1f4104144946c2f95a0cbfc54b7",
        "v1,RUXWYIVjUFSFAQQiYgrMjwadHsA6Sj1h9rch70w1qHM=",
    ),
}


def desk_headers(secret: str, scheme: str) -> dict:
    reference, standard = DESK_SIGNATURES[secret]
    if scheme == "reference":
        return {"X-Loopdesk-Signature": reference, "X-Loopdesk-Timestamp": "1756035000"}
    return {"webhook-id": "812", "webhook-timestamp": "1756035000", "webhook-signature": standard}


class StandardSchemeTest(unittest.TestCase):
    def test_accepts_the_specifications_test_vector(self) -> None:
        self.assertEqual(verify_webhook(SPEC_BODY, SPEC_HEADERS, SPEC_SECRET, tolerance=None), {"test": 2432232314})

    def test_refuses_the_test_vector_as_stale_with_a_tolerance(self) -> None:
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-timestamp"):
            verify_webhook(SPEC_BODY, SPEC_HEADERS, SPEC_SECRET, tolerance=300)

    def test_accepts_the_desks_signatures_for_both_kinds_of_secret(self) -> None:
        for secret in (GENERATED_SECRET, CHOSEN_SECRET):
            with self.subTest(secret=secret):
                event = verify_webhook(DESK_BODY.encode("utf-8"), desk_headers(secret, "standard"), secret, tolerance=None)
                self.assertEqual(event["data"]["ticket"]["subject"], "Café ☕ printer")

    def test_finds_the_matching_signature_among_several_and_skips_other_versions(self) -> None:
        headers = dict(SPEC_HEADERS, **{"webhook-signature": "v2,abc v1,bm90IGl0 " + SPEC_HEADERS["webhook-signature"]})
        self.assertEqual(verify_webhook(SPEC_BODY, headers, SPEC_SECRET, tolerance=None), {"test": 2432232314})

    def test_refuses_a_tampered_body_a_wrong_secret_and_a_changed_id(self) -> None:
        cases = {
            "body": (SPEC_BODY.replace("2432232314", "2432232315"), SPEC_HEADERS, SPEC_SECRET),
            "secret": (SPEC_BODY, SPEC_HEADERS, "whsec_" + "A" * 32),
            "id": (SPEC_BODY, dict(SPEC_HEADERS, **{"webhook-id": "msg_other"}), SPEC_SECRET),
        }
        for name, (body, headers, secret) in cases.items():
            with self.subTest(changed=name), self.assertRaisesRegex(WebhookVerificationError, "webhook-signature"):
                verify_webhook(body, headers, secret, tolerance=None)

    def test_needs_the_id_and_timestamp_headers(self) -> None:
        headers = {"webhook-signature": SPEC_HEADERS["webhook-signature"], "webhook-timestamp": "1614265330"}
        with self.assertRaises(WebhookVerificationError):
            verify_webhook(SPEC_BODY, headers, SPEC_SECRET, tolerance=None)

    def test_reads_a_repeated_webhook_signature_header_joined_with_commas(self) -> None:
        joined = SPEC_HEADERS["webhook-signature"] + ", v1,bm90IGl0"
        headers = dict(SPEC_HEADERS, **{"webhook-signature": joined})
        self.assertEqual(verify_webhook(SPEC_BODY, headers, SPEC_SECRET, tolerance=None), {"test": 2432232314})

    def test_reads_every_copy_of_a_repeated_header_in_a_parsed_message(self) -> None:
        # As http.server hands them over: an HTTPMessage, whose items() lists each copy.
        raw = "".join(f"{name}: {value}\r\n" for name, value in SPEC_HEADERS.items()) + "webhook-signature: v1,bm90IGl0\r\n\r\n"
        message = http.client.parse_headers(io.BytesIO(raw.encode("ascii")))
        self.assertEqual(verify_webhook(SPEC_BODY, message, SPEC_SECRET, tolerance=None), {"test": 2432232314})


class StandardSchemeByDefaultTest(unittest.TestCase):
    """A captured delivery stripped of its webhook-* headers must not pass on its body-only signature."""

    def captured_then_stripped(self) -> dict:
        headers = {**desk_headers(CHOSEN_SECRET, "reference"), **desk_headers(CHOSEN_SECRET, "standard")}
        stripped = {name: value for name, value in headers.items() if not name.startswith("webhook-")}
        # X-Loopdesk-Timestamp is not signed: the attacker sets it to now.
        stripped["X-Loopdesk-Timestamp"] = str(int(time.time()))
        return stripped

    def test_refuses_a_replay_that_carries_only_x_loopdesk_signature(self) -> None:
        for tolerance in (300, None):
            with self.subTest(tolerance=tolerance), self.assertRaisesRegex(WebhookVerificationError, "webhook-id"):
                verify_webhook(DESK_BODY, self.captured_then_stripped(), CHOSEN_SECRET, tolerance=tolerance)

    def test_refuses_a_request_missing_any_standard_header(self) -> None:
        for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
            headers = {**desk_headers(CHOSEN_SECRET, "reference"), **desk_headers(CHOSEN_SECRET, "standard")}
            del headers[missing]
            with self.subTest(missing=missing), self.assertRaisesRegex(WebhookVerificationError, missing):
                verify_webhook(DESK_BODY, headers, CHOSEN_SECRET, tolerance=None)

    def test_accepts_the_body_only_signature_when_the_caller_opts_in(self) -> None:
        event = verify_webhook(DESK_BODY, self.captured_then_stripped(), CHOSEN_SECRET, scheme=BODY_ONLY)
        self.assertEqual(event["id"], 4711)

    def test_standard_is_the_default_scheme_and_may_be_named(self) -> None:
        self.assertEqual(verify_webhook(SPEC_BODY, SPEC_HEADERS, SPEC_SECRET, tolerance=None, scheme="standard"), {"test": 2432232314})
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-id"):
            verify_webhook(DESK_BODY, self.captured_then_stripped(), CHOSEN_SECRET, scheme="standard")

    def test_refuses_an_unknown_scheme(self) -> None:
        with self.assertRaisesRegex(ValueError, "scheme"):
            verify_webhook(SPEC_BODY, SPEC_HEADERS, SPEC_SECRET, tolerance=None, scheme="x-loopdesk-signature")


class LoopdeskSignatureSchemeTest(unittest.TestCase):
    def test_accepts_the_desks_signature_for_both_kinds_of_secret(self) -> None:
        for secret in (GENERATED_SECRET, CHOSEN_SECRET):
            with self.subTest(secret=secret):
                event = verify_webhook(DESK_BODY, desk_headers(secret, "reference"), secret, scheme=BODY_ONLY)
                self.assertEqual(event["id"], 4711)

    def test_accepts_the_previous_signature_during_a_rotation(self) -> None:
        headers = {
            "X-Loopdesk-Signature": DESK_SIGNATURES[CHOSEN_SECRET][0],
            "X-Loopdesk-Signature-Previous": DESK_SIGNATURES[GENERATED_SECRET][0],
        }
        self.assertEqual(verify_webhook(DESK_BODY, headers, GENERATED_SECRET, scheme=BODY_ONLY)["id"], 4711)

    def test_reads_a_repeated_signature_header_joined_with_commas(self) -> None:
        headers = {"X-Loopdesk-Signature": "sha256=" + "0" * 64 + ", " + DESK_SIGNATURES[CHOSEN_SECRET][0]}
        self.assertEqual(verify_webhook(DESK_BODY, headers, CHOSEN_SECRET, scheme=BODY_ONLY)["id"], 4711)

    def test_refuses_a_tampered_body_and_a_wrong_secret(self) -> None:
        headers = desk_headers(GENERATED_SECRET, "reference")
        with self.assertRaisesRegex(WebhookVerificationError, "X-Loopdesk-Signature"):
            verify_webhook(DESK_BODY.replace("78902", "78903"), headers, GENERATED_SECRET, scheme=BODY_ONLY)
        with self.assertRaisesRegex(WebhookVerificationError, "X-Loopdesk-Signature"):
            verify_webhook(DESK_BODY, headers, CHOSEN_SECRET, scheme=BODY_ONLY)

    def test_needs_x_loopdesk_signature(self) -> None:
        with self.assertRaisesRegex(WebhookVerificationError, "X-Loopdesk-Signature"):
            verify_webhook(DESK_BODY, desk_headers(CHOSEN_SECRET, "standard"), CHOSEN_SECRET, scheme=BODY_ONLY)


class MalformedHeadersTest(unittest.TestCase):
    """Whatever a header holds, the answer is WebhookVerificationError, never a crash."""

    def test_refuses_non_ascii_and_unencodable_standard_headers(self) -> None:
        cases = {
            "webhook-signature": ["v1,é", "v1,☕☕☕", "v1,\udcff"],
            "webhook-id": ["é", "\ud800"],
            "webhook-timestamp": ["١٦١٤٢٦٥٣٣٠", "\udcff", " 1614265330", "1_614_265_330"],
        }
        for name, values in cases.items():
            for value in values:
                headers = dict(SPEC_HEADERS, **{name: value})
                for tolerance in (None, 10**10):
                    with self.subTest(header=name, value=value, tolerance=tolerance):
                        with self.assertRaises(WebhookVerificationError):
                            verify_webhook(SPEC_BODY, headers, SPEC_SECRET, tolerance=tolerance)

    def test_refuses_non_ascii_loopdesk_signatures(self) -> None:
        for value in ("sha256=é", "sha256=" + "é" * 64, "\udcff"):
            for name in ("X-Loopdesk-Signature", "X-Loopdesk-Signature-Previous"):
                headers = {"X-Loopdesk-Signature": DESK_SIGNATURES[GENERATED_SECRET][0], name: value}
                with self.subTest(header=name, value=value), self.assertRaises(WebhookVerificationError):
                    verify_webhook(DESK_BODY, headers, CHOSEN_SECRET, scheme=BODY_ONLY)


class HeadersAndSecretsTest(unittest.TestCase):
    def test_looks_headers_up_in_any_case(self) -> None:
        shouted = {name.upper(): value for name, value in SPEC_HEADERS.items()}
        self.assertEqual(verify_webhook(SPEC_BODY, shouted, SPEC_SECRET, tolerance=None), {"test": 2432232314})

    def test_checks_only_the_standard_signature_by_default(self) -> None:
        headers = {**desk_headers(CHOSEN_SECRET, "reference"), **desk_headers(CHOSEN_SECRET, "standard")}
        headers["webhook-signature"] = "v1,bm90IHRoZSBzaWduYXR1cmU="
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-signature"):
            verify_webhook(DESK_BODY, headers, CHOSEN_SECRET, tolerance=None)

    def test_accepts_any_of_several_secrets(self) -> None:
        for scheme in ("reference", "standard"):
            with self.subTest(scheme=scheme):
                headers = desk_headers(CHOSEN_SECRET, scheme)
                options = {"scheme": BODY_ONLY} if scheme == "reference" else {"tolerance": None}
                event = verify_webhook(DESK_BODY, headers, ["whsec_" + "B" * 32, CHOSEN_SECRET], **options)
                self.assertEqual(event["event"], "ticket.created")

    def test_refuses_a_request_without_signature_headers(self) -> None:
        for options in ({}, {"scheme": BODY_ONLY}):
            with self.subTest(**options), self.assertRaises(WebhookVerificationError):
                verify_webhook(DESK_BODY, {"Content-Type": "application/json"}, CHOSEN_SECRET, **options)

    def test_agrees_with_the_references_own_python_verifier(self) -> None:
        # The function from the API reference, as published.
        def verify_webhook_signature(payload: str, signature: str, secret: str) -> bool:
            expected_signature = hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).hexdigest()
            return hmac.compare_digest(f"sha256={expected_signature}", signature)

        signature = DESK_SIGNATURES[CHOSEN_SECRET][0]
        cases = [(DESK_BODY, signature), (DESK_BODY, "sha256=" + "0" * 64), (DESK_BODY + " ", signature)]
        for body, given in cases:
            with self.subTest(body=body[-10:], signature=given[:12]):
                ours = self._accepts(body, {"X-Loopdesk-Signature": given}, CHOSEN_SECRET)
                self.assertEqual(ours, verify_webhook_signature(body, given, CHOSEN_SECRET))
        self.assertTrue(self._accepts(DESK_BODY, {"X-Loopdesk-Signature": signature}, CHOSEN_SECRET))

    def _accepts(self, body: str, headers: dict, secret: str) -> bool:
        try:
            verify_webhook(body, headers, secret, scheme=BODY_ONLY)
            return True
        except WebhookVerificationError:
            return False


if __name__ == "__main__":
    unittest.main()
