"""The ND30 rules, one module per element of the document.

Importing this package registers every rule with :func:`vbgen.check.common.rule`; the import
order below is the order of :data:`vbgen.check.RULES` and of the findings, so keep it.
"""

from vbgen.check.rules import page, text, printed, header, marks, title, body, numbering, recipients  # noqa: F401, I001
from vbgen.check.rules import signature, page_numbers, appendix, tables  # noqa: F401, I001
from vbgen.check.rules import habits  # noqa: F401, I001  (notes last)
