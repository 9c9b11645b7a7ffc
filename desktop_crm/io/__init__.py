"""Excel and CSV: reading files others wrote, understanding their columns and cells, importing
them as customers, purchases or care events, and writing field sheets that come back.

No Qt here; long work reports through ``progress(done, total, stage)`` callbacks and stops when
``should_stop()`` says so.
"""
