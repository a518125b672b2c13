"""Stage 3, the protocol checks: rules registered with stable ids (`registry`) that read the
case data and the rendered text, and `run` that applies severities and waivers.

Rules live in `data`, `people`, `steps` and `timeline` (case data and settings), and in
`document`, `titles`, `countries`, `agreement` and `hygiene` (rendered DOCX text, read by
`reading`; text typed in the data is traced back to its line by `origin`). Points down to
`docgen.render`, `docgen.docx` and `docgen.workspace`; never to `docgen.build`.
"""
