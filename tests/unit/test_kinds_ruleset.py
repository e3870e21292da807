"""The rule set is chosen by the issuer's system and the drafting date (domain.md: rule sets by issue date)."""
from datetime import date

from service.domain.kinds import PARTY, STATE, ruleset_for


def test_seed_000_drafted_in_august_2025_follows_qd_66_and_hd_36():
    assert ruleset_for(PARTY, date(2025, 8, 7)) == "PARTY_66_36"


def test_party_documents_from_9_january_2026_follow_qd_399():
    assert ruleset_for(PARTY, date(2026, 1, 8)) == "PARTY_66_36"
    assert ruleset_for(PARTY, date(2026, 1, 9)) == "PARTY_399_05"


def test_state_documents_follow_nd_30_whatever_the_date():
    assert ruleset_for(STATE, date(2020, 3, 5)) == ruleset_for(STATE, date(2026, 5, 1)) == "STATE_ND30"
