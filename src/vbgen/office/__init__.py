"""The office: who may do what to which province's documents, where each document stands in
review, and the history of every change. Plain functions over files; it knows nothing of HTTP,
so the web workspace and the CLI call the same code."""
