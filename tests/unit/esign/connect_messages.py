"""DocuSign Connect messages as Connect sends them (JSON, SIM), signed with Connect keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

KEY_1 = "k7Jb5Yq0mVUw9b0HqJQ2cHh2bN1Xz3fS9R8rT5uW7yE="
KEY_2 = "second-connect-key-used-while-rotating"


def connect_body(envelope_id: str = "8d2c1b3a-0f4e-4b6a-9c7d-1e2f3a4b5c6d", *, order_id: str = "a" * 32,
                 tenant_id: str = "11111111-1111-1111-1111-111111111111", status: str = "completed",
                 signer: str = "Grace Hopper", completed: str = "2026-12-07T10:15:30.1234567Z",
                 retry: int = 0) -> bytes:
    summary: dict[str, Any] = {
        "status": status, "emailSubject": "Please sign", "envelopeId": envelope_id,
        "recipients": {"signers": [{"name": signer, "email": "grace@contoso.com", "recipientId": "1",
                                    "status": "completed" if status == "completed" else "sent",
                                    "signedDateTime": completed}]},
        "customFields": {"textCustomFields": [{"fieldId": "1", "name": "order_id", "value": order_id},
                                              {"fieldId": "2", "name": "tenant_id", "value": tenant_id}]},
    }
    if status == "completed":
        summary["completedDateTime"] = completed
    message = {"event": f"envelope-{status}", "apiVersion": "v2.1", "retryCount": retry,
               "uri": f"/restapi/v2.1/accounts/acc/envelopes/{envelope_id}", "configurationId": 10418,
               "generatedDateTime": "2026-12-07T10:15:31.0000000Z",
               "data": {"accountId": "acc", "userId": "user", "envelopeId": envelope_id,
                        "envelopeSummary": summary}}
    return json.dumps(message).encode()


def sign(body: bytes, *keys: str) -> dict[str, str]:
    """The `X-DocuSign-Signature-n` headers Connect sends for `body`, one per key."""
    return {f"X-DocuSign-Signature-{index}":
            base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()
            for index, key in enumerate(keys, start=1)}
