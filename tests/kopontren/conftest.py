import datetime

import pytest

from kopontren.models import ChangeRequest, Document
from tests import factories


@pytest.fixture
def coop_a_records(coop_a, pengurus_a):
    """coop_a with an officer, legal step, RAT year, document and change request."""
    officer = factories.officer(cooperative_obj=coop_a, phone="081298765432")
    event = factories.legal_event(
        cooperative_obj=coop_a, kind="akta", date=datetime.date(2024, 1, 10)
    )
    figures = factories.yearly_figures(cooperative_obj=coop_a, book_year=2024)
    document = Document.objects.create(
        cooperative=coop_a, kind="akta", title="Akta pendirian", file="uji/akta.pdf"
    )
    request = ChangeRequest.objects.create(
        cooperative=coop_a,
        target=ChangeRequest.Target.PROFILE,
        payload={"phone": "081111111111"},
        submitted_by=pengurus_a,
    )
    return {
        "officer": officer,
        "event": event,
        "figures": figures,
        "document": document,
        "request": request,
    }
