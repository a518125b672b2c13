"""Stage 4, the build: the orchestrator (`run`), its targets and requests, staleness and its
reasons, the recorded state, parallel rendering, the checks stage of a build, and watch.

Points down to `docgen.checks`, `docgen.render`, `docgen.docx` and `docgen.workspace`.
"""
