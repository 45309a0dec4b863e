"""The roster at a date, recorded attendance, the good-meeting test and absence alerts."""
