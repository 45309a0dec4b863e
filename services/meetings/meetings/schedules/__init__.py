"""Meeting kinds, the yearly plan, the meeting state machine, notice and duration flags."""
