"""Customer cards and reports on paper: PDF files and printers.

Qt's GUI module is allowed here (QTextDocument, QPdfWriter, QPainter, QPrinter); widgets are not.
"""
