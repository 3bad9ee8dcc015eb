"""Team annotation without a server (ADR 0008): analysts' projects merged into one team project,
each analyst's work a layer; agreement between them; adjudication into the project's own
annotations. One job per module: import from the module you need (`merge`, `agreement`,
`adjudication`, `review`, ...)."""
