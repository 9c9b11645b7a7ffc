"""The PySide6 GUI. Talks to the core only through the ``Crm`` facade.

Qt is imported here, in ``desktop_crm.printing`` and nowhere else; the core
(models, db, services, io) runs without it.
"""
