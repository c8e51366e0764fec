"""WhatsApp: the click-to-chat link that always works, and the optional gateway backend.

The gateway is an interface (`WhatsAppBackend.send`); `HttpGateway` posts JSON to the
endpoint in settings with a bearer token, the way Indonesian gateway services take it. Off
unless ``WHATSAPP_GATEWAY_URL`` is set."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Protocol
from urllib.parse import quote

from django.conf import settings

from jalinmitra.core.identifiers import normalize_whatsapp


class GatewayError(Exception):
    pass


class WhatsAppBackend(Protocol):
    def send(self, *, phone: str, text: str) -> str:
        """Send `text` to `phone` (62...); return the gateway's message id or raise
        GatewayError."""
        ...


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, None) or os.environ.get(name, default))


class HttpGateway:
    def __init__(self, url: str, token: str, timeout: float = 10) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, phone: str, text: str) -> str:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"to": phone, "text": text}).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = response.read(10_000)
        except urllib.error.HTTPError as e:
            raise GatewayError(f"HTTP {e.code}") from e
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            raise GatewayError(str(e)[:200]) from e
        try:
            return str(json.loads(payload or b"{}").get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def gateway() -> WhatsAppBackend | None:
    url = _setting("WHATSAPP_GATEWAY_URL")
    if not url:
        return None
    return HttpGateway(url, _setting("WHATSAPP_GATEWAY_TOKEN"))


def gateway_retries() -> int:
    return int(_setting("WHATSAPP_GATEWAY_RETRIES", "3"))


def gateway_backoff() -> float:
    return float(_setting("WHATSAPP_GATEWAY_BACKOFF", "2"))


def phone_international(value: object) -> str:
    """``"0812-3456-7890"`` → ``"6281234567890"`` (the form wa.me and gateways take);
    ValueError with the reason for a number that is not an Indonesian mobile."""
    return normalize_whatsapp(value)[1:]


def click_to_chat(phone: str, text: str) -> str:
    return f"https://wa.me/{phone}?text={quote(text)}"
