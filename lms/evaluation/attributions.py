"""Which department a completer counts for: a rule setting (see selectors' module docstring)."""

ATTRIBUTIONS = {"reference_date": "기준일 소속", "at_completion": "이수 당시 소속"}
