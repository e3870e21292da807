"""Tables for the incoming register, reporting obligations and timers (issue: incoming and reports)."""
