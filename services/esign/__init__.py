"""The e-signature port and its adapters: the bot's own signing page (embedded) and DocuSign.

Only the port and the local adapter are imported here; `services.esign.docusign` imports the DocuSign
SDK and is loaded by the composition root when ESIGN=docusign.
"""

from services.esign.local import LocalEsign
from services.esign.port import (
    Esign,
    SigningError,
    SigningRequest,
    SigningSent,
    SigningTokenInfo,
)

__all__ = ["Esign", "LocalEsign", "SigningError", "SigningRequest", "SigningSent", "SigningTokenInfo"]
