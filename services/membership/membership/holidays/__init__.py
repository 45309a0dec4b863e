"""The working-day calendar: public holidays and swapped working weekends, maintained through the API."""
