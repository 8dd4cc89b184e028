"""From an order to the upload request: each number with Microsoft's usage and its office's address."""

from __future__ import annotations

import hashlib

from services.domain.office import NumberUsage
from services.domain.order import Order
from services.preflight import upload_rows
from services.upload.port import CivicAddress, UploadNumber, UploadRequest


def build_request(order: Order) -> UploadRequest:
    """User numbers carry their office's civic address (for emergency calls) and location name."""
    offices = {office.id: office for entry in order.countries for office in entry.offices}
    numbers = []
    for row in upload_rows(order):
        office = offices[row.office_id]
        is_user = row.usage == NumberUsage.USER.upload_usage
        address = CivicAddress(**office.address.model_dump(exclude={"schema_version"})) if is_user else None
        location = (office.name or None) if is_user else None
        numbers.append(UploadNumber(number=row.number, usage=row.usage, country=row.country,
                                    civic_address=address, location=location))
    request_id = _request_id(order.id, [number.number for number in numbers])
    return UploadRequest(request_id=request_id, tenant_id=order.tenant_id, order_id=order.id, numbers=numbers)


def _request_id(order_id: str, numbers: list[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(numbers)).encode()).hexdigest()[:12]
    return f"{order_id}-{digest}"
