"""The OOXML package, below rendering, checking and review: deterministic zip archives of
parts, the parsed package of a DOCX, WordprocessingML element helpers, and the located
paragraphs of a document's text. Knows nothing of workspaces or templates.
"""
