"""Each branch's roster, kept from membership's member events: who was a member, exempt or away on a date."""
