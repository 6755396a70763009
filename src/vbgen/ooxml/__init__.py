"""The only place in vbgen that touches raw WordprocessingML (lxml elements, ``w:`` tags).

``read`` turns a python-docx document into plain records for the checker; ``write`` holds
the few XML-level edits the generator needs. Everything else uses python-docx proxies.
"""
