"""The only place in vbgen that touches raw WordprocessingML (lxml elements, ``w:`` tags).

The read side turns a .docx into plain records for the checker: :mod:`.fastread` opens the
package, :mod:`.walker` walks the body, :mod:`.styles` and :mod:`.numbering` resolve
formatting the way Word does, :mod:`.properties` reads single ``w:pPr``/``w:rPr`` elements,
:mod:`.records` holds what comes out and :mod:`.names` the tag names. ``write`` holds the
few XML-level edits the generator needs. Everything else uses python-docx proxies.
"""
