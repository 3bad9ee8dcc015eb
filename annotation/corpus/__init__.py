"""Across the corpus: search, the entity registry, and the project's progress in plots.

`search.py` finds every place a query occurs (or the spans that read it); `registry.py` matches
spans to the registry's entities and writes the registry out; `progress.py` gathers the
statistics view's figures and `plots.py` draws them (matplotlib, imported only when drawing).
"""
