"""Documents (contract PDFs): the port and its adapters (a local folder, Azure Blob Storage)."""

from services.documents.port import (
    Document,
    DocumentStore,
    InvalidDocumentName,
    validate_content_type,
    validate_name,
)

__all__ = ["Document", "DocumentStore", "InvalidDocumentName", "validate_content_type", "validate_name"]
