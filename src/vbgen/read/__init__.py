"""Any .docx/.doc/.odt/.txt read into one logical document (list labels, indents, legacy encodings)."""
