"""``vbgen import``: an office's own Word document (.docx, .odt, .doc, .txt) becomes vbgen content.

:mod:`source` reads a file into lines (Word's list labels resolved, TCVN3/VNI decoded),
:mod:`recognise` finds the parts of Nghị định 30/2020 in them by layout and text, :mod:`body`
turns the numbered body into the content model's items, :mod:`emit` writes the YAML (with
comments saying where each part came from) and the review, :mod:`run` puts them together.
"""
