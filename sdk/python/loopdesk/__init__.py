"""The official Python client for the Loopdesk helpdesk API."""

from ._version import __version__
from .client import Loopdesk
from .errors import LoopdeskError
from .pagination import Page
from .webhooks import WebhookVerificationError, verify_webhook

__all__ = ["Loopdesk", "LoopdeskError", "Page", "WebhookVerificationError", "verify_webhook", "__version__"]
