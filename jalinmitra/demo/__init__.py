"""Demo data for Kota Metro's partnership programme (`python manage.py demo`).

- ``data``: the programme as plain data (logins, officials, product lines, partners);
- ``specs``: deterministic business specs generated from that data and a seed;
- ``load``: creates what is missing through the service functions.

To add a section (events, agreements, ...), add its data to ``data``, a
generator seeded with ``specs.section_rng(seed, "<section>")``, and a
``<section>_load(report, ...)`` function called from ``load.demo_load``.
"""
