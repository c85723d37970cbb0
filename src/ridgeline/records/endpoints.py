"""HTTP route of a customer's whole record: profile, orders, cases, cards, credit decisions."""

from __future__ import annotations

from fastapi import APIRouter

from ridgeline.cases import repository as cases_repo
from ridgeline.cases.schemas import CaseOut
from ridgeline.customers import repository
from ridgeline.customers.schemas import CardOut, CreditDecisionOut
from ridgeline.http.deps import Caller, ReadSession, can_see_customer
from ridgeline.kit.errors import NotFoundError
from ridgeline.lending import repository as lending_repo
from ridgeline.lending.schemas import OrderOut
from ridgeline.records.schemas import CustomerOut

router = APIRouter(prefix="/api/v1/customers", tags=["records"])


@router.get("/{customer_id}", response_model=CustomerOut)
def get_customer(customer_id: str, session: ReadSession, caller: Caller) -> CustomerOut:
    """Return a customer's profile with orders, cases, cards and credit decisions."""
    customer = (
        repository.get(session, customer_id) if can_see_customer(caller, customer_id) else None
    )
    if customer is None:
        raise NotFoundError("customer", customer_id)
    return CustomerOut(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        address=customer.address,
        market=customer.market,
        language=customer.language,
        created_at=customer.created_at,
        status=customer.status,
        locked=customer.locked,
        orders=[OrderOut.of(o) for o in lending_repo.orders_of(session, customer_id)],
        cases=[CaseOut.of(c) for c in cases_repo.for_customer(session, customer_id)],
        cards=[CardOut.of(card) for card in customer.cards],
        credit_decisions=[
            CreditDecisionOut.of(d) for d in repository.credit_decisions(session, customer_id)
        ],
        conversations=[],
    )
