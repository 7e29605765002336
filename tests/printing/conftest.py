"""Fixtures for print tests: a small project with a known public and a private talent."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from assetmap.store import Actor

SECRET_CONTACT = "geheim-0612345678@example.org"
PRIVATE_NAME = "Verborgen Talent Xylofoon"
PUBLIC_TALENT = "Zichtbaar Talent Fietsen"


@pytest.fixture
def printable(project):
    """The two-buurten project with places in every layer, one public talent (with contact)
    and one talent only for facilitators."""
    a = Actor.system()
    project.add("meeting_places", {"name": "Buurthuis De Kom", "kind": "buurthuis",
                                   "description": "Koffie op dinsdag",
                                   "geometry": Point(5.004, 52.004)}, actor=a, status="approved")
    project.add("meeting_places", {"name": "Bibliotheek Noord", "kind": "bibliotheek",
                                   "geometry": Point(5.006, 52.006)}, actor=a, status="approved")
    project.add("associations", {"name": "Schaakclub Zuid", "activities": "Schaken",
                                 "contact": "club@example.org",
                                 "geometry": Point(5.015, 52.005)}, actor=a, status="approved")
    project.add("entrepreneurs", {"name": "Bakkerij Brood", "offers": "Brood voor feesten",
                                  "contact": "bakker@example.org",
                                  "geometry": Point(5.016, 52.007)}, actor=a, status="approved")
    project.add("talents", {"name": PUBLIC_TALENT, "display_name": "Henk",
                            "gifts_hand": "Fietsen repareren", "visibility": "public",
                            "contact": SECRET_CONTACT, "consent_at": "2026-10-01T19:30:00Z",
                            "geometry": Point(5.005, 52.002)}, actor=a, status="approved")
    project.add("talents", {"name": PRIVATE_NAME, "display_name": "Anna",
                            "gifts_hand": "Xylofoon spelen", "visibility": "facilitators",
                            "geometry": Point(5.006, 52.002)}, actor=a, status="approved")
    project.add("meeting_places", {"name": "Nog niet goedgekeurd", "kind": "overig",
                                   "geometry": Point(5.007, 52.007)}, actor=a,
                status="pending")
    return project
