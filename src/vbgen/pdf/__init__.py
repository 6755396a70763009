"""PDF: the warm LibreOffice pool (:mod:`~vbgen.pdf.pool`, driving :mod:`~vbgen.pdf.worker` over
UNO), the .docx → PDF export (:mod:`~vbgen.pdf.export`) and what both share
(:mod:`~vbgen.pdf.common`). Sits above content/ooxml and below every package that makes or
checks documents; it knows nothing of batches, the web or the command line."""
