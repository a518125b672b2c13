"""PDF output, above the build: the warm LibreOffice converter and its UNO worker, reading and
assembling PDFs, the council and SCI packets, and the fillable request form with intake.
"""
