"""Offline evaluation: question sets (JSON Lines) → the assistant → results.jsonl, summary.json, report.html.

``questions`` parses and validates sets, ``runner`` drives ``services.assistant`` (through ``dryrun``, so no
ticket or chat session is written), ``metrics`` holds the pure metric functions, ``report`` renders the HTML page,
``compare`` diffs two runs, ``feedback`` exports rated and counsellor-reviewed answers as a question set.
"""
