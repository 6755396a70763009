"""Word output: text metrics, page layout, templates, rendering and zip packaging of the .docx."""
